/**
 * inventory, downtime-flow and graph: the seed guide's manual steps as commands, against the stand-in
 * (which also serves Flex Flows, Conversations addresses and incoming numbers) through the real twilio package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatInventory } from '../src/commands/inventory.js';
import type { Inventory } from '../src/migration/inventory.js';
import { fixtureFlow, ROOT, runCliInProcess, tempDir } from './helpers.js';
import { ACCOUNT_SID, StudioApiStandIn } from './support/studio-api.js';

let api: StudioApiStandIn;
let dir: string;

const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: api.env(env) });

beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  dir = tempDir();
});
afterEach(async () => api.stop());

describe('inventory', () => {
  function account() {
    const sms = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    const webchat = api.addFlow('Webchat', fixtureFlow('webchat-pre-engagement'));
    const migrated = api.addFlow('Conversations', fixtureFlow('conversations-migrated'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
    const fixable = api.addFlow('Fixable', fixtureFlow('chat-sms-to-flex'));
    // Make "Fixable" fixable by --fix alone: drop what needs a person.
    const def = api.latest(fixable).definition as { states: { properties: Record<string, unknown> }[] };
    def.states[2]!.properties.body = 'You will not get more messages.';
    def.states[3]!.properties.body = 'What is your order number?';
    def.states[4]!.properties.attributes = '{"channelSid": "{{trigger.message.ChannelSid}}"}';
    api.flexFlows.push(
      { sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS legacy', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: sms, retry_count: 1 } },
      { sid: 'FO00000000000000000000000000000002', friendly_name: 'Webchat legacy', channel_type: 'web', contact_identity: 'webchat', integration_type: 'studio', integration: { flow_sid: webchat } },
      { sid: 'FO00000000000000000000000000000003', friendly_name: 'Messenger legacy', channel_type: 'facebook', contact_identity: 'messenger:1234', integration_type: 'external', integration: { url: 'https://example.com/hook' } },
      { sid: 'FO00000000000000000000000000000004', friendly_name: 'Second SMS', channel_type: 'sms', contact_identity: '+15550000002', integration_type: 'studio', integration: { flow_sid: sms } },
      { sid: 'FO00000000000000000000000000000005', friendly_name: 'Fixable SMS', channel_type: 'sms', contact_identity: '+15550000005', integration_type: 'studio', integration: { flow_sid: fixable } },
    );
    api.addresses.push({ sid: 'IG00000000000000000000000000000001', type: 'sms', address: '+15550000002', friendly_name: 'new', auto_creation: { enabled: true, type: 'studio', studio_flow_sid: migrated, studio_retry_count: 3 } });
    api.numbers.push({ sid: 'PN00000000000000000000000000000001', phone_number: '+15550000009', sms_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${sms}` });
    // "Review" is Fixable with a read of From, whose rename is an unsafe fix (sources disagree on From).
    const review = api.addFlow('Review', fixtureFlow('chat-sms-to-flex'));
    const reviewDef = api.latest(review).definition as { states: { properties: Record<string, unknown> }[] };
    reviewDef.states[2]!.properties.body = 'You will not get more messages.';
    reviewDef.states[3]!.properties.body = 'What is your order number, {{trigger.message.From}}?';
    reviewDef.states[4]!.properties.attributes = '{"channelSid": "{{trigger.message.ChannelSid}}"}';
    api.flexFlows.push({ sid: 'FO00000000000000000000000000000006', friendly_name: 'Review SMS', channel_type: 'sms', contact_identity: '+15550000006', integration_type: 'studio', integration: { flow_sid: review } });
    return { sms, webchat, migrated, fixable, review };
  }

  it('maps addresses, numbers and flows, with lint status, flags and an order (json)', async () => {
    const { sms, webchat, migrated, fixable, review } = account();
    const run = await cli(['inventory', '--format', 'json']);
    expect(run.status).toBe(0);
    const inv = JSON.parse(run.stdout) as {
      flows: { sid: string; friendlyName: string; state: string; rules: string[]; legacyAddresses: unknown[]; numbers: unknown[]; conversationsAddresses: unknown[] }[];
      flags: string[];
      order: string[];
    };
    const bySid = (sid: string) => inv.flows.find((f) => f.sid === sid)!;
    // Its move is unsafe (it reads To and From), so --fix leaves all three rules.
    expect(bySid(sms)).toMatchObject({ state: 'needs-human', rules: ['no-incoming-message-trigger', 'no-message-trigger-variable', 'no-unavailable-trigger-variable'] });
    expect(bySid(sms).legacyAddresses).toHaveLength(2);
    expect(bySid(sms).numbers).toHaveLength(1);
    expect(bySid(fixable)).toMatchObject({ state: 'fixable', rules: ['no-incoming-message-trigger', 'no-message-trigger-variable'] });
    // What --fix leaves, --fix --unsafe-fixes finishes: a person reviews the change rather than writes it.
    expect(bySid(review)).toMatchObject({ state: 'fixable-unsafe', rules: ['no-incoming-message-trigger', 'no-message-trigger-variable'] });
    expect(bySid(migrated)).toMatchObject({ state: 'migrated', rules: [] });
    expect(bySid(migrated).conversationsAddresses).toHaveLength(1);
    expect(inv.flows.find((f) => f.friendlyName === 'Voice IVR')).toMatchObject({ state: 'not-messaging' });
    expect([...inv.flags].sort()).toEqual([
      "+15550000002 is on Programmable Chat (legacy address 'Second SMS') and on Conversations (sms address IG00000000000000000000000000000001): a number cannot be on both; delete the legacy address first",
      "legacy address 'Webchat legacy' is of channel type 'web', which is 'chat' under Conversations: check the flow's channel comparisons (your own channel_type attribute keeps its values; Source does not)",
      "legacy address 'Messenger legacy' (facebook messenger:1234) uses integration type 'external', which Conversations addresses do not support: it needs a Studio flow",
      "legacy address 'Messenger legacy' is of channel type 'facebook', which is 'messenger' under Conversations: check the flow's channel comparisons (your own channel_type attribute keeps its values; Source does not)",
      "'Inbound SMS' serves 3 addresses and numbers: migrate them together",
    ].sort());
    // Simplest first: fixable before needing a person, then fewer rules left for a person (both Chat-era flows'
    // moves are unsafe: three rules each), then fewer addresses (webchat has one, Inbound SMS three).
    expect(bySid(webchat)).toMatchObject({ state: 'needs-human', rules: ['no-incoming-message-trigger', 'no-message-trigger-variable', 'no-whole-trigger-reference'] });
    expect(inv.order).toEqual([fixable, review, webchat, sms]);
    // The migrated flow is in the migration but not in the order: the inventory says why.
    expect((inv as unknown as { notInOrder: unknown }).notInOrder).toEqual([
      { sid: migrated, reason: 'no legacy address or number of the account starts it, so nothing moves with it (a Conversations address already starts it); it is migrated' },
    ]);
    // Read-only.
    expect(api.posts()).toEqual([]);
  });

  it('prints a table and Markdown', async () => {
    account();
    const table = await cli(['inventory']);
    expect(table.stdout).toMatch(/^Inbound SMS +FW\d+ +needs a human \(no-incoming-message-trigger, no-message-trigger-variable, no-unavailable-trigger-variable\) +legacy sms \+15550000001; legacy sms \+15550000002; number \+15550000009$/m);
    expect(table.stdout).toMatch(/^Review +FW\d+ +fixable by --fix --unsafe-fixes, to review \(no-incoming-message-trigger, no-message-trigger-variable\) +legacy sms \+15550000006$/m);
    expect(table.stdout).toMatch(/Proposed order \(one Studio flow at a time, simplest first\)\n\n1\. Fixable \(FW\d+\)\n2\. Review \(FW\d+\)\n3\. Webchat \(FW\d+\)\n4\. Inbound SMS/);
    expect(table.stdout).toMatch(/\nIn the migration, not in the order\n\n- Conversations \(FW\d+\): no legacy address or number of the account starts it/);

    // On a terminal of 80 columns the table (rows of 150 and more) becomes a block per flow, wrapped to it.
    const inventory = JSON.parse((await cli(['inventory', '--format', 'json'])).stdout) as Inventory;
    const wide = formatInventory(inventory, 'table');
    expect(Math.max(...wide.split('\n').map((l) => l.length))).toBeGreaterThan(150);
    const narrow = formatInventory(inventory, 'table', 80);
    expect(narrow.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(narrow).toMatch(/^Inbound SMS \(FW\d+\)\n {2}lint status {5}needs a human \(no-incoming-message-trigger,\n {18}no-message-trigger-variable, no-unavailable-trigger-variable\)\n {2}moves together {2}legacy sms \+15550000001; legacy sms \+15550000002; number\n {18}\+15550000009$/m);
    // A terminal wide enough keeps the table and the lists as they are.
    expect(formatInventory(inventory, 'table', 400)).toBe(wide);
    const md = await cli(['inventory', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^\| flow \| sid \| lint status \| moves together \|$/m);
    expect((await cli(['inventory', '--format', 'xml'])).status).toBe(2);
  });

  it('a plain SMS flow on a number’s webhook is outside the migration, not migrated, and not in the order', async () => {
    // Programmable Messaging keeps firing Incoming Message there (migration-semantics §1): moving it to
    // Conversations would leave the number with nothing that runs the flow.
    const plain = api.addFlow('SMS auto-responder', fixtureFlow('sms-autoresponder'));
    const migrated = api.addFlow('Conversations', fixtureFlow('conversations-migrated'));
    api.numbers.push(
      { sid: 'PN00000000000000000000000000000001', phone_number: '+15550000009', sms_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${plain}` },
      { sid: 'PN00000000000000000000000000000002', phone_number: '+15550000008', sms_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${migrated}` },
    );
    const run = await cli(['inventory', '--format', 'json']);
    expect(run.status).toBe(0);
    const inv = JSON.parse(run.stdout) as { flows: { sid: string; state: string }[]; order: string[] };
    expect(inv.flows.find((f) => f.sid === plain)).toMatchObject({ state: 'not-in-migration' });
    expect(inv.flows.find((f) => f.sid === migrated)).toMatchObject({ state: 'migrated' });
    expect(inv.order).toEqual([migrated]);
    const table = await cli(['inventory']);
    expect(table.stdout).toMatch(/^SMS auto-responder +FW\d+ +not in the migration \(Incoming Message only, no Flex\) +number \+15550000009$/m);
  });
});

describe('downtime-flow', () => {
  it('prints a definition Studio accepts: Incoming Message to a Send Message with the text', async () => {
    const run = await cli(['downtime-flow', '--message', 'Back at 6pm.']);
    const definition = JSON.parse(run.stdout) as { states: { name: string; type: string; transitions: { next?: string; event: string }[]; properties: { body?: string } }[] };
    expect(definition.states[0]!.transitions[0]).toEqual({ next: 'send_downtime_message', event: 'incomingMessage' });
    expect(definition.states[1]).toMatchObject({ type: 'send-message', properties: { body: 'Back at 6pm.' } });
    const file = path.join(dir, 'down.json');
    writeFileSync(file, run.stdout);
    const lint = await runCliInProcess(['-f', 'json', '--rule', 'no-incoming-message-trigger:off', file]);
    expect(lint.status).toBe(0);
  });

  it('--create validates and creates it, published, and prints its SID and webhook URL', async () => {
    const run = await cli(['downtime-flow', '--create', '--out', 'down.json']);
    expect(run.status).toBe(0);
    const sid = [...api.flows.keys()][0]!;
    expect(run.stdout).toContain(`created ${sid} 'Downtime (Flex Conversations migration)'`);
    expect(run.stdout).toContain(`https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${sid}`);
    expect(api.posts().map((r) => r.path)).toEqual(['/v2/Flows/Validate', '/v2/Flows']);
    expect(api.latest(sid).status).toBe('published');
    expect(JSON.parse(readFileSync(path.join(dir, 'down.json'), 'utf8'))).toEqual(api.latest(sid).definition);
  });
});

describe('graph', () => {
  it('draws Mermaid with the Trigger’s wired events as entry edges and widgets with findings marked', async () => {
    const run = await runCliInProcess(['graph', 'fixtures/webchat-pre-engagement.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^flowchart TD\n {2}n0\(\("Trigger"\)\)\n/);
    expect(run.stdout).toContain('  n0 -->|incomingMessage| n1\n');
    expect(run.stdout).toContain('  n1 -->|match| n2\n');
    expect(run.stdout).toMatch(/ {2}class [n0-9,]*n3[n0-9,]* (error|warning)/);
  });

  it('draws DOT, with a transition to a missing widget drawn dashed', async () => {
    const dir2 = tempDir();
    const flow = fixtureFlow('voice-ivr') as { states: { transitions: { next?: string }[] }[] };
    flow.states[2]!.transitions[1]!.next = 'gone';
    writeFileSync(path.join(dir2, 'f.json'), JSON.stringify(flow, null, 2));
    const run = await runCliInProcess(['graph', '--format', 'dot', path.join(dir2, 'f.json')]);
    expect(run.stdout).toMatch(/^digraph flow \{/);
    expect(run.stdout).toContain('"gone" [label="gone (missing)", style=dashed, color="#cc0000"];');
    expect(run.stdout).toContain('"route_digits" -> "gone" [label="match"];');
    expect(run.stdout).toContain('"route_digits" [label="route_digits\\nsplit-based-on", style=filled, fillcolor="#ffdddd"');
    expect((await runCliInProcess(['graph', 'package.json'])).status).toBe(2);
  });

  it('marks what lint reports under the config: rules turned off and "migration": "none" mark nothing', async () => {
    const project = tempDir();
    writeFileSync(path.join(project, 'f.json'), JSON.stringify(fixtureFlow('chat-sms-to-flex'), null, 2));
    expect((await runCliInProcess(['graph', 'f.json'], { cwd: project })).stdout).toMatch(/^ {2}class n0,n1,n2,n3,n4 error$/m);
    // The team's config says this flow is not part of the migration: lint is clean, so is the graph.
    writeFileSync(path.join(project, 'studio-lint.config.json'), '{ "migration": "none" }\n');
    expect((await runCliInProcess(['f.json'], { cwd: project })).status).toBe(0);
    const none = await runCliInProcess(['graph', 'f.json'], { cwd: project });
    expect(none.status).toBe(0);
    expect(none.stdout).not.toMatch(/^ {2}class /m);
    // --config names another one; a bad one is exit 2 naming it, as for lint.
    writeFileSync(path.join(project, 'strict.json'), '{ "rules": { "no-message-trigger-variable": "off" } }\n');
    expect((await runCliInProcess(['graph', '-c', 'strict.json', 'f.json'], { cwd: project })).stdout).toMatch(/^ {2}class /m);
    writeFileSync(path.join(project, 'studio-lint.config.json'), '{ "rules": { "nope": "off" } }\n');
    const bad = await runCliInProcess(['graph', 'f.json'], { cwd: project });
    expect(bad.stderr).toMatch(/^studio-lint: \S*studio-lint\.config\.json: rules: unknown rule 'nope'\n$/);
    expect(bad.status).toBe(2);
  });

  it('a file of several flows (twilio-cli’s list): one Mermaid document per run, picked with --flow', async () => {
    // Two flowchart blocks one after the other are not a Mermaid document: it asks which flow to draw.
    const project = tempDir();
    const resources = [
      { sid: 'FW00000000000000000000000000000001', friendly_name: 'Inbound SMS', definition: fixtureFlow('chat-sms-to-flex') },
      { sid: 'FW00000000000000000000000000000002', friendly_name: 'Voice IVR', definition: fixtureFlow('voice-ivr') },
    ];
    writeFileSync(path.join(project, 'flows.json'), JSON.stringify(resources, null, 2));
    const ask = await runCliInProcess(['graph', 'flows.json'], { cwd: project });
    expect(ask.stderr).toBe("studio-lint: flows.json: holds 2 flows: name one with --flow (FW00000000000000000000000000000001 'Inbound SMS', FW00000000000000000000000000000002 'Voice IVR')\n");
    expect(ask.status).toBe(2);
    expect(ask.stdout).toBe('');
    const byName = await runCliInProcess(['graph', 'flows.json', '--flow', 'Voice IVR'], { cwd: project });
    expect(byName.status).toBe(0);
    expect(byName.stdout.match(/^flowchart TD$/gm)).toHaveLength(1);
    expect(byName.stdout).toContain('route_digits');
    const bySid = await runCliInProcess(['graph', 'flows.json', '--flow', 'FW00000000000000000000000000000001', '--format', 'dot'], { cwd: project });
    expect(bySid.stdout.match(/^digraph flow \{$/gm)).toHaveLength(1);
    expect(bySid.stdout).not.toContain('route_digits');
    expect(await runCliInProcess(['graph', 'flows.json', '--flow', 'nope'], { cwd: project })).toMatchObject({ status: 2, stderr: expect.stringMatching(/^studio-lint: flows\.json: no flow 'nope' in it \(FW0+1 'Inbound SMS', FW0+2 'Voice IVR'\)\n$/) });
    // A file of one flow needs no --flow.
    expect((await runCliInProcess(['graph', path.join(ROOT, 'fixtures', 'voice-ivr.json')])).status).toBe(0);
  });

  it('the GitHub step summary embeds the graphs of flows with errors', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    await runCliInProcess(['-f', 'github', 'fixtures'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const text = readFileSync(summary, 'utf8');
    expect(text.match(/```mermaid\nflowchart TD/g)).toHaveLength(2);
    expect(text).toContain('<summary>fixtures/chat-sms-to-flex.json (widgets with errors in red)</summary>');
  });
});

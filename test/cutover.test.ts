/**
 * cutover plan / apply / rollback through the command line (run in this process: runCliInProcess) and the
 * real twilio package over HTTP to the stand-in on 127.0.0.1: a full cutover of a flow with two numbers, the
 * order of calls, a failure at each step then apply again, rollback after success and after a failure, a stale
 * plan, a dry run, credentials. One test runs the built CLI, under ulimit -f: the limit is its process's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { ACCOUNT_SID, AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';
import { cutoverApply, type CutoverIo } from '../src/commands/cutover.js';
import { connect } from '../src/twilio/client.js';
import { downtimeFlow } from '../src/migration/downtime-flow.js';

const webhook = (flowSid: string) => `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${flowSid}`;

let open: StudioApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(open.map((a) => a.stop()));
  open = [];
});

interface Account {
  api: StudioApiStandIn;
  dir: string;
  flowSid: string;
  otherFlowSid: string;
  env: Record<string, string>;
  run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  /** What a cutover may change, to compare before and after a rollback. */
  state(): unknown;
}

/** An account with a Chat-era flow served by two SMS numbers (legacy addresses), pulled and migrated. */
async function account(): Promise<Account> {
  const api = new StudioApiStandIn();
  open.push(api);
  await api.start();
  const flowSid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
  const otherFlowSid = api.addFlow('Other SMS', fixtureFlow('chat-sms-to-flex'));
  api.flexFlows.push(
    { sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS one', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: flowSid, retry_count: 1 } },
    { sid: 'FO00000000000000000000000000000002', friendly_name: 'SMS two', channel_type: 'sms', contact_identity: '+15550000002', integration_type: 'studio', integration: { flow_sid: flowSid } },
    { sid: 'FO00000000000000000000000000000003', friendly_name: 'Other', channel_type: 'sms', contact_identity: '+15550000003', integration_type: 'studio', integration: { flow_sid: otherFlowSid } },
  );
  api.numbers.push(
    { sid: 'PN00000000000000000000000000000001', phone_number: '+15550000001', sms_url: webhook(flowSid) },
    { sid: 'PN00000000000000000000000000000002', phone_number: '+15550000002', sms_url: webhook(flowSid) },
    { sid: 'PN00000000000000000000000000000003', phone_number: '+15550000003', sms_url: webhook(otherFlowSid) },
  );
  api.addExecution(flowSid, 'active');
  api.addExecution(flowSid, 'ended');
  api.addExecution(otherFlowSid, 'active');
  api.addTask('pending', { channelSid: 'CH00000000000000000000000000000001', channelType: 'sms', name: '+15559990001' });
  api.addTask('pending', { conversationSid: 'CH00000000000000000000000000000009', channelType: 'sms' });
  api.addTask('assigned', { channelSid: 'CH00000000000000000000000000000002', channelType: 'sms' });
  const dir = tempDir();
  const env = api.env();
  const run = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
  const pulled = await run('pull', '--sid', flowSid);
  expect(pulled.status, pulled.stderr).toBe(0);
  // The migration the linter made (or a person): the Conversations version of the flow.
  writeFileSync(path.join(dir, 'flows', 'inbound-sms.json'), JSON.stringify(fixtureFlow('conversations-migrated'), null, 2) + '\n');
  const state = () =>
    structuredClone({
      // A legacy address made again has a new SID and comes last.
      flexFlows: api.flexFlows.map(({ sid: _sid, ...rest }) => rest).sort((x, y) => x.contact_identity.localeCompare(y.contact_identity)),
      addresses: api.addresses,
      numbers: api.numbers,
      published: [flowSid, otherFlowSid].map((sid) => [...api.flows.get(sid)!.revisions].reverse().find((r) => r.status === 'published')?.definition),
    });
  return { api, dir, flowSid, otherFlowSid, env, run, state };
}

/** The write requests, as `METHOD path` with the SIDs' kinds, in order. */
const writes = (api: StudioApiStandIn, from = 0) =>
  api.requests
    .slice(from)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path.replace(/\/Accounts\/AC\w+/, '/Accounts/AC').replace(/(FW|PN|FO|IG|FN|WT|WS)\w{32}/g, '$1')}`);

// Step numbers of the plan without --cancel-pending-tasks, and the request that fails each one.
const failing: [step: number, method: string, path: RegExp][] = [
  [1, 'POST', /^\/v2\/Flows$/],
  [2, 'POST', /IncomingPhoneNumbers\/PN0+1\.json$/],
  [3, 'POST', /IncomingPhoneNumbers\/PN0+2\.json$/],
  [4, 'POST', /\/Executions\/FN/],
  [5, 'POST', /^\/v2\/Flows\/FW0+1$/],
  [6, 'DELETE', /FlexFlows\/FO0+1$/],
  [7, 'DELETE', /FlexFlows\/FO0+2$/],
  [8, 'POST', /^\/v1\/Configuration\/Addresses$/],
  [9, 'POST', /^\/v1\/Configuration\/Addresses$/],
  [10, 'POST', /IncomingPhoneNumbers\/PN0+1\.json$/],
  [11, 'POST', /IncomingPhoneNumbers\/PN0+2\.json$/],
];

/** Makes the request of `step` answer 500 once; earlier steps that send the same request go through. */
function faultAt(a: Account, step: number): void {
  const [, method, pathPattern] = failing.find(([s]) => s === step)!;
  const earlier = failing.filter(([s, m, p]) => s < step && m === method && p.source === pathPattern.source).length;
  const fault = { method, path: pathPattern, status: 500, times: 1 };
  if (!earlier) {
    a.api.faults.push(fault);
    return;
  }
  // The stand-in logs a request before it looks for a fault: arm it when the (earlier + 1)-th arrives.
  let seen = 0;
  const original = a.api.requests.push.bind(a.api.requests);
  a.api.requests.push = (...items) => {
    for (const r of items) if (r.method === method && pathPattern.test(r.path) && ++seen === earlier + 1) a.api.faults.push(fault);
    return original(...items);
  };
}

async function planned(a: Account, ...extra: string[]) {
  const plan = await a.run('cutover', 'plan', 'flows/inbound-sms.json', ...extra);
  expect(plan.stderr).toBe('');
  expect(plan.status, plan.stdout).toBe(0);
  return plan;
}

describe('cutover plan', () => {
  it('reads only, checks, and writes numbered steps in the guide’s order', async () => {
    const a = await account();
    const from = a.api.requests.length;
    const plan = await planned(a, '--cancel-pending-tasks');
    expect(a.api.requests.slice(from).every((r) => r.method === 'GET')).toBe(true);
    expect(plan.stdout).toMatch(/pass {2}the migrated file has no migration error left/);
    expect(plan.stdout).toMatch(/pass {2}the Default Conversation Service is the Flex chat service/);
    expect(plan.stdout).toMatch(/pass {2}the remote flow has not changed since it was pulled/);
    expect(plan.stdout).toMatch(/pass {2}no number is already on both platforms/);
    const json = JSON.parse(readFileSync(path.join(a.dir, 'cutover-plan.json'), 'utf8')) as { steps: { n: number; kind: string; resource: string }[] };
    expect(json.steps.map((s) => s.kind)).toEqual([
      'create-downtime-flow',
      'point-number',
      'point-number',
      'end-executions',
      'cancel-tasks',
      'publish',
      'delete-legacy-address',
      'delete-legacy-address',
      'create-conversations-address',
      'create-conversations-address',
      'clear-number-webhook',
      'clear-number-webhook',
    ]);
    // The other flow's address and number do not move.
    expect(JSON.stringify(json)).not.toContain('+15550000003');
    expect(plan.stdout).toMatch(/\n {2}1 +create the downtime flow, published/);
  }, 60_000);

  it('fails the checks that do not hold, and apply refuses such a plan', async () => {
    const a = await account();
    a.api.defaultConversationService = 'IS00000000000000000000000000000099';
    writeFileSync(path.join(a.dir, 'flows', 'inbound-sms.json'), JSON.stringify(fixtureFlow('chat-sms-to-flex'), null, 2) + '\n');
    a.api.addresses.push({ sid: 'IG00000000000000000000000000000001', type: 'sms', address: '+15550000002', friendly_name: 'twin', auto_creation: { enabled: false, type: 'default' } });
    const plan = await a.run('cutover', 'plan', 'flows/inbound-sms.json', '--downtime-flow', 'FW0000000000000000000000000000dead');
    expect(plan.status).toBe(1);
    // Its move is unsafe (it reads To and From): --fix would leave all three rules.
    expect(plan.stdout).toMatch(/FAIL {2}the migrated file has no migration error left: still to fix: no-incoming-message-trigger, no-message-trigger-variable, no-unavailable-trigger-variable/);
    expect(plan.stdout).toMatch(/FAIL {2}the Default Conversation Service is the Flex chat service: Default Conversation Service IS0+99/);
    expect(plan.stdout).toMatch(/FAIL {2}no number is already on both platforms: \+15550000002/);
    expect(plan.stdout).toMatch(/FAIL {2}the downtime flow exists and is published/);
    const from = a.api.requests.length;
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/checks failed/);
    expect(a.api.requests.length).toBe(from);
  }, 60_000);

  it('lints the file it publishes as push does: an error fails the plan, unless the project’s baseline holds it', async () => {
    const a = await account();
    const file = path.join(a.dir, 'flows', 'inbound-sms.json');
    // Migrated, but the Send to Flex attributes are no longer JSON: push refuses that, so the cutover must too.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"attributes": "{\\"conversationSid\\"', '"attributes": "{\\"conversationSid\\" oops'));
    expect(readFileSync(file, 'utf8')).toContain('oops');
    const plan = await a.run('cutover', 'plan', 'flows/inbound-sms.json');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(/pass {2}the migrated file has no migration error left/);
    expect(plan.stdout).toMatch(/FAIL {2}lint finds no error in the migrated file \(push’s gate\): 1 error\(s\) of valid-flex-attributes: studio-lint .*inbound-sms\.json lists them/);
    const from = a.api.requests.length;
    expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(1);
    expect(a.api.requests.length).toBe(from);

    expect((await a.run('baseline', 'flows/inbound-sms.json')).status).toBe(0);
    const again = await planned(a);
    expect(again.stdout).toMatch(/pass {2}lint finds no error in the migrated file \(push’s gate\)/);
  }, 60_000);

  it('writes the plan atomically: a write that fails half way leaves the earlier plan whole', async () => {
    const a = await account();
    await planned(a);
    const planFile = path.join(a.dir, 'cutover-plan.json');
    const earlier = readFileSync(planFile, 'utf8');
    const files = readdirSync(a.dir).sort();
    // Files may grow to 1 KiB at most (ulimit -f 1; node ignores SIGXFSZ, so a write past it fails with
    // EFBIG): the new plan, with more steps, is larger. Written in place, the old plan would be cut short.
    const limited = await new Promise<{ status: number; stderr: string }>((resolve) => {
      const args = [CLI, 'cutover', 'plan', 'flows/inbound-sms.json', '--cancel-pending-tasks'];
      const child = spawn('bash', ['-c', 'ulimit -f 1 && exec "$@"', 'bash', process.execPath, ...args], { cwd: a.dir, env: { ...process.env, NO_COLOR: '1', ...a.env } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status: status ?? -1, stderr }));
    });
    expect(limited.stderr).toBe('studio-lint: cutover-plan.json: file too large (EFBIG); the plan was not written\n');
    expect(limited.status).toBe(2);
    expect(readFileSync(planFile, 'utf8')).toBe(earlier);
    // No temporary file left behind.
    expect(readdirSync(a.dir).sort()).toEqual(files);
    // A folder where the plan should go: named, exit 2, nothing written.
    mkdirSync(path.join(a.dir, 'taken'));
    const folder = await a.run('cutover', 'plan', 'flows/inbound-sms.json', '--out', 'taken');
    expect(folder.stderr).toBe('studio-lint: taken: is a folder; the plan was not written\n');
    expect(folder.status).toBe(2);
    expect(readdirSync(path.join(a.dir, 'taken'))).toEqual([]);
  }, 60_000);

  it('refuses a flow Incoming Conversation does not start: a plain SMS flow on a number’s webhook', async () => {
    // Out of the migration's scope, so the migration rules find nothing: "no migration error left" holds, but
    // the cutover would clear the number's webhook and no Conversations address would ever start the flow.
    const api = new StudioApiStandIn();
    open.push(api);
    await api.start();
    const sid = api.addFlow('SMS auto-responder', fixtureFlow('sms-autoresponder'));
    api.numbers.push({ sid: 'PN00000000000000000000000000000001', phone_number: '+15550000001', sms_url: webhook(sid) });
    const dir = tempDir();
    const run = (...args: string[]) => runCliInProcess(args, { cwd: dir, env: api.env() });
    expect((await run('pull', '--sid', sid)).status).toBe(0);
    const plan = await run('cutover', 'plan', 'flows/sms-auto-responder.json');
    expect(plan.stdout).toMatch(/pass {2}the migrated file has no migration error left/);
    expect(plan.stdout).toMatch(
      /FAIL {2}Incoming Conversation starts the migrated flow: \S*flows\/sms-auto-responder\.json's Trigger does not route Incoming Conversation \(incomingConversationMessage\)/,
    );
    expect(plan.status).toBe(1);
    const from = api.requests.length;
    const apply = await run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status).toBe(1);
    expect(api.requests.length).toBe(from);
  }, 60_000);

  it('a number whose webhook alone starts the flow (no legacy address) gets its Conversations address before its webhook is cleared', async () => {
    // The guide: "delete the legacy address or number … Then, add it back in as a Conversations address".
    // Without a Conversations address of its own, clearing the number's webhook would leave it answering nothing.
    const a = await account();
    a.api.numbers.push({ sid: 'PN00000000000000000000000000000009', phone_number: '+15550000009', sms_url: webhook(a.flowSid) });
    const plan = await planned(a);
    expect(plan.stdout).not.toMatch(/\+15550000009.*(?:manual|by hand|Console)/i);
    const steps = (JSON.parse(readFileSync(path.join(a.dir, 'cutover-plan.json'), 'utf8')) as { steps: { n: number; kind: string; address?: string; phoneNumber?: string; flowSid?: string }[] }).steps;
    const create = steps.find((s) => s.kind === 'create-conversations-address' && s.address === '+15550000009');
    const clear = steps.find((s) => s.kind === 'clear-number-webhook' && s.phoneNumber === '+15550000009');
    expect(create).toMatchObject({ flowSid: a.flowSid });
    expect(create!.n).toBeLessThan(clear!.n);
    // The numbers behind legacy addresses get theirs from their legacy address: one address each, not two.
    expect(steps.filter((s) => s.kind === 'create-conversations-address').map((s) => s.address).sort()).toEqual(['+15550000001', '+15550000002', '+15550000009']);

    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status).toBe(0);
    expect(a.api.addresses.find((c) => c.address === '+15550000009')).toMatchObject({ auto_creation: { studio_flow_sid: a.flowSid } });
  }, 60_000);

  it('SMS and WhatsApp on one phone are two addresses: a legacy WhatsApp address does not stand in for the SMS webhook', async () => {
    // +15550000007 has a legacy WhatsApp address to the flow and its SMS webhook starts the flow too: the
    // cutover must leave it with both a WhatsApp and an SMS Conversations address, or SMS would answer nothing.
    const a = await account();
    a.api.flexFlows.push({ sid: 'FO00000000000000000000000000000007', friendly_name: 'WhatsApp', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550000007', integration_type: 'studio', integration: { flow_sid: a.flowSid } });
    a.api.numbers.push({ sid: 'PN00000000000000000000000000000007', phone_number: '+15550000007', sms_url: webhook(a.flowSid) });
    await planned(a);
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const on7 = a.api.addresses.filter((c) => c.address.endsWith('+15550000007')).map((c) => [c.type, c.address, c.auto_creation.studio_flow_sid]);
    expect(on7.sort()).toEqual([
      ['sms', '+15550000007', a.flowSid],
      ['whatsapp', 'whatsapp:+15550000007', a.flowSid],
    ]);
    // Rollback takes both away again.
    expect((await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes')).status).toBe(0);
    expect(a.api.addresses.filter((c) => c.address.endsWith('+15550000007'))).toEqual([]);
  }, 60_000);

  it('refuses a webhook-only number another flow holds, or whose SMS address starts another flow', async () => {
    const held = await account();
    // +15550000003 has the other flow's legacy address; its webhook is pointed at this flow.
    held.api.numbers.find((n) => n.phone_number === '+15550000003')!.sms_url = webhook(held.flowSid);
    const plan = await held.run('cutover', 'plan', 'flows/inbound-sms.json');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(/\+15550000003 has a legacy address of another flow \('Other', FO0+3\)/);

    const elsewhere = await account();
    elsewhere.api.numbers.push({ sid: 'PN00000000000000000000000000000008', phone_number: '+15550000008', sms_url: webhook(elsewhere.flowSid) });
    elsewhere.api.addresses.push({ sid: 'IG00000000000000000000000000000008', type: 'sms', address: '+15550000008', friendly_name: 'x', auto_creation: { enabled: true, type: 'studio', studio_flow_sid: elsewhere.otherFlowSid, studio_retry_count: 3 } });
    const plan2 = await elsewhere.run('cutover', 'plan', 'flows/inbound-sms.json');
    expect(plan2.status).toBe(1);
    expect(plan2.stdout).toMatch(/\+15550000008 has an SMS Conversations address \(IG0+8\) that does not start FW/);
  }, 60_000);

  it('refuses a phone it moves that another flow’s legacy address holds on another channel (Twilio would refuse the address)', async () => {
    const a = await account();
    // The other flow's WhatsApp sender is this flow's SMS number +15550000001.
    a.api.flexFlows.push({ sid: 'FO00000000000000000000000000000009', friendly_name: 'Other WhatsApp', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550000001', integration_type: 'studio', integration: { flow_sid: a.otherFlowSid } });
    const plan = await a.run('cutover', 'plan', 'flows/inbound-sms.json');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(
      /FAIL {2}no phone the plan moves has a legacy address that stays, on any channel: \+15550000001 \(the sms address 'SMS one' moves\) also has the whatsapp legacy address 'Other WhatsApp' \(FO0+9, flow FW\w+\), which this plan does not move/,
    );
    expect(plan.stdout).toMatch(/pass {2}no number is already on both platforms/);
    const from = a.api.requests.length;
    expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(1);
    expect(a.api.requests.length).toBe(from);
  }, 60_000);

  it('a file that was not pulled is a usage error naming it', async () => {
    const a = await account();
    writeFileSync(path.join(a.dir, 'loose.json'), JSON.stringify(fixtureFlow('conversations-migrated')));
    const plan = await a.run('cutover', 'plan', 'loose.json');
    expect(plan.status).toBe(2);
    expect(plan.stderr).toMatch(/loose\.json: no \.studio-lint-flows\.json beside it/);
  }, 60_000);
});

describe('cutover apply', () => {
  it('a step Twilio refuses (HTTP 409) is journaled as not applied: rollback does not undo it, apply runs it again as new', async () => {
    const a = await account();
    await planned(a);
    // After the plan, another flow's legacy WhatsApp address takes this flow's second phone: the stand-in, as
    // Twilio did, answers 409 to the Conversations address for it.
    a.api.flexFlows.push({ sid: 'FO00000000000000000000000000000009', friendly_name: 'Other WhatsApp', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550000002', integration_type: 'studio', integration: { flow_sid: a.otherFlowSid } });
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status).toBe(3);
    expect(apply.stderr).toMatch(/^studio-lint: step 9 \(create the Conversations sms address.*\) failed: .*HTTP 409.*\nTwilio refused it, so it was not applied \(the journal records it as not done\)\.\n/);
    const journal = readFileSync(path.join(a.dir, 'cutover-plan.journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; event: string });
    expect(journal.filter((e) => e.step === 9).map((e) => e.event)).toEqual(['start', 'refused']);

    // The rollback's plan undoes step 8 (made) and not step 9 (refused); the rollback sends no delete for it.
    const dry = await a.run('cutover', 'rollback', 'cutover-plan.json', '--dry-run');
    expect(dry.stdout).toMatch(/^ {2}8\. undo: delete it$/m);
    expect(dry.stdout).not.toMatch(/^ {2}9\. /m);
    const from = a.api.requests.length;
    const rollback = await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(rollback.status, rollback.stderr).toBe(0);
    expect(rollback.stdout).not.toMatch(/^ {2}9\. /m);
    expect(writes(a.api, from).filter((w) => w.startsWith('DELETE /v1/Configuration/Addresses'))).toHaveLength(1);
    expect(a.api.addresses).toEqual([]);
  }, 60_000);

  it('after a refused step, apply again (the conflict gone) sends it as a new step, not as one that may have run', async () => {
    const a = await account();
    await planned(a);
    a.api.flexFlows.push({ sid: 'FO00000000000000000000000000000009', friendly_name: 'Other WhatsApp', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550000002', integration_type: 'studio', integration: { flow_sid: a.otherFlowSid } });
    expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(3);
    a.api.flexFlows.splice(a.api.flexFlows.findIndex((f) => f.sid === 'FO00000000000000000000000000000009'), 1);
    const from = a.api.requests.length;
    const again = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^ {2}9\. done: create the Conversations sms address/m);
    expect(a.api.addresses.map((x) => x.address).sort()).toEqual(['+15550000001', '+15550000002']);
    expect(writes(a.api, from).filter((w) => w.startsWith('POST /v1/Configuration/Addresses'))).toHaveLength(1);
    // A step that may have run is checked in the account first (a second listing); a refused one is not.
    expect(a.api.requests.slice(from).filter((r) => r.method === 'GET' && r.path === '/v1/Configuration/Addresses')).toHaveLength(1);
  }, 60_000);

  it('a full cutover of a flow with two numbers, in the guide’s order', async () => {
    const a = await account();
    await planned(a, '--cancel-pending-tasks');
    const from = a.api.requests.length;
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);
    expect(writes(a.api, from)).toEqual([
      'POST /v2/Flows/Validate',
      'POST /v2/Flows',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'POST /v2/Flows/FW/Executions/FN',
      'POST /v1/Workspaces/WS/Tasks/WT',
      'POST /v2/Flows/Validate',
      'POST /v2/Flows/FW',
      'DELETE /v1/FlexFlows/FO',
      'DELETE /v1/FlexFlows/FO',
      'POST /v1/Configuration/Addresses',
      'POST /v1/Configuration/Addresses',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
    ]);
    const posts = a.api.requests.slice(from).filter((r) => r.method === 'POST');
    const downtime = [...a.api.flows.values()].find((f) => f.friendlyName.startsWith('Downtime'))!;
    expect(posts[2]!.form.get('SmsUrl')).toBe(webhook(downtime.sid));
    expect(posts[4]!.form.get('Status')).toBe('ended');
    expect(posts[5]!.form.get('AssignmentStatus')).toBe('canceled');
    expect(posts[8]!.form.get('Type')).toBe('sms');
    expect(posts[8]!.form.get('Address')).toBe('+15550000001');
    expect(posts[8]!.form.get('AutoCreation.Enabled')).toBe('true');
    expect(posts[8]!.form.get('AutoCreation.Type')).toBe('studio');
    expect(posts[8]!.form.get('AutoCreation.StudioFlowSid')).toBe(a.flowSid);

    // The account after: the flow published as migrated, Conversations addresses, webhooks cleared.
    expect(a.api.latest(a.flowSid)).toMatchObject({ status: 'published', definition: fixtureFlow('conversations-migrated') });
    expect(a.api.flexFlows.map((f) => f.contact_identity)).toEqual(['+15550000003']);
    expect(a.api.addresses.map((c) => [c.type, c.address, c.auto_creation.studio_flow_sid])).toEqual([
      ['sms', '+15550000001', a.flowSid],
      ['sms', '+15550000002', a.flowSid],
    ]);
    expect(a.api.numbers.map((n) => n.sms_url)).toEqual(['', '', webhook(a.otherFlowSid)]);
    expect(a.api.executions.map((e) => e.status)).toEqual(['ended', 'ended', 'active']);
    // Only the pending Chat task: canceled, never deleted.
    expect(a.api.tasks.map((t) => t.assignment_status)).toEqual(['canceled', 'pending', 'assigned']);
    expect(a.api.requests.some((r) => r.method === 'DELETE' && r.path.includes('/Tasks/'))).toBe(false);
    // The manifest follows the published revision, as after push.
    const manifest = JSON.parse(readFileSync(path.join(a.dir, 'flows', '.studio-lint-flows.json'), 'utf8')) as { flows: Record<string, { revision: number }> };
    expect(manifest.flows['inbound-sms.json']!.revision).toBe(a.api.latest(a.flowSid).revision);

    // Journaled before and after each step; again: nothing to do.
    const journal = readFileSync(path.join(a.dir, 'cutover-plan.journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; event: string });
    expect(journal.map((e) => `${e.step}:${e.event}`)).toEqual(Array.from({ length: 12 }, (_, i) => [`${i + 1}:start`, `${i + 1}:done`]).flat());
    const again = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/every step is done/);
    // A new plan over this one would lose the journal's record.
    const over = await a.run('cutover', 'plan', 'flows/inbound-sms.json');
    expect(over.status).toBe(2);
    expect(over.stderr).toMatch(/cutover-plan\.journal\.jsonl records a cutover already started/);
  }, 60_000);

  for (const [step] of failing) {
    it(`a failure at step ${step}: stops safe, exits 3, and apply again finishes without running a step twice`, async () => {
      const a = await account();
      await planned(a);
      faultAt(a, step);
      const from = a.api.requests.length;
      const failed = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
      expect(failed.status).toBe(3);
      expect(failed.stderr).toMatch(new RegExp(`step ${step} \\(.*\\) failed: .*HTTP 500`));
      expect(failed.stderr).toMatch(/safe state/);
      // Safe: every number answers (downtime flow, its own flow before step 2, or auto-creation after the address).
      const downtime = [...a.api.flows.values()].find((f) => f.friendlyName.startsWith('Downtime'));
      for (const n of a.api.numbers.slice(0, 2)) {
        const onDowntime = downtime && n.sms_url === webhook(downtime.sid);
        const onFlow = n.sms_url === webhook(a.flowSid) && a.api.flexFlows.some((f) => f.contact_identity === n.phone_number);
        const onConversations = n.sms_url === '' && a.api.addresses.some((c) => c.address === n.phone_number);
        expect(onDowntime || onFlow || onConversations, `${n.phone_number} ${n.sms_url}`).toBe(true);
      }
      const firstWrites = writes(a.api, from);
      const resumed = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toMatch(new RegExp(`${step - 1 > 0 ? `${step - 1}\\. done before` : `${step}\\. done`}`));
      // No step ran twice: the successful writes of both runs are those of one clean cutover.
      const ok = a.api.responses.slice(from).filter((r) => r.method !== 'GET' && r.path !== '/v2/Flows/Validate' && r.status < 300).length;
      expect(ok).toBe(11);
      expect(firstWrites.length).toBeGreaterThan(0);
      expect(a.api.flexFlows.map((f) => f.contact_identity)).toEqual(['+15550000003']);
      expect(a.api.addresses.map((c) => c.address)).toEqual(['+15550000001', '+15550000002']);
      expect(a.api.numbers.map((n) => n.sms_url)).toEqual(['', '', webhook(a.otherFlowSid)]);
      expect([...a.api.flows.values()].filter((f) => f.friendlyName.startsWith('Downtime'))).toHaveLength(1);
    }, 60_000);
  }

  for (const step of [1, 5, 7, 10]) {
    it(`a run cut short after Twilio acted on step ${step} (journal: started, not done): resumes without sending it again`, async () => {
      const a = await account();
      await planned(a);
      faultAt(a, step + 1);
      expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(3);
      // What a crash between Twilio's answer and the journal's "done" leaves.
      const journalFile = path.join(a.dir, 'cutover-plan.journal.jsonl');
      const lines = readFileSync(journalFile, 'utf8').trim().split('\n');
      const cut = lines.findIndex((l) => (JSON.parse(l) as { step: number; event: string }).step === step && l.includes('"event":"start"'));
      writeFileSync(journalFile, lines.slice(0, cut + 1).join('\n') + '\n');
      const from = a.api.requests.length;
      const resumed = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toMatch(new RegExp(`\\n {2}${step}\\. already done`));
      const sent = writes(a.api, from).filter((w) => w !== 'POST /v2/Flows/Validate');
      expect(sent).toHaveLength(11 - step);
      expect(a.api.addresses.map((c) => c.address)).toEqual(['+15550000001', '+15550000002']);
      expect([...a.api.flows.values()].filter((f) => f.friendlyName.startsWith('Downtime'))).toHaveLength(1);
    }, 60_000);
  }

  it('with --downtime-flow: points the numbers at it, creates none, and refuses when it is no longer published', async () => {
    const a = await account();
    const downtime = a.api.addFlow('Our downtime flow', downtimeFlow('Back soon'));
    const plan = await planned(a, '--downtime-flow', downtime);
    expect(plan.stdout).toMatch(new RegExp(`pass {2}the downtime flow exists and is published: ${downtime}`));
    const from = a.api.requests.length;
    a.api.addRevision(downtime, downtimeFlow('Back soon'), 'draft', 'unpublished');
    a.api.flows.get(downtime)!.revisions[0]!.status = 'draft';
    const refused = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`the downtime flow ${downtime} has no published revision`));
    a.api.flows.get(downtime)!.revisions[0]!.status = 'published';
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);
    const numberPosts = a.api.requests.slice(from).filter((r) => r.method === 'POST' && r.path.includes('IncomingPhoneNumbers'));
    expect(numberPosts.map((r) => r.form.get('SmsUrl'))).toEqual([webhook(downtime), webhook(downtime), '', '']);
    expect(writes(a.api, from)).not.toContain('POST /v2/Flows');
  }, 60_000);

  it('refuses a stale plan: a Console edit, a changed webhook, a changed legacy address', async () => {
    const a = await account();
    await planned(a);
    a.api.addRevision(a.flowSid, fixtureFlow('chat-sms-to-flex'), 'published', 'console edit');
    a.api.numbers[1]!.sms_url = 'https://example.com/sms';
    a.api.flexFlows[0]!.friendly_name = 'renamed';
    const from = a.api.requests.length;
    const apply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/the account changed since the plan/);
    expect(apply.stderr).toMatch(/flow FW0+1 is at revision 2, the plan expects 1/);
    expect(apply.stderr).toMatch(/number \+15550000002's "A message comes in" is POST https:\/\/example\.com\/sms/);
    expect(apply.stderr).toMatch(/legacy address \+15550000001 \(FO0+1\) has changed since the plan/);
    expect(a.api.requests.slice(from).every((r) => r.method === 'GET')).toBe(true);
  }, 60_000);

  it('refuses a plan edited by hand, and a migrated file changed since the plan', async () => {
    const a = await account();
    await planned(a);
    const planFile = path.join(a.dir, 'cutover-plan.json');
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(planFile, text.replace('+15550000001', '+15550000009'));
    const edited = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(edited.status).toBe(2);
    expect(edited.stderr).toMatch(/changed after it was made/);
    writeFileSync(planFile, text);
    const file = path.join(a.dir, 'flows', 'inbound-sms.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"description"', '"description": "x", "x_description"'));
    const changed = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/flows\/inbound-sms\.json changed since the plan/);
    expect(a.api.posts()).toEqual([]);
  }, 60_000);

  it('--dry-run sends nothing and prints the requests; without --yes and no terminal it refuses', async () => {
    const a = await account();
    await planned(a);
    const from = a.api.requests.length;
    const dry = await a.run('cutover', 'apply', 'cutover-plan.json', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/POST api \/2010-04-01\/Accounts\/AC\w+\/IncomingPhoneNumbers\/PN0+1\.json SmsUrl=<the downtime flow of step 1>/);
    expect(dry.stdout).toMatch(/DELETE flex-api \/v1\/FlexFlows\/FO0+1/);
    expect(dry.stdout).toMatch(/POST conversations \/v1\/Configuration\/Addresses Type=sms Address=\+15550000001 AutoCreation\.Enabled=true AutoCreation\.Type=studio AutoCreation\.StudioFlowSid=FW0+1/);
    writeFileSync(path.join(a.dir, 'cutover-plan.lock'), '1\n');
    const busy = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/cutover-plan\.lock exists: another apply or rollback of this plan is running/);
    rmSync(path.join(a.dir, 'cutover-plan.lock'));
    const asked = await a.run('cutover', 'apply', 'cutover-plan.json');
    expect(asked.status).toBe(2);
    expect(asked.stderr).toMatch(/pass --yes/);
    const rollback = await a.run('cutover', 'rollback', 'cutover-plan.json', '--dry-run');
    expect(rollback.status).toBe(0);
    expect(rollback.stdout).toMatch(/nothing to roll back/);
    expect(a.api.requests.length).toBe(from);
    expect(existsSync(path.join(a.dir, 'cutover-plan.journal.jsonl'))).toBe(false);
  }, 60_000);
});

describe('cutover apply on a terminal', () => {
  const io = (a: Account, answer: string, out: string[]): CutoverIo => ({
    stdout: (t) => void out.push(String(t)),
    stderr: (t) => void out.push(t),
    readStdin: () => '',
    cwd: a.dir,
    stdoutIsTty: false,
    stderrIsTty: false,
    env: a.env,
    connect: (env) => connect(env),
    stdinIsTty: true,
    ask: (question) => {
      out.push(question);
      return Promise.resolve(answer);
    },
  });

  it('asks first: anything but yes sends nothing; yes applies', async () => {
    const a = await account();
    await planned(a);
    const from = a.api.requests.length;
    const out: string[] = [];
    expect(await cutoverApply(io(a, 'y', out), 'cutover-plan.json', {})).toBe(1);
    expect(out.join('')).toMatch(/Apply 11 step\(s\) of cutover \w+ to account AC0+1\? Type yes to go on: /);
    expect(out.join('')).toMatch(/not confirmed; nothing sent/);
    expect(a.api.requests.length).toBe(from);
    expect(await cutoverApply(io(a, 'yes', []), 'cutover-plan.json', {})).toBe(0);
    expect(a.api.addresses).toHaveLength(2);
  }, 60_000);
});

describe('a lock left behind', () => {
  it('by a run that was killed (its process is gone) is taken over, and apply goes on', async () => {
    const a = await account();
    await planned(a);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(a.dir, 'cutover-plan.lock'), `${gone}\n`);
    const run = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(run.stderr).toMatch(new RegExp(`cutover-plan\\.lock: the run that held it \\(process ${gone}\\) is gone; taking the lock over`));
    expect(run.status).toBe(0);
    expect(existsSync(path.join(a.dir, 'cutover-plan.lock'))).toBe(false);
  }, 60_000);
});

describe('cutover rollback', () => {
  it('after a full cutover: the account as before (but ended executions and canceled tasks)', async () => {
    const a = await account();
    const before = a.state();
    await planned(a);
    expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(0);
    const dry = await a.run('cutover', 'rollback', 'cutover-plan.json', '--dry-run');
    expect(dry.stdout).toMatch(/POST flex-api \/v1\/FlexFlows FriendlyName="SMS one" ChannelType=sms ContactIdentity=\+15550000001/);
    const from = a.api.requests.length;
    const rollback = await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(rollback.stderr).toBe('');
    expect(rollback.status).toBe(0);
    expect(rollback.stdout).toMatch(/not undone: end the flow's active executions/);
    // Reverse order: webhooks back on the downtime flow, addresses deleted, legacy addresses made again,
    // the previous revision published, the numbers' webhooks restored.
    expect(writes(a.api, from)).toEqual([
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'DELETE /v1/Configuration/Addresses/IG',
      'DELETE /v1/Configuration/Addresses/IG',
      'POST /v1/FlexFlows',
      'POST /v1/FlexFlows',
      'POST /v2/Flows/FW',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
      'POST /2010-04-01/Accounts/AC/IncomingPhoneNumbers/PN.json',
    ]);
    expect(a.state()).toEqual(before);
    const retry = a.api.requests.find((r) => r.method === 'POST' && r.path === '/v1/FlexFlows' && r.form.get('FriendlyName') === 'SMS one')!;
    expect(retry.form.get('Integration.RetryCount')).toBe('1');
    expect(retry.form.get('Integration.FlowSid')).toBe(a.flowSid);
    // Rolled back: nothing left to roll back; apply again works from the recreated addresses, and ends the
    // executions that started while the rollback was live (ending and canceling cannot be undone, but must run again).
    const again = await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(again.stdout).toMatch(/not undone: create the downtime flow/); // kept, and used again by the next apply
    expect(again.stdout).not.toMatch(/not undone: end the flow's active executions/);
    const late = a.api.addExecution(a.flowSid, 'active');
    const reapply = await a.run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(reapply.stderr).toBe('');
    expect(reapply.status).toBe(0);
    expect(reapply.stdout).not.toMatch(/done before: end the flow's active executions/);
    expect(a.api.executions.find((e) => e.sid === late)!.status).toBe('ended');
    expect(a.api.flexFlows.map((f) => f.contact_identity)).toEqual(['+15550000003']);
  }, 60_000);

  it('after a failure half way: the account as before', async () => {
    const a = await account();
    const before = a.state();
    await planned(a);
    a.api.faults.push({ method: 'POST', path: /^\/v1\/Configuration\/Addresses$/, status: 503 });
    expect((await a.run('cutover', 'apply', 'cutover-plan.json', '--yes')).status).toBe(3);
    expect(a.api.flexFlows.map((f) => f.contact_identity)).toEqual(['+15550000003']);
    a.api.faults.push({ method: 'POST', path: '/v1/FlexFlows', status: 500 });
    const failed = await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(failed.status).toBe(3);
    expect(failed.stderr).toMatch(/step 7 .* failed/);
    const rollback = await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(rollback.stderr).toBe('');
    expect(rollback.status).toBe(0);
    expect(a.state()).toEqual(before);
  }, 60_000);
});

describe('credentials', () => {
  it('are never printed nor written, even in failures', async () => {
    const a = await account();
    const outputs: string[] = [];
    const collect = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    collect(await planned(a, '--cancel-pending-tasks'));
    a.api.faults.push({ method: 'DELETE', path: '/v1/FlexFlows', status: 401, body: { code: 20003, message: 'Authenticate', more_info: '', status: 401 } });
    collect(await a.run('cutover', 'apply', 'cutover-plan.json', '--yes'));
    collect(await a.run('cutover', 'apply', 'cutover-plan.json', '--dry-run'));
    collect(await a.run('cutover', 'rollback', 'cutover-plan.json', '--yes'));
    outputs.push(readFileSync(path.join(a.dir, 'cutover-plan.json'), 'utf8'), readFileSync(path.join(a.dir, 'cutover-plan.journal.jsonl'), 'utf8'));
    const all = outputs.join('\n');
    expect(all).toMatch(/HTTP 401/);
    expect(all).not.toContain(AUTH_TOKEN);
    expect(all).not.toContain(Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'));
  }, 60_000);
});

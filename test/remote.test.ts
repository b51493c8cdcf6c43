/**
 * pull, push, rollback and lint --remote: the command line run in this process (runCliInProcess: the real
 * argument parsing and command code) and the real twilio package, over real HTTP, against the project's
 * stand-in Studio API on 127.0.0.1.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliAsync, runCliInProcess, tempDir } from './helpers.js';
import { API_KEY, API_SECRET, AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';


let api: StudioApiStandIn;
let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: api.env(env) });
/** The built CLI in a child process: for the exit codes of the real binary (2 and 3 below). */
const binary = (args: string[], env: Record<string, string> = {}) => runCliAsync(args, { cwd: dir, env: api.env(env) });
const manifest = () => JSON.parse(readFileSync(path.join(dir, 'flows', '.studio-lint-flows.json'), 'utf8')) as { flows: Record<string, { sid: string; revision: number; status: string; hash: string; legacyAddresses?: string[] }> };

beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  dir = tempDir();
});
afterEach(async () => {
  await api.stop();
});

describe('pull', () => {
  it('writes every flow of every page as Studio exports it, with a manifest; pulling again rewrites nothing', async () => {
    api.pageSize = 2;
    const sms = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Webchat / Pre-engagement', fixtureFlow('webchat-pre-engagement'));
    api.addFlow('../../etc/passwd', fixtureFlow('voice-ivr'));
    api.addFlow('Inbound SMS', fixtureFlow('conversations-migrated'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'), 'draft');
    const run = await cli(['pull']);
    expect(run.status).toBe(0);
    const files = readdirSync(path.join(dir, 'flows')).sort();
    expect(files).toEqual(['.studio-lint-flows.json', 'etc-passwd.json', 'inbound-sms-00000004.json', 'inbound-sms.json', 'voice-ivr.json', 'webchat-pre-engagement.json']);
    expect(readFileSync(path.join(dir, 'flows', 'inbound-sms.json'), 'utf8')).toBe(JSON.stringify(fixtureFlow('chat-sms-to-flex'), null, 2) + '\n');
    expect(manifest().flows['inbound-sms.json']).toMatchObject({ sid: sms, revision: 1, status: 'published' });
    expect(api.requests.filter((r) => r.method === 'GET' && r.path === '/v2/Flows').map((r) => r.query.get('Page') ?? '0')).toEqual(['0', '1', '2']);

    const before = statSync(path.join(dir, 'flows', 'inbound-sms.json')).mtimeMs;
    const again = await cli(['pull']);
    expect(again.stdout).toMatch(/^unchanged {2}FW\d+ 'Inbound SMS' revision 1/m);
    expect(statSync(path.join(dir, 'flows', 'inbound-sms.json')).mtimeMs).toBe(before);
  });

  it('records which flows legacy Flex addresses start, and lint takes the account’s word on the migration’s scope', async () => {
    // The same plain-looking SMS flow twice: a legacy Flex address starts one of them.
    const flex = api.addFlow('Flex SMS', fixtureFlow('sms-autoresponder'));
    api.addFlow('Marketing SMS', fixtureFlow('sms-autoresponder'));
    api.flexFlows.push({ sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS legacy', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: flex } });
    expect((await cli(['pull'])).status).toBe(0);
    expect(manifest().flows['flex-sms.json']!.legacyAddresses).toEqual(['sms +15550000001 (FO00000000000000000000000000000001)']);
    expect(manifest().flows['marketing-sms.json']!.legacyAddresses).toBeUndefined();
    const run = await cli(['lint', '-f', 'json', 'flows']);
    const results = JSON.parse(run.stdout) as { filePath: string; errorCount: number; migrationScope: { migration: string; decidedBy: string }[] }[];
    const byName = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r]));
    expect(byName['flex-sms.json']!.migrationScope).toEqual([expect.objectContaining({ migration: 'flex', decidedBy: 'account' })]);
    expect(byName['flex-sms.json']!.errorCount).toBeGreaterThan(0);
    expect(byName['marketing-sms.json']).toMatchObject({ errorCount: 0, migrationScope: [expect.objectContaining({ migration: 'none', decidedBy: 'content' })] });
  });

  it('push and rollback keep what pull recorded about the legacy addresses: lint still takes the account’s word', async () => {
    const flex = api.addFlow('Flex SMS', fixtureFlow('sms-autoresponder'));
    api.flexFlows.push({ sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS legacy', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: flex } });
    expect((await cli(['pull'])).status).toBe(0);
    const recorded = ['sms +15550000001 (FO00000000000000000000000000000001)'];
    const file = path.join(dir, 'flows', 'flex-sms.json');
    const edited = fixtureFlow('sms-autoresponder') as { description?: string };
    edited.description = 'edited';
    writeFileSync(file, JSON.stringify(edited, null, 2) + '\n');
    const pushed = await cli(['push', '--no-verify']);
    expect(pushed.stderr).toBe('');
    expect(manifest().flows['flex-sms.json']).toMatchObject({ revision: 2, legacyAddresses: recorded });
    const rolledBack = await cli(['rollback', '--to', '1', 'flows/flex-sms.json']);
    expect(rolledBack.stderr).toBe('');
    expect(manifest().flows['flex-sms.json']).toMatchObject({ revision: 3, legacyAddresses: recorded });
    const run = await cli(['lint', '-f', 'json', 'flows']);
    const [result] = JSON.parse(run.stdout) as { migrationScope: { migration: string; decidedBy: string }[] }[];
    expect(result!.migrationScope).toEqual([expect.objectContaining({ migration: 'flex', decidedBy: 'account' })]);
  });

  it('pulls only the flows named with --sid', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    const b = api.addFlow('B', fixtureFlow('voice-ivr'));
    await cli(['pull', '--out', 'mine', '--sid', b]);
    expect(readdirSync(path.join(dir, 'mine')).sort()).toEqual(['.studio-lint-flows.json', 'b.json']);
  });

  it('a --sid the account does not have is a usage error, as with lint --remote: exit 2, nothing pulled', async () => {
    // A typo must not pass in a script or CI job as a pull that wrote nothing.
    const b = api.addFlow('B', fixtureFlow('voice-ivr'));
    const run = await cli(['pull', '--sid', b, '--sid', 'FW0000000000000000000000000000dead']);
    expect(run.stderr).toBe('studio-lint: no such flow in the account: FW0000000000000000000000000000dead\n');
    expect(run.status).toBe(2);
    expect(existsSync(path.join(dir, 'flows', 'b.json'))).toBe(false);
  });
});

// The fixture keeps errors --fix cannot address (trigger.message.To): the tests of the sync itself push with
// --no-verify; the lint gate has its own tests below.
describe('push', () => {
  it('pull, fix, push as a draft with a commit message naming the fixed rules; pull again gives the same files', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    const fixed = readFileSync(path.join(dir, 'flows', 'inbound-sms.json'), 'utf8');
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^unchanged {2}FW\d+ 'Voice IVR': not sent$/m);
    expect(run.stdout).toMatch(/^pushed {5}FW\d+ 'Inbound SMS': revision 2 \(draft\) "studio-lint: fix no-incoming-message-trigger, no-message-trigger-variable"$/m);
    expect(api.latest(sid)).toMatchObject({ revision: 2, status: 'draft', commitMessage: 'studio-lint: fix no-incoming-message-trigger, no-message-trigger-variable' });
    expect(api.latest(sid).definition).toEqual(JSON.parse(fixed));
    expect(api.posts().map((r) => r.path)).toEqual(['/v2/Flows/Validate', `/v2/Flows/${sid}`]);
    expect(manifest().flows['inbound-sms.json']).toMatchObject({ revision: 2, status: 'draft' });

    const again = await cli(['pull']);
    expect(again.status).toBe(0);
    expect(readFileSync(path.join(dir, 'flows', 'inbound-sms.json'), 'utf8')).toBe(fixed);
    expect((await cli(['push', '--no-verify'])).stdout).not.toMatch(/^pushed/m);
  });

  it('--publish and --message', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    await cli(['push', '--no-verify', '--publish', '--message', 'Move to Conversations']);
    expect(api.latest(sid)).toMatchObject({ status: 'published', commitMessage: 'Move to Conversations' });
  });

  it('a dry run prints the plan by widget and property, and a diff, and sends no POST', async () => {
    api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    const run = await cli(['push', '--no-verify', '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^would push FW\d+ 'Inbound SMS' as draft: flows\/inbound-sms\.json$/m);
    expect(run.stdout).toContain('  Trigger: transitions[0].next, transitions[2].next\n');
    expect(run.stdout).toContain('  send_stop_confirmation: properties.service, properties.channel\n');
    expect(run.stdout).toContain('+          "next": "check_keyword",');
    expect(api.posts()).toEqual([]);
  });

  it('stops at a validation error and shows Twilio’s message at the file’s line', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    const file = path.join(dir, 'flows', 'inbound-sms.json');
    const text = readFileSync(file, 'utf8').replace('"priority": "0"', '"priority": 0');
    writeFileSync(file, text);
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('"priority": 0')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('0') + 1;
    expect(run.stderr).toContain(`Twilio refused the definition; not pushed:\n  flows/inbound-sms.json:${line}:${column}: /states/4/properties/priority must be string (#/states/4/properties/priority)`);
    expect(api.latest(sid).revision).toBe(1);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(1);
  });

  it('refuses to overwrite a newer revision made in the Console, saying both, unless --force', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    api.addRevision(sid, fixtureFlow('conversations-migrated'), 'published', 'edited in the Console');
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    const refused = await cli(['push', '--no-verify']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("'Inbound SMS': the account has revision 2, newer than revision 1 pulled into flows/inbound-sms.json");
    expect(api.posts()).toEqual([]);
    const forced = await cli(['push', '--no-verify', '--force']);
    expect(forced.status).toBe(0);
    expect(api.latest(sid).revision).toBe(3);
  });

  it('retries HTTP 429 with backoff, then succeeds', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, status: 429, times: 2 });
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(0);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path === `/v2/Flows/${sid}`)).toHaveLength(3);
    expect(api.latest(sid).revision).toBe(2);
  });

  it('HTTP 429 with Retry-After: waits as asked, says so, then succeeds', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, status: 429, times: 1, retryAfter: '1' });
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('studio-lint: Twilio is limiting the rate (HTTP 429): waiting 1 s, as its Retry-After asks, before trying again');
    expect(api.requests.filter((r) => r.method === 'POST' && r.path === `/v2/Flows/${sid}`)).toHaveLength(2);
    expect(api.latest(sid).revision).toBe(2);
  });

  it('HTTP 429 asking to wait longer than STUDIO_LINT_TIMEOUT leaves: not retried, said, exit 3, nothing recorded', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, status: 429, times: 10, retryAfter: '30' });
    const run = await cli(['push', '--no-verify'], { STUDIO_LINT_TIMEOUT: '5' });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/studio-lint: Twilio is limiting the rate \(HTTP 429\) and asks to wait 30 s \(Retry-After\), more than the [1-5] s left of STUDIO_LINT_TIMEOUT: not retried/);
    expect(run.stderr).toMatch(/Twilio answered HTTP 429, error 20429: Too Many Requests/);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path === `/v2/Flows/${sid}`)).toHaveLength(1);
    expect(api.latest(sid).revision).toBe(1);
    expect(manifest().flows[Object.keys(manifest().flows)[0]!]!.revision).toBe(1);
  });

  it('a 500 on one flow of three: the others are pushed, the failure is reported and not recorded, exit 3', async () => {
    const sids = ['A', 'B', 'C'].map((name) => api.addFlow(name, fixtureFlow('chat-sms-to-flex')));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sids[1]}`, status: 500 });
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/'B': updating FW\d+: Twilio answered HTTP 500, error 20500: Internal Server Error; nothing recorded/);
    expect(sids.map((sid) => api.latest(sid).revision)).toEqual([2, 1, 2]);
    expect(Object.values(manifest().flows).map((e) => e.revision)).toEqual([2, 1, 2]);
  });
});

describe('push is a deployment gate', () => {
  /** A pulled Chat-era flow beside a migrated one; both edited, so both are to send. */
  async function twoEdited(): Promise<{ chat: string; migrated: string }> {
    const chat = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    const migrated = api.addFlow('Migrated', fixtureFlow('conversations-migrated'));
    expect((await cli(['pull'])).status).toBe(0);
    for (const name of ['inbound-sms.json', 'migrated.json']) {
      const file = path.join(dir, 'flows', name);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"description": "', '"description": "edited '));
    }
    return { chat, migrated };
  }

  it('refuses a flow lint finds errors in, naming it and the findings as lint prints them; the others still go; nothing refused is recorded', async () => {
    const { chat, migrated } = await twoEdited();
    expect(readFileSync(path.join(dir, 'flows', 'migrated.json'), 'utf8')).toContain('"description": "edited ');
    const run = await cli(['push']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^studio-lint: FW\d+ 'Inbound SMS': flows\/inbound-sms\.json has \d+ errors; not pushed \(push --no-verify sends it anyway\):\n/);
    expect(run.stderr).toContain('\nflows/inbound-sms.json\n');
    expect(run.stderr).toMatch(/error +Trigger +\[[*-]\] the Trigger routes Incoming Message[\s\S]*?no-incoming-message-trigger/);
    expect(run.stderr).toMatch(/✖ \d+ problems \(\d+ errors, \d+ warnings?\)/);
    expect(run.stdout).toMatch(/^pushed {5}FW\d+ 'Migrated': revision 2 \(draft\)/m);
    expect(api.posts().map((r) => r.path)).toEqual(['/v2/Flows/Validate', `/v2/Flows/${migrated}`]);
    expect(api.latest(chat).revision).toBe(1);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(1);
    expect(manifest().flows['migrated.json']!.revision).toBe(2);

    // --publish likewise; --no-verify sends it.
    expect((await cli(['push', '--publish'])).status).toBe(1);
    expect(api.latest(chat).revision).toBe(1);
    const forced = await cli(['push', '--no-verify']);
    expect(forced.status).toBe(0);
    expect(api.latest(chat).revision).toBe(2);
  });

  it('lints with the project’s config and baseline: baselined findings and rules the config turns off do not block', async () => {
    const { chat } = await twoEdited();
    expect((await runCliInProcess(['baseline', 'flows/inbound-sms.json'], { cwd: dir })).status).toBe(0);
    const run = await cli(['push']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(api.latest(chat).revision).toBe(2);
  });

  it('the config decides the severities: an error the config turns into a warning does not block', async () => {
    const { chat } = await twoEdited();
    const off = { rules: { 'no-incoming-message-trigger': 'warn', 'no-message-trigger-variable': 'warn', 'no-unavailable-trigger-variable': 'off' } };
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify(off));
    const run = await cli(['push']);
    expect(run.stderr).toBe('');
    expect(api.latest(chat).revision).toBe(2);
  });

  it('a config it cannot use is exit 2 naming it, with nothing sent', async () => {
    await twoEdited();
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    const run = await cli(['push']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^studio-lint: .*studio-lint\.config\.json.*no-such-rule/);
    expect(api.posts()).toEqual([]);
  });

  it('--dry-run prints each flow’s verdict with its findings and sends nothing; exit 1 when one would be refused', async () => {
    await twoEdited();
    const run = await cli(['push', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^would push FW\d+ 'Inbound SMS' as draft: flows\/inbound-sms\.json\n[\s\S]*^ {2}lint: \d+ errors; push refuses it \(push --no-verify sends it anyway\):\n\nflows\/inbound-sms\.json\n/m);
    expect(run.stdout).toMatch(/^would push FW\d+ 'Migrated' as draft: flows\/migrated\.json\n[\s\S]*^ {2}lint: no errors; push sends it$/m);
    expect(api.posts()).toEqual([]);
  });
});

describe('local work is never lost', () => {
  it('pull refuses to replace a local edit that does not parse (a trailing comma) with a new revision, unless --force', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    const file = path.join(dir, 'flows', 'inbound-sms.json');
    const edited = readFileSync(file, 'utf8').replace('"description":', '"description": "half-done",,');
    writeFileSync(file, edited);
    api.addRevision(sid, fixtureFlow('conversations-migrated'), 'published', 'Console');
    const run = await cli(['pull']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('flows/inbound-sms.json has local changes');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect((await cli(['pull', '--force'])).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(fixtureFlow('conversations-migrated'), null, 2) + '\n');
  });

  it('rollback of a pulled file with unpushed local edits refuses, unless --force', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['push', '--no-verify', '--force']);
    const file = path.join(dir, 'flows', 'inbound-sms.json');
    const edited = readFileSync(file, 'utf8').replace('"description": "', '"description": "edited locally: ');
    writeFileSync(file, edited);
    const run = await cli(['rollback', 'flows/inbound-sms.json', '--to', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('flows/inbound-sms.json has local changes that were not pushed');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(api.posts().filter((r) => r.path === `/v2/Flows/${sid}`)).toEqual([]);
    expect((await cli(['rollback', 'flows/inbound-sms.json', '--to', '1', '--force'])).status).toBe(0);
  });

  it('push --publish makes a definition pushed as a draft live, though the text did not change', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    expect((await cli(['push', '--no-verify'])).stdout).toMatch(/revision 2 \(draft\)/);
    const run = await cli(['push', '--no-verify', '--publish']);
    expect(run.status).toBe(0);
    expect(api.latest(sid)).toMatchObject({ revision: 3, status: 'published' });
    expect(manifest().flows['inbound-sms.json']).toMatchObject({ revision: 3, status: 'published' });
    expect((await cli(['push', '--no-verify', '--publish'])).stdout).toMatch(/^unchanged /m);
  });
});

describe('rollback', () => {
  it('pushes an earlier revision as a new one, validated, with the drift check', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    await cli(['push', '--no-verify']);
    const run = await cli(['rollback', 'flows/inbound-sms.json', '--to', '1']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/rolled back FW\d+ 'Inbound SMS' to revision 1: now revision 3 \(draft\)/);
    expect(api.latest(sid)).toMatchObject({ revision: 3, commitMessage: 'studio-lint: roll back to revision 1' });
    expect(api.latest(sid).definition).toEqual(fixtureFlow('chat-sms-to-flex'));
    expect(readFileSync(path.join(dir, 'flows', 'inbound-sms.json'), 'utf8')).toBe(JSON.stringify(fixtureFlow('chat-sms-to-flex'), null, 2) + '\n');

    api.addRevision(sid, fixtureFlow('conversations-migrated'), 'published', 'Console');
    expect((await cli(['rollback', 'flows/inbound-sms.json', '--to', '2'])).status).toBe(1);
    expect((await cli(['rollback', sid, '--to', '2'])).status).toBe(0);

    // A revision the flow does not have is the user's mistake (exit 2), not Twilio's failure (its 404, exit 3).
    const missing = await cli(['rollback', sid, '--to', '9']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`studio-lint: ${sid} 'Inbound SMS': --to 9: no such revision (its revisions are 1 to 5)\n`);
    expect(api.latest(sid).revision).toBe(5);
  });
});

describe('credentials and failures', () => {
  it('401 gives exit 3 with Twilio’s code and message, and the token appears in no output', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    const run = await cli(['pull'], { TWILIO_AUTH_TOKEN: 'wrong-token-value-123' });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('listing flows: Twilio answered HTTP 401, error 20003: Authenticate');
    for (const secret of ['wrong-token-value-123', AUTH_TOKEN]) expect(run.stdout + run.stderr).not.toContain(secret);
    expect(existsSync(path.join(dir, 'flows', 'a.json'))).toBe(false);
  });

  it("missing credentials: exit 2 (the user's to fix, not Twilio's failure) and what to set", async () => {
    const run = await binary(['pull'], { TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^studio-lint: TWILIO_ACCOUNT_SID is not set/);
    const noToken = await cli(['inventory'], { TWILIO_AUTH_TOKEN: '' });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toMatch(/^studio-lint: set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET/);
  });

  it('a malformed setting in the environment: one line naming it, exit 2, nothing asked of Twilio', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    const cases: [Record<string, string>, RegExp][] = [
      [{ STUDIO_LINT_BASE_URL: 'not a url' }, /^studio-lint: STUDIO_LINT_BASE_URL must be an http:\/\/ or https:\/\/ URL, not 'not a url'\n$/],
      [{ STUDIO_LINT_BASE_URL: 'ftp://127.0.0.1:9' }, /^studio-lint: STUDIO_LINT_BASE_URL must be an http:\/\/ or https:\/\/ URL/],
      [{ TWILIO_ACCOUNT_SID: 'sk-not-a-sid' }, /^studio-lint: TWILIO_ACCOUNT_SID is not an Account SID \(AC and 32 hexadecimal digits; it has 12 characters and does not start with AC\)\n$/],
      [{ TWILIO_ACCOUNT_SID: 'AC123' }, /^studio-lint: TWILIO_ACCOUNT_SID is not an Account SID/],
      [{ STUDIO_LINT_TIMEOUT: 'soon' }, /^studio-lint: STUDIO_LINT_TIMEOUT must be a number of seconds above 0 and at most 86400, not 'soon'\n$/],
      [{ STUDIO_LINT_TIMEOUT: '-5' }, /^studio-lint: STUDIO_LINT_TIMEOUT must be a number of seconds/],
    ];
    for (const [env, message] of cases) {
      const run = await cli(['pull'], env);
      expect(run.stderr).toMatch(message);
      expect(run.status).toBe(2);
    }
    expect(existsSync(path.join(dir, 'flows', 'a.json'))).toBe(false);
    // The value is not repeated (it may be a token pasted in the wrong variable).
    expect((await cli(['pull'], { TWILIO_ACCOUNT_SID: 'secret-token-value' })).stderr).not.toContain('secret-token-value');
  });

  it('an API key and secret work too', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    const run = await cli(['pull'], { TWILIO_AUTH_TOKEN: '', TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET });
    expect(run.status).toBe(0);
  });

  it('a network failure is exit 3', async () => {
    const run = await binary(['pull'], { STUDIO_LINT_BASE_URL: 'http://127.0.0.1:9' });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/listing flows: network error ECONNREFUSED/);
  });
});

describe('lint --remote', () => {
  it('takes the account’s word on scope: a flow a legacy Flex address starts is linted as part of the migration', async () => {
    const flex = api.addFlow('Flex SMS', fixtureFlow('sms-autoresponder'));
    api.addFlow('Marketing SMS', fixtureFlow('sms-autoresponder'));
    api.flexFlows.push({ sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS legacy', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: flex } });
    const results = JSON.parse((await cli(['lint', '--remote', '-f', 'json'])).stdout) as { filePath: string; errorCount: number; migrationScope: { decidedBy: string }[] }[];
    expect(results.map((r) => [r.filePath.replace(/^FW\d+ /, ''), r.migrationScope[0]!.decidedBy, r.errorCount > 0])).toEqual([
      ['(Flex SMS)', 'account', true],
      ['(Marketing SMS)', 'content', false],
    ]);
  });

  it('lints the account’s flows without writing files, naming each by SID and friendly name', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
    const run = await cli(['lint', '--remote', '-f', 'json']);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; errorCount: number }[];
    expect(results.map((r) => [path.basename(r.filePath), r.errorCount])).toEqual([
      [`${sid} (Inbound SMS)`, 8],
      [expect.stringMatching(/^FW\d+ \(Voice IVR\)$/), 0],
    ]);
    expect(readdirSync(dir)).toEqual([]);
    const one = await cli(['lint', '--remote', '--sid', sid, '-f', 'compact']);
    expect(one.stdout).toContain(`${sid} (Inbound SMS):8:9: error no-incoming-message-trigger`);
  });
});

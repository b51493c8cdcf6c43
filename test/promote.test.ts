/**
 * Promotion between accounts (issue 27): pull names every account-specific value of a flow, push --promote
 * rewrites each to the target account's resource of the same name. The command line (run in this process:
 * runCliInProcess) and the real twilio package against two accounts of the stand-in on 127.0.0.1, told apart
 * by their credentials.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountReferences } from '../src/flow/account-references.js';
import type { FlowDefinition } from '../src/flow/load.js';
import { flow, runCliInProcess, tempDir, widget } from './helpers.js';
import { ACCOUNT_B, API_SECRET, AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';

let a: StudioApiStandIn;
let b: StudioApiStandIn;
let dir: string;
const cli = (args: string[], account: StudioApiStandIn = a, env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: account.env(env) });
interface ManifestFile {
  account?: string;
  flows: Record<string, { sid: string; references?: Record<string, { kind: string; name?: string; unresolved?: string }> }>;
  promotions?: Record<string, { account: string; flows: Record<string, { sid: string; revision: number }> }>;
}
const manifest = () => JSON.parse(readFileSync(path.join(dir, 'flows', '.studio-lint-flows.json'), 'utf8')) as ManifestFile;

beforeEach(async () => {
  a = new StudioApiStandIn();
  b = a.serve(new StudioApiStandIn(ACCOUNT_B));
  await a.start();
  dir = tempDir();
});
afterEach(async () => {
  await a.stop();
});

/** The resources a Flex team's account has, by the same names in every account. */
function resources(account: StudioApiStandIn) {
  const service = account.addService('tools', [{ unique_name: 'dev', domain_suffix: 'dev' }], ['/crm/lookup', '/hours']);
  const workspace = account.addWorkspace('Flex Task Assignment', { workflows: ['Assign to Anyone', 'VIP'], taskChannels: ['voice', 'chat'], taskQueues: ['Everyone'] });
  const messaging = account.addMessagingService('Notifications');
  const number = '+15005550006';
  account.addNumber(number);
  const subflow = account.addFlow('Lookup subflow', flow({ incomingParent: 'done' }, widget('done', 'set-variables', {}, { variables: [] })));
  return { service, workspace, messaging, number, subflow };
}

/** A flow holding one value of every kind, all of this account's resources. */
function mainFlow(r: ReturnType<typeof resources>, extra: Record<string, string> = {}) {
  const env = r.service.environments[0]!;
  return flow(
    { incomingConversationMessage: 'fn' },
    widget('fn', 'run-function', { success: 'sub' }, { service_sid: r.service.sid, environment_sid: env.sid, function_sid: r.service.functions[0]!.sid, url: `https://${env.domain_name}/crm/lookup`, parameters: [] }),
    widget('sub', 'run-subflow', { completed: 'sms' }, { flow_sid: r.subflow, flow_revision: 'LatestPublished', parameters: [] }),
    widget('sms', 'send-message', { sent: 'flex' }, { body: 'Hello', from: r.number, to: '{{contact.channel.address}}', service: r.messaging }),
    widget('flex', 'send-to-flex', {}, { workflow: r.workspace.workflows[1]!.sid, channel: r.workspace.taskChannels[1]!.sid, attributes: `{"queue": "${r.workspace.taskQueues[0]!.sid}", "hours": "https://${env.domain_name}/hours"}`, ...extra }),
  );
}

describe('pull names every account-specific value', () => {
  it('records each value’s identity by name in the manifest, with one listing per resource kind', async () => {
    const r = resources(a);
    a.addFlow('Main', mainFlow(r, { priority: `KS${'0'.repeat(31)}9` }));
    const run = await cli(['pull']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const m = manifest();
    expect(m.account).toBe(a.accountSid);
    const env = r.service.environments[0]!;
    expect(m.flows['main.json']!.references).toEqual({
      [r.service.sid]: { kind: 'serverless-service', name: 'tools' },
      [env.sid]: { kind: 'serverless-environment', name: 'tools/dev' },
      [r.service.functions[0]!.sid]: { kind: 'function', name: 'tools:/crm/lookup' },
      [env.domain_name]: { kind: 'function-domain', name: 'tools/dev' },
      [r.subflow]: { kind: 'flow', name: 'Lookup subflow' },
      [r.number]: { kind: 'phone-number', name: r.number },
      [r.messaging]: { kind: 'messaging-service', name: 'Notifications' },
      [r.workspace.workflows[1]!.sid]: { kind: 'workflow', name: 'VIP' },
      [r.workspace.taskChannels[1]!.sid]: { kind: 'task-channel', name: 'chat' },
      [r.workspace.taskQueues[0]!.sid]: { kind: 'task-queue', name: 'Everyone' },
      [`KS${'0'.repeat(31)}9`]: { kind: 'sid', unresolved: expect.stringMatching(/prefix KS/) },
    });
    expect(m.flows['lookup-subflow.json']!.references).toBeUndefined();
    expect(run.stdout).toMatch(/^unnamed {4}1 account-specific value in 1 flow could not be named in the account/m);
    // One listing per kind (the flows' listing is pull's own), one per service for its environments and its
    // functions, one per function for its path: never one per reference.
    const gets = a.requests.filter((q) => q.method === 'GET').map((q) => `${q.host} ${q.path.replace(/(ZS|ZH|WS)\w{32}/g, '{$1}')}`);
    const count = (what: string) => gets.filter((g) => g === what).length;
    expect(count('serverless.twilio.com /v1/Services')).toBe(1);
    expect(count('serverless.twilio.com /v1/Services/{ZS}/Environments')).toBe(1);
    expect(count('serverless.twilio.com /v1/Services/{ZS}/Functions')).toBe(1);
    expect(count('serverless.twilio.com /v1/Services/{ZS}/Functions/{ZH}/Versions')).toBe(2);
    expect(count('taskrouter.twilio.com /v1/Workspaces')).toBe(1);
    expect(count('taskrouter.twilio.com /v1/Workspaces/{WS}/Workflows')).toBe(1);
    expect(count('taskrouter.twilio.com /v1/Workspaces/{WS}/TaskChannels')).toBe(1);
    expect(count('taskrouter.twilio.com /v1/Workspaces/{WS}/TaskQueues')).toBe(1);
    expect(count('messaging.twilio.com /v1/Services')).toBe(1);
    expect(count(`api.twilio.com /2010-04-01/Accounts/${a.accountSid}/IncomingPhoneNumbers.json`)).toBe(1);
  });

  it('a listing the account refuses leaves those values unresolved with Twilio’s reason; the pull goes on', async () => {
    const r = resources(a);
    a.addFlow('Main', mainFlow(r));
    a.faults.push({ method: 'GET', path: '/v1/Workspaces', status: 403, body: { code: 20403, message: 'Forbidden', more_info: '', status: 403 } });
    const run = await cli(['pull']);
    expect(run.status).toBe(0);
    const refs = manifest().flows['main.json']!.references!;
    expect(refs[r.workspace.workflows[1]!.sid]).toEqual({ kind: 'workflow', unresolved: expect.stringMatching(/not looked up: listing TaskRouter workspaces: Twilio answered HTTP 403, error 20403: Forbidden/) });
    expect(refs[r.service.sid]).toEqual({ kind: 'serverless-service', name: 'tools' });
    // The refused listing was not asked again for the channel and the queue.
    expect(a.requests.filter((q) => q.path === '/v1/Workspaces').length).toBe(1);
  });

  it('pulling another account into the folder is refused (exit 2), naming neither token nor full SID', async () => {
    a.addFlow('Main', mainFlow(resources(a)));
    expect((await cli(['pull'])).status).toBe(0);
    const run = await cli(['pull'], b);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`studio-lint: flows: pulled from another account (account …${a.accountSid.slice(-4)}) than these credentials open (account …${b.accountSid.slice(-4)}): pull into another folder; push --promote moves flows between accounts\n`);
    expect(b.requests.filter((q) => q.path === '/v2/Flows' || q.method === 'POST').length).toBeLessThanOrEqual(1);
    expect(manifest().account).toBe(a.accountSid);
  });
});

/** Both accounts with the same resources by name; A holds the subflow and Main, pulled into `dir`. */
async function pulledFromA() {
  const inA = resources(a);
  const inB = resources(b);
  // B has no flows yet: promotion creates them (the subflow first).
  b.flows.clear();
  const main = mainFlow(inA);
  const mainSid = a.addFlow('Main', main);
  const pulled = await cli(['pull']);
  expect(pulled.status).toBe(0);
  return { inA, inB, main, mainSid };
}

/** The text of A's Main with every value replaced by B's: what promotion must send, byte for byte. */
function expectedInB(text: string, inA: ReturnType<typeof resources>, inB: ReturnType<typeof resources>, subflowInB: string): string {
  const pairs: [string, string][] = [
    [inA.service.sid, inB.service.sid],
    [inA.service.environments[0]!.sid, inB.service.environments[0]!.sid],
    [inA.service.environments[0]!.domain_name, inB.service.environments[0]!.domain_name],
    [inA.service.functions[0]!.sid, inB.service.functions[0]!.sid],
    [inA.subflow, subflowInB],
    [inA.messaging, inB.messaging],
    [inA.workspace.workflows[1]!.sid, inB.workspace.workflows[1]!.sid],
    [inA.workspace.taskChannels[1]!.sid, inB.workspace.taskChannels[1]!.sid],
    [inA.workspace.taskQueues[0]!.sid, inB.workspace.taskQueues[0]!.sid],
  ];
  let out = text;
  for (const [from, to] of pairs) {
    expect(from).not.toBe(to);
    out = out.split(from).join(to);
  }
  return out;
}

const writesTo = (account: StudioApiStandIn) => account.requests.filter((q) => q.method === 'POST');
const mainFile = () => path.join(dir, 'flows', 'main.json');
const secrets = [AUTH_TOKEN, API_SECRET, ACCOUNT_B.authToken, ACCOUNT_B.apiSecret];
const noSecrets = (run: { stdout: string; stderr: string }) => {
  for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
};

describe('push --promote', () => {
  it('creates the flows in B, subflow first, every value rewritten to B’s resource of the same name; then a no-op; then an update', async () => {
    const { inA, inB } = await pulledFromA();
    const run = await cli(['push', '--promote', '--create'], b);
    noSecrets(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const created = [...b.flows.values()];
    expect(created.map((f) => f.friendlyName)).toEqual(['Lookup subflow', 'Main']);
    const subflowInB = created[0]!.sid;
    const mainInB = created[1]!;
    // Byte-minimal: the text sent is the file's with the values replaced, nothing else.
    const sent = writesTo(b).find((q) => q.path === '/v2/Flows' && q.form.get('FriendlyName') === 'Main')!.form.get('Definition')!;
    expect(JSON.parse(sent)).toEqual(JSON.parse(expectedInB(readFileSync(mainFile(), 'utf8'), inA, inB, subflowInB)));
    expect(b.latest(mainInB.sid)).toMatchObject({ revision: 1, status: 'draft' });
    expect(run.stdout).toMatch(new RegExp(`^promoted {3}'Main' \\(flows/main\\.json\\) to account …${b.accountSid.slice(-4)}: created ${mainInB.sid} revision 1 \\(draft\\), 11 values rewritten$`, 'm'));
    // Validated before each write; the subflow's create before Main's.
    expect(writesTo(b).map((q) => `${q.path} ${q.form.get('FriendlyName')}`)).toEqual(['/v2/Flows/Validate Lookup subflow', '/v2/Flows Lookup subflow', '/v2/Flows/Validate Main', '/v2/Flows Main']);
    expect(manifest().promotions![b.accountSid]!.flows['main.json']).toMatchObject({ sid: mainInB.sid, revision: 1 });
    // A was not written to.
    expect(writesTo(a)).toEqual([]);

    const again = await cli(['push', '--promote', '--create'], b);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^unchanged {2}'Main' \(flows\/main\.json\) in account …\w{4}: FW\w+ revision 1 is what it was promoted as$/m);
    expect(writesTo(b).length).toBe(4);

    writeFileSync(mainFile(), readFileSync(mainFile(), 'utf8').replace('"Hello"', '"Hello again"'));
    const updated = await cli(['push', '--promote', '--publish'], b);
    expect(updated.stderr).toBe('');
    expect(updated.status).toBe(0);
    expect(b.flows.size).toBe(2);
    expect(b.latest(mainInB.sid)).toMatchObject({ revision: 2, status: 'published' });
    expect(JSON.stringify(b.latest(mainInB.sid).definition)).toContain('Hello again');
    expect(JSON.stringify(b.latest(mainInB.sid).definition)).not.toContain(inA.workspace.workflows[1]!.sid);
  });

  it('a value with no counterpart in B stops that flow: exit 1, each listed at its place, nothing of it sent', async () => {
    const { inA } = await pulledFromA();
    b.workspaces[0]!.workflows.splice(1, 1); // B has no workflow named VIP
    const run = await cli(['push', '--promote', '--create'], b);
    noSecrets(run);
    expect(run.status).toBe(1);
    const text = readFileSync(mainFile(), 'utf8');
    const line = text.slice(0, text.indexOf(inA.workspace.workflows[1]!.sid)).split('\n').length;
    expect(run.stderr).toContain(`studio-lint: 'Main' (flows/main.json): 1 account-specific value with no counterpart in account …${b.accountSid.slice(-4)}; nothing of the flow sent:\n`);
    expect(run.stderr).toMatch(new RegExp(`  flows/main\\.json:${line}:\\d+: flex\\.workflow: ${inA.workspace.workflows[1]!.sid} \\(workflow\\): no TaskRouter workflow named 'VIP' in the target\n`));
    // The subflow went; nothing was sent for Main, not even a validation.
    expect(writesTo(b).map((q) => q.form.get('FriendlyName'))).toEqual(['Lookup subflow', 'Lookup subflow']);
    expect(manifest().promotions![b.accountSid]!.flows['main.json']).toBeUndefined();
  });

  it('--dry-run prints every value, source → target (name), and what would be created; sends nothing', async () => {
    const { inA, inB } = await pulledFromA();
    const run = await cli(['push', '--promote', '--create', '--dry-run'], b);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`would create 'Lookup subflow' (flows/lookup-subflow.json) in account …${b.accountSid.slice(-4)} as draft\n`);
    expect(run.stdout).toContain(`would create 'Main' (flows/main.json) in account …${b.accountSid.slice(-4)} as draft\n`);
    expect(run.stdout).toContain(`  fn.service_sid: ${inA.service.sid} → ${inB.service.sid} (serverless-service tools)\n`);
    expect(run.stdout).toContain(`  fn.url: ${inA.service.environments[0]!.domain_name} → ${inB.service.environments[0]!.domain_name} (function-domain tools/dev)\n`);
    expect(run.stdout).toContain(`  fn.function_sid: ${inA.service.functions[0]!.sid} → ${inB.service.functions[0]!.sid} (function tools:/crm/lookup)\n`);
    expect(run.stdout).toContain(`  sub.flow_sid: ${inA.subflow} → (new: Lookup subflow) (flow Lookup subflow)\n`);
    expect(run.stdout).toContain(`  flex.attributes: ${inA.workspace.taskQueues[0]!.sid} → ${inB.workspace.taskQueues[0]!.sid} (task-queue Everyone)\n`);
    expect(run.stdout.match(/ → /g)!.length).toBe(11);
    expect(writesTo(b)).toEqual([]);
    expect(b.flows.size).toBe(0);
  });

  it('a Console edit in B since the last promotion is drift: refused (exit 1), nothing sent; --force sends it', async () => {
    await pulledFromA();
    expect((await cli(['push', '--promote', '--create'], b)).status).toBe(0);
    const mainInB = [...b.flows.values()].find((f) => f.friendlyName === 'Main')!;
    b.addRevision(mainInB.sid, { ...(b.latest(mainInB.sid).definition as object), description: 'edited in the Console' }, 'published', null);
    writeFileSync(mainFile(), readFileSync(mainFile(), 'utf8').replace('"Hello"', '"Hello again"'));
    const writes = writesTo(b).length;
    const run = await cli(['push', '--promote'], b);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`'Main' (flows/main.json): account …${b.accountSid.slice(-4)}'s ${mainInB.sid} has revision 2, newer than revision 1 this folder promoted (edited in the Console?)`);
    expect(writesTo(b).length).toBe(writes);
    const forced = await cli(['push', '--promote', '--force'], b);
    expect(forced.status).toBe(0);
    expect(b.latest(mainInB.sid).revision).toBe(3);
  });

  it('push without --promote to another account is refused, saying why; nothing sent', async () => {
    await pulledFromA();
    writeFileSync(mainFile(), readFileSync(mainFile(), 'utf8').replace('"Hello"', '"Hello again"'));
    const run = await cli(['push'], b);
    noSecrets(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`studio-lint: flows: pulled from account …${a.accountSid.slice(-4)}, and these credentials open account …${b.accountSid.slice(-4)}: nothing pushed; push --promote sends the flows into another account, rewriting what is account-specific\n`);
    expect(writesTo(b)).toEqual([]);
    // And --promote into the account the flows came from is not a promotion.
    const same = await cli(['push', '--promote'], a);
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/pulled from account …\w{4} itself: push sends flows back to their account/);
  });

  it('--to <environment>: credentials from the variables the config names (API key), its map applied; never printed', async () => {
    const inA = resources(a);
    resources(b);
    b.flows.clear();
    a.addFlow('Hook', flow({ incomingRequest: 'http' }, widget('http', 'make-http-request', {}, { method: 'POST', url: 'https://crm-dev.example.com/hook', content_type: 'application/json', body: `{"mg": "${inA.messaging}"}` })));
    expect((await cli(['pull'])).status).toBe(0);
    writeFileSync(
      path.join(dir, 'studio-lint.config.json'),
      JSON.stringify({ environments: { prod: { accountSid: b.accountSid, apiKeyEnv: 'PROD_KEY', apiSecretEnv: 'PROD_SECRET', map: { 'https://crm-dev.example.com': 'https://crm.example.com' } } } }),
    );
    const env = { PROD_KEY: ACCOUNT_B.apiKey, PROD_SECRET: ACCOUNT_B.apiSecret };
    const run = await cli(['push', '--promote', '--to', 'prod', '--create'], a, env);
    noSecrets(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const hook = [...b.flows.values()][0]!;
    const props = (b.latest(hook.sid).definition as { states: { properties: Record<string, string> }[] }).states[1]!.properties;
    expect(props.url).toBe('https://crm.example.com/hook');
    expect(props.body).toBe(`{"mg": "${b.messagingServices[0]!.sid}"}`);
    expect(manifest().promotions!.prod).toMatchObject({ account: b.accountSid, flows: { 'hook.json': { sid: hook.sid } } });
    const missing = await cli(['push', '--promote', '--to', 'prod'], a, { PROD_KEY: ACCOUNT_B.apiKey });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('studio-lint: environment prod: PROD_SECRET is not set\n');
    const unknown = await cli(['push', '--promote', '--to', 'qa'], a);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('studio-lint: --to qa: no such environment in studio-lint.config.json (known: prod)\n');
  });

  it('the same lint gate as push: a flow with an error is refused (exit 1) with its findings; --no-verify sends it', async () => {
    a.addFlow('Broken', flow({ incomingConversationMessage: 'say' }, widget('say', 'send-message', { sent: 'nowhere' }, { body: 'x', to: '{{contact.channel.address}}' })));
    expect((await cli(['pull'])).status).toBe(0);
    const run = await cli(['push', '--promote', '--create'], b);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/'Broken' \(flows\/broken\.json\): the promoted flow has 1 error; not promoted \(--no-verify sends it anyway\):\n[\s\S]*no-dangling-transition/);
    expect(writesTo(b)).toEqual([]);
    expect((await cli(['push', '--promote', '--create', '--no-verify'], b)).status).toBe(0);
    expect([...b.flows.values()].map((f) => f.friendlyName)).toEqual(['Broken']);
  });

  it('survives a reset after Twilio applied the create, and a 429 storm with Retry-After', async () => {
    await pulledFromA();
    b.faults.push({ method: 'POST', path: /^\/v2\/Flows$/, status: 0, reset: true, after: true, times: 1 });
    const lost = await cli(['push', '--promote', '--create'], b);
    expect(lost.status).toBe(3);
    expect(b.flows.size).toBe(1); // the subflow's create was applied, its answer lost
    b.faults.push({ method: 'GET', path: '/v1/Workspaces', status: 429, retryAfter: '1', times: 3 });
    const again = await cli(['push', '--promote', '--create'], b);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^recorded {3}'Lookup subflow' .*: FW\w+ revision 1 already holds it$/m);
    expect(again.stderr).toMatch(/HTTP 429\): waiting 1 s, as its Retry-After asks/);
    expect([...b.flows.values()].map((f) => f.friendlyName)).toEqual(['Lookup subflow', 'Main']);
  });
});

describe('lint in a promoted folder', () => {
  it('reports a value pull did not name at its place; --cache follows what the manifest records', async () => {
    const r = resources(a);
    a.addFlow('Main', mainFlow(r));
    expect((await cli(['pull'])).status).toBe(0);
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify({ environments: { prod: { accountSid: b.accountSid, authTokenEnv: 'PROD_TOKEN' } } }));
    const added = `WW${'d'.repeat(32)}`;
    writeFileSync(mainFile(), readFileSync(mainFile(), 'utf8').replace(r.workspace.workflows[1]!.sid, added));
    const lint = (...args: string[]) => cli(['lint', '--format', 'json', ...args, 'flows']);
    const findings = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((f) => f.messages).filter((m) => m.ruleId === 'no-unmapped-account-value');
    const first = await lint('--cache');
    expect(findings(first)).toEqual([expect.objectContaining({ line: readFileSync(mainFile(), 'utf8').slice(0, readFileSync(mainFile(), 'utf8').indexOf(added)).split('\n').length, message: expect.stringContaining(`workflow ${added} belongs to the account the flow was pulled from`) })]);
    // Named now (as a pull would): the cached outcome is not reused.
    const m = JSON.parse(readFileSync(path.join(dir, 'flows', '.studio-lint-flows.json'), 'utf8')) as ManifestFile;
    m.flows['main.json']!.references![added] = { kind: 'workflow', name: 'VIP' };
    writeFileSync(path.join(dir, 'flows', '.studio-lint-flows.json'), JSON.stringify(m));
    expect(findings(await lint('--cache'))).toEqual([]);
    // Without environments in the config the rule is silent.
    writeFileSync(path.join(dir, 'studio-lint.config.json'), '{}');
    m.flows['main.json']!.references = {};
    writeFileSync(path.join(dir, 'flows', '.studio-lint-flows.json'), JSON.stringify(m));
    expect(findings(await lint())).toEqual([]);
  });
});

describe('promotion at scale', () => {
  it('200 flows with 2,200 references: a bounded number of lookups in each account, not one per reference', async () => {
    const inA = resources(a);
    resources(b);
    b.flows.clear();
    const FLOWS = 200;
    for (let i = 0; i < FLOWS; i++) a.addFlow(`Main ${String(i).padStart(3, '0')}`, mainFlow(inA));
    const pulled = await cli(['pull']);
    expect(pulled.status).toBe(0);
    // 11 references a flow (the environment's domain twice: 10 distinct values), each recorded by value.
    expect(accountReferences(mainFlow(inA) as unknown as FlowDefinition)).toHaveLength(11);
    const recorded = Object.values(manifest().flows).reduce((n, e) => n + Object.keys(e.references ?? {}).length, 0);
    expect(recorded).toBe(FLOWS * 10);
    const aLookups = a.requests.filter((q) => q.method === 'GET' && !q.path.startsWith('/v2/Flows') && q.path !== '/v1/FlexFlows');
    // Serverless: services, environments, functions, 2 function versions; TaskRouter: workspaces and its 3
    // lists; Messaging services; numbers. Whatever the number of flows and references.
    expect(aLookups.length).toBe(11);

    const run = await cli(['push', '--promote', '--create', '--no-verify'], b);
    expect(run.status).toBe(0);
    expect(b.flows.size).toBe(FLOWS + 1);
    const bLookups = b.requests.filter((q) => q.method === 'GET' && !q.path.startsWith('/v2/Flows'));
    expect(bLookups.length).toBe(11);
    // Per flow: Validate and the create; and one listing of the target's flows (it had none).
    expect(b.requests.filter((q) => q.method === 'POST').length).toBe(2 * (FLOWS + 1));
    expect(b.requests.filter((q) => q.method === 'GET' && q.path === '/v2/Flows').length).toBe(1);
  }, 120_000);
});

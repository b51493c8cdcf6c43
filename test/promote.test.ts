/**
 * Promotion between accounts (issue 27): pull names every account-specific value of a flow, push --promote
 * rewrites each to the target account's resource of the same name. The built CLI and the real twilio package
 * against two accounts of the stand-in on 127.0.0.1, told apart by their credentials.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flow, runCliAsync, studioText, tempDir, widget } from './helpers.js';
import { ACCOUNT_B, StudioApiStandIn } from './support/studio-api.js';

let a: StudioApiStandIn;
let b: StudioApiStandIn;
let dir: string;
const cli = (args: string[], account: StudioApiStandIn = a, env: Record<string, string> = {}) => runCliAsync(args, { cwd: dir, env: account.env(env) });
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
    { incomingMessage: 'fn' },
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

// Keeps studioText in use for the promotion tests that follow.
void studioText;

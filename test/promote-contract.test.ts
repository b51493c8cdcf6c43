/**
 * The stand-in's accounts and the lookups promotion makes (src/twilio/account-resources.ts), through the real
 * twilio package, against Twilio's OpenAPI descriptions (twilio_serverless_v1.json, twilio_taskrouter_v1.json,
 * twilio_messaging_v1.json, twilio_api_v2010.json, twilio_studio_v2.json as shipped in @twilio-alpha/mcp), one
 * Prism validating proxy each (test/support/prism-router.ts). Two accounts on one address, told apart by the
 * credentials. Each check has a case that must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountResources } from '../src/twilio/account-resources.js';
import { connect } from '../src/twilio/client.js';
import { fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { startPrismRouter, type PrismRouter } from './support/prism-router.js';
import { ACCOUNT_B, StudioApiStandIn } from './support/studio-api.js';

const SPECS: Record<string, string> = {
  'studio.twilio.com': 'twilio_studio_v2.json',
  'serverless.twilio.com': 'twilio_serverless_v1.json',
  'taskrouter.twilio.com': 'twilio_taskrouter_v1.json',
  'messaging.twilio.com': 'twilio_messaging_v1.json',
  'api.twilio.com': 'twilio_api_v2010.json',
};

let a: StudioApiStandIn;
let b: StudioApiStandIn;
let router: PrismRouter;

beforeAll(async () => {
  a = new StudioApiStandIn();
  b = a.serve(new StudioApiStandIn(ACCOUNT_B));
  router = await startPrismRouter(await a.start(), SPECS);
}, 180_000);

afterAll(async () => {
  await router?.stop();
  await a?.stop();
});

/** The same resources, by name, in both accounts: different SIDs, different domains. */
function populate(account: StudioApiStandIn) {
  account.pageSize = 2;
  const service = account.addService('tools', [{ unique_name: 'dev', domain_suffix: 'dev' }, { unique_name: 'prod' }], ['/crm/lookup', '/hours']);
  const workspace = account.addWorkspace('Flex Task Assignment', { workflows: ['Assign to Anyone', 'VIP'], taskChannels: ['chat', 'voice', 'sms'], taskQueues: ['Everyone'] });
  const messaging = account.addMessagingService('Notifications');
  const number = account.addNumber('+15005550006');
  const flow = account.addFlow('Lookup subflow', fixtureFlow('voice-ivr'));
  return { service, workspace, messaging, number, flow };
}

describe('promotion’s lookups in two accounts against Twilio’s OpenAPI descriptions (Prism proxies)', () => {
  it('every listing on the spec; each account answers with its own resources; identities found in one are found in the other', async () => {
    const inA = populate(a);
    const inB = populate(b);
    const resourcesA = new AccountResources(await connect(a.env({ STUDIO_LINT_BASE_URL: router.url })));
    const resourcesB = new AccountResources(await connect(b.env({ STUDIO_LINT_BASE_URL: router.url })));

    const references = [
      { kind: 'serverless-service', value: inA.service.sid },
      { kind: 'serverless-environment', value: inA.service.environments[0]!.sid },
      { kind: 'function-domain', value: inA.service.environments[0]!.domain_name },
      { kind: 'function', value: inA.service.functions[1]!.sid },
      { kind: 'flow', value: inA.flow },
      { kind: 'workflow', value: inA.workspace.workflows[1]!.sid },
      { kind: 'task-channel', value: inA.workspace.taskChannels[2]!.sid },
      { kind: 'task-queue', value: inA.workspace.taskQueues[0]!.sid },
      { kind: 'workspace', value: inA.workspace.sid },
      { kind: 'messaging-service', value: inA.messaging },
      { kind: 'phone-number', value: inA.number },
    ] as const;
    const identities = [];
    for (const r of references) identities.push(await resourcesA.identify(r));
    expect(identities.map((i) => ('identity' in i ? i.identity.name : i.unresolved))).toEqual([
      'tools',
      'tools/dev',
      'tools/dev',
      'tools:/hours',
      'Lookup subflow',
      'VIP',
      'sms',
      'Everyone',
      'Flex Task Assignment',
      'Notifications',
      '+15005550006',
    ]);
    const found = [];
    for (const [i, r] of references.entries()) found.push(await resourcesB.find((identities[i] as { identity: never }).identity, r));
    expect(found).toEqual([
      { value: inB.service.sid },
      { value: inB.service.environments[0]!.sid },
      { value: inB.service.environments[0]!.domain_name },
      { value: inB.service.functions[1]!.sid },
      { value: inB.flow },
      { value: inB.workspace.workflows[1]!.sid },
      { value: inB.workspace.taskChannels[2]!.sid },
      { value: inB.workspace.taskQueues[0]!.sid },
      { value: inB.workspace.sid },
      { value: inB.messaging },
      { value: inB.number },
    ]);
    // The two accounts never share a SID or a domain.
    expect(inB.service.sid).not.toBe(inA.service.sid);
    expect(inB.service.environments[0]!.domain_name).not.toBe(inA.service.environments[0]!.domain_name);
    expect(inB.flow).not.toBe(inA.flow);
    // Each account's requests were answered by it alone.
    expect(a.requests.length).toBeGreaterThan(0);
    expect(b.requests.length).toBeGreaterThan(0);

    expect(router.violations()).toEqual([]);
    expect(router.exchanges.filter((e) => e.status >= 400)).toEqual([]);
    expect(router.exchanges.flatMap((e) => router.bodyViolations(e))).toEqual([]);
    const seen = new Set(router.exchanges.map((e) => `${e.host} ${e.method} ${e.template}`));
    for (const expected of [
      'serverless.twilio.com GET /v1/Services',
      'serverless.twilio.com GET /v1/Services/{ServiceSid}/Environments',
      'serverless.twilio.com GET /v1/Services/{ServiceSid}/Functions',
      'serverless.twilio.com GET /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions',
      'taskrouter.twilio.com GET /v1/Workspaces',
      'taskrouter.twilio.com GET /v1/Workspaces/{WorkspaceSid}/Workflows',
      'taskrouter.twilio.com GET /v1/Workspaces/{WorkspaceSid}/TaskChannels',
      'taskrouter.twilio.com GET /v1/Workspaces/{WorkspaceSid}/TaskQueues',
      'messaging.twilio.com GET /v1/Services',
      'api.twilio.com GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'studio.twilio.com GET /v2/Flows',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    // Pages were followed (PageSize 2, three task channels).
    expect(router.exchanges.some((e) => e.path.endsWith('/TaskChannels') && (e.body as { meta: { page: number } }).meta.page === 1)).toBe(true);
    for (const host of Object.keys(SPECS)) expect(router.forwarded(host), host).toBe(true);
  }, 120_000);

  it('the CLI: pull from A and push --promote --create into B, every request and answer on the spec', async () => {
    // The resources populate() made in the first test are there in both accounts; a flow of A uses them.
    const service = a.services[0]!;
    const workspace = a.workspaces[0]!;
    a.addFlow('Promoted', {
      description: 'promoted',
      initial_state: 'Trigger',
      flags: { allow_concurrent_calls: true },
      states: [
        { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingConversationMessage', next: 'fn' }], properties: { offset: { x: 0, y: 0 } } },
        { name: 'fn', type: 'run-function', transitions: [{ event: 'success', next: 'flex' }], properties: { offset: { x: 0, y: 0 }, service_sid: service.sid, environment_sid: service.environments[0]!.sid, function_sid: service.functions[0]!.sid, url: `https://${service.environments[0]!.domain_name}/crm/lookup` } },
        { name: 'flex', type: 'send-to-flex', transitions: [], properties: { offset: { x: 0, y: 0 }, workflow: workspace.workflows[0]!.sid, channel: workspace.taskChannels[1]!.sid, attributes: '{}' } },
      ],
    });
    const from = router.exchanges.length;
    const dir = tempDir();
    const pulled = await runCliInProcess(['pull', '--sid', [...a.flows.values()].find((f) => f.friendlyName === 'Promoted')!.sid], { cwd: dir, env: a.env({ STUDIO_LINT_BASE_URL: router.url }) });
    expect(pulled.status, pulled.stderr).toBe(0);
    const promoted = await runCliInProcess(['push', '--promote', '--create'], { cwd: dir, env: b.env({ STUDIO_LINT_BASE_URL: router.url }) });
    expect(promoted.stderr).toBe('');
    expect(promoted.status).toBe(0);
    const created = [...b.flows.values()].find((f) => f.friendlyName === 'Promoted')!;
    expect(JSON.stringify(b.latest(created.sid).definition)).toContain(b.workspaces[0]!.workflows[0]!.sid);
    const exchanges = router.exchanges.slice(from);
    expect(exchanges.filter((e) => e.status >= 400)).toEqual([]);
    expect(exchanges.flatMap((e) => router.bodyViolations(e))).toEqual([]);
    expect(router.violations()).toEqual([]);
    const seen = new Set(exchanges.map((e) => `${e.host} ${e.method} ${e.template}`));
    for (const expected of ['studio.twilio.com POST /v2/Flows/Validate', 'studio.twilio.com POST /v2/Flows', 'serverless.twilio.com GET /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions', 'taskrouter.twilio.com GET /v1/Workspaces/{WorkspaceSid}/TaskChannels']) {
      expect(seen, expected).toContain(expected);
    }
  }, 120_000);

  it('the checks can fail: a body off the spec is refused and named, and wrong credentials open neither account', async () => {
    const from = router.exchanges.length;
    a.faults.push({ method: 'GET', path: '/v1/Workspaces', status: 200, body: { workspaces: [{ sid: 42 }], meta: { page: 'zero' } } });
    const resources = new AccountResources(await connect(a.env({ STUDIO_LINT_BASE_URL: router.url })));
    await expect(resources.taskrouter('workflows')).rejects.toThrow(/listing TaskRouter workspaces/);
    // Prism refuses the answer (this spec's proxy checks bodies) ...
    expect(router.exchanges.slice(from).map((e) => [e.status, JSON.stringify(e.body)])).toEqual([[500, expect.stringMatching(/workspaces\.0\.sid must be string/)]]);
    // ... and so does the body check on what the stand-in sent.
    const sent = a.responses.at(-1)!;
    expect(router.bodyViolations({ host: 'taskrouter.twilio.com', method: 'GET', path: sent.path, template: '/v1/Workspaces', status: sent.status, body: sent.body }).join('\n')).toMatch(/must be/);

    const stranger = new AccountResources(await connect(b.env({ STUDIO_LINT_BASE_URL: router.url, TWILIO_AUTH_TOKEN: a.account.authToken })));
    await expect(stranger.messagingServices()).rejects.toThrow(/HTTP 401/);
  }, 60_000);
});

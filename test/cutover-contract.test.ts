/**
 * Contract test of cutover's traffic against Twilio's OpenAPI descriptions (as shipped in @twilio-alpha/mcp,
 * like contract.test.ts): twilio_flex_v1.json, twilio_conversations_v1.json, twilio_api_v2010.json,
 * twilio_studio_v2.json and twilio_taskrouter_v1.json, one Stoplight Prism validating proxy (--errors) each,
 * in front of the stand-in. The CLI talks to one base URL; a router here sends each request to the Prism of
 * the Twilio host the client named (X-Twilio-Host) and checks each response body the stand-in returned
 * against that spec's schema with ajv (Prism 5's proxy does not check bodies): test/support/prism-router.ts. Each check has a case that
 * must fail.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { startPrismRouter, type PrismRouter } from './support/prism-router.js';
import { ACCOUNT_SID, AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';

const SPECS: Record<string, string> = {
  'studio.twilio.com': 'twilio_studio_v2.json',
  'flex-api.twilio.com': 'twilio_flex_v1.json',
  'conversations.twilio.com': 'twilio_conversations_v1.json',
  'api.twilio.com': 'twilio_api_v2010.json',
  'taskrouter.twilio.com': 'twilio_taskrouter_v1.json',
};

let api: StudioApiStandIn;
let router: PrismRouter;

beforeAll(async () => {
  api = new StudioApiStandIn();
  router = await startPrismRouter(await api.start(), SPECS);
}, 180_000);

afterAll(async () => {
  await router?.stop();
  await api?.stop();
});

const webhook = (flowSid: string) => `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${flowSid}`;

describe('cutover’s traffic against Twilio’s OpenAPI descriptions (Prism proxies)', () => {
  it('plan, apply and rollback: every request and response on the spec', async () => {
    const flowSid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.flexFlows.push(
      { sid: 'FO00000000000000000000000000000001', friendly_name: 'SMS one', channel_type: 'sms', contact_identity: '+15550000001', integration_type: 'studio', integration: { flow_sid: flowSid, retry_count: 1 } },
      { sid: 'FO00000000000000000000000000000002', friendly_name: 'WhatsApp', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550000002', integration_type: 'studio', integration: { flow_sid: flowSid } },
    );
    api.numbers.push(
      { sid: 'PN00000000000000000000000000000001', phone_number: '+15550000001', sms_url: webhook(flowSid) },
      { sid: 'PN00000000000000000000000000000002', phone_number: '+15550000002', sms_url: webhook(flowSid) },
    );
    api.addExecution(flowSid, 'active');
    api.addTask('pending', { channelSid: 'CH00000000000000000000000000000001', channelType: 'sms' });
    const dir = tempDir();
    const env = api.env({ STUDIO_LINT_BASE_URL: router.url });
    const run = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
    expect((await run('pull')).status).toBe(0);
    writeFileSync(path.join(dir, 'flows', 'inbound-sms.json'), JSON.stringify(fixtureFlow('conversations-migrated'), null, 2) + '\n');

    const plan = await run('cutover', 'plan', 'flows/inbound-sms.json', '--cancel-pending-tasks');
    expect(plan.stderr).toBe('');
    expect(plan.status, plan.stdout).toBe(0);
    const apply = await run('cutover', 'apply', 'cutover-plan.json', '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);
    // +15550000002 has a legacy WhatsApp address and its SMS webhook starts the flow: it keeps both, as two
    // Conversations addresses (an SMS and a WhatsApp address on one phone are two).
    expect(api.addresses.map((a) => [a.type, a.address])).toEqual([
      ['sms', '+15550000001'],
      ['whatsapp', 'whatsapp:+15550000002'],
      ['sms', '+15550000002'],
    ]);
    const rollback = await run('cutover', 'rollback', 'cutover-plan.json', '--yes');
    expect(rollback.stderr).toBe('');
    expect(rollback.status).toBe(0);

    expect(router.violations()).toEqual([]);
    expect(router.exchanges.filter((e) => e.status >= 400)).toEqual([]);
    expect(router.exchanges.flatMap((e) => router.bodyViolations(e))).toEqual([]);
    const seen = new Set(router.exchanges.map((e) => `${e.host} ${e.method} ${e.template}`));
    for (const expected of [
      'flex-api.twilio.com GET /v1/Configuration',
      'flex-api.twilio.com GET /v1/FlexFlows',
      'flex-api.twilio.com DELETE /v1/FlexFlows/{Sid}',
      'flex-api.twilio.com POST /v1/FlexFlows',
      'conversations.twilio.com GET /v1/Configuration',
      'conversations.twilio.com GET /v1/Configuration/Addresses',
      'conversations.twilio.com POST /v1/Configuration/Addresses',
      'conversations.twilio.com DELETE /v1/Configuration/Addresses/{Sid}',
      'api.twilio.com GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'api.twilio.com GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
      'api.twilio.com POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
      'studio.twilio.com GET /v2/Flows/{FlowSid}/Executions',
      'studio.twilio.com POST /v2/Flows/{FlowSid}/Executions/{Sid}',
      'studio.twilio.com POST /v2/Flows',
      'studio.twilio.com POST /v2/Flows/{Sid}',
      'taskrouter.twilio.com GET /v1/Workspaces/{WorkspaceSid}/Tasks',
      'taskrouter.twilio.com POST /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    // Every exchange went through the Prism of its host.
    for (const host of Object.keys(SPECS)) expect(router.forwarded(host), host).toBe(true);
  }, 180_000);

  it('the checks can fail: a body off the spec, a request off the spec', async () => {
    const from = router.exchanges.length;
    api.faults.push({ method: 'GET', path: '/v1/Configuration/Addresses', status: 200, body: { address_configurations: [{ sid: 42 }], meta: { page: 'zero' } } });
    const dir = tempDir();
    const env = api.env({ STUDIO_LINT_BASE_URL: router.url });
    expect((await runCliInProcess(['pull'], { cwd: dir, env })).status).toBe(0);
    writeFileSync(path.join(dir, 'flows', 'inbound-sms.json'), JSON.stringify(fixtureFlow('conversations-migrated'), null, 2) + '\n');
    await runCliInProcess(['cutover', 'plan', 'flows/inbound-sms.json'], { cwd: dir, env });
    expect(router.exchanges.slice(from).flatMap((e) => router.bodyViolations(e)).join('\n')).toMatch(/conversations\.twilio\.com GET \/v1\/Configuration\/Addresses 200: .*must be/);

    // Prism refuses an address without the required Type before it reaches the stand-in.
    const posts = api.posts().length;
    const response = await fetch(`${router.prismUrl('conversations.twilio.com')}/v1/Configuration/Addresses`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Address=%2B15550000009',
    });
    expect(response.status).toBe(422);
    expect(api.posts().length).toBe(posts);
  }, 120_000);
});

/**
 * Contract test of cutover's traffic against Twilio's OpenAPI descriptions (as shipped in @twilio-alpha/mcp,
 * like contract.test.ts): twilio_flex_v1.json, twilio_conversations_v1.json, twilio_api_v2010.json,
 * twilio_studio_v2.json and twilio_taskrouter_v1.json, one Stoplight Prism validating proxy (--errors) each,
 * in front of the stand-in. The CLI talks to one base URL; a router here sends each request to the Prism of
 * the Twilio host the client named (X-Twilio-Host) and checks each response body the stand-in returned
 * against that spec's schema with ajv (Prism 5's proxy does not check bodies). Each check has a case that
 * must fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliAsync, tempDir } from './helpers.js';
import { dropUntypedNullable, freePort, PRISM, SPEC_DIR } from './support/prism.js';
import { ACCOUNT_SID, AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';

const SPECS: Record<string, string> = {
  'studio.twilio.com': 'twilio_studio_v2.json',
  'flex-api.twilio.com': 'twilio_flex_v1.json',
  'conversations.twilio.com': 'twilio_conversations_v1.json',
  'api.twilio.com': 'twilio_api_v2010.json',
  'taskrouter.twilio.com': 'twilio_taskrouter_v1.json',
};

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}
// Formats (date-time, uri, uri-map) are not checked: quiet about them.
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const specs = new Map<string, Spec>();
const specFiles = new Map<string, string>();
const specDir = tempDir('studio-lint-specs-');
for (const [host, file] of Object.entries(SPECS)) {
  const text = readFileSync(path.join(SPEC_DIR, file), 'utf8');
  // The 2010 API's page links are paths (its own examples: "first_page_uri": "/2010-04-01/Accounts/AC…"), but
  // the description says format "uri", which needs a scheme: read them as uri-reference.
  const patched =
    host === 'api.twilio.com'
      ? JSON.stringify(
          JSON.parse(text, function (this: Record<string, unknown>, key: string, value: unknown) {
            if (/^(first_page_uri|next_page_uri|previous_page_uri|uri)$/.test(key) && (value as { format?: string })?.format === 'uri') return { ...(value as object), format: 'uri-reference' };
            // Clearing "A message comes in" sends an empty SmsUrl; format "uri" leaves no value that removes it.
            if (key === 'SmsUrl' && (value as { format?: string })?.format === 'uri') return { anyOf: [value, { type: 'string', maxLength: 0 }] };
            return value;
          }),
        )
      : text;
  specFiles.set(host, path.join(specDir, file));
  writeFileSync(specFiles.get(host)!, patched);
  const spec = JSON.parse(patched) as Spec;
    dropUntypedNullable(spec);
  ajv.addSchema(spec, host);
  specs.set(host, spec);
}

/** The spec's path template for a concrete path, the most literal first. */
function template(host: string, method: string, concrete: string): string | undefined {
  const spec = specs.get(host)!;
  return Object.keys(spec.paths)
    .filter((t) => spec.paths[t]![method.toLowerCase()])
    .sort((a, b) => a.split('{').length - b.split('{').length)
    .find((t) => new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete));
}

interface Exchange {
  host: string;
  method: string;
  path: string;
  template: string | undefined;
  status: number;
  body: unknown;
}

/** The body's violations of the spec's schema for this response; [] when it documents none. */
function bodyViolations(e: Exchange): string[] {
  if (!e.template) return [`${e.host} ${e.method} ${e.path}: not in the spec`];
  const response = specs.get(e.host)!.paths[e.template]?.[e.method.toLowerCase()]?.responses?.[String(e.status)];
  if (!response?.content?.['application/json']?.schema) return [];
  const pointer = `${e.host}#/paths/${e.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${e.method.toLowerCase()}/responses/${e.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer)!;
  return validate(e.body) ? [] : [`${e.host} ${e.method} ${e.path} ${e.status}: ${JSON.stringify(validate.errors).slice(0, 300)}`];
}

let api: StudioApiStandIn;
const prisms: ChildProcess[] = [];
const prismLogs = new Map<string, string>();
const prismUrls = new Map<string, string>();
let router: Server;
let routerUrl = '';
const exchanges: Exchange[] = [];

beforeAll(async () => {
  api = new StudioApiStandIn();
  const upstream = await api.start();
  await Promise.all(
    Object.entries(SPECS).map(async ([host, file]) => {
      const port = await freePort();
      prismUrls.set(host, `http://127.0.0.1:${port}`);
      prismLogs.set(host, '');
      const prism = spawn(PRISM, ['proxy', specFiles.get(host)!, upstream, '--host', '127.0.0.1', '--port', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
      prisms.push(prism);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Prism (${file}) did not start:\n${prismLogs.get(host)}`)), 120_000);
        const listen = (d: Buffer) => {
          prismLogs.set(host, prismLogs.get(host)! + d.toString());
          if (prismLogs.get(host)!.includes('Prism is listening')) {
            clearTimeout(timer);
            resolve();
          }
        };
        prism.stdout.on('data', listen);
        prism.stderr.on('data', listen);
      });
    }),
  );
  router = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const host = String(req.headers['x-twilio-host'] ?? '');
      const target = prismUrls.get(host);
      if (!target) {
        res.writeHead(599).end(`no spec for host '${host}'`);
        return;
      }
      const url = new URL(req.url ?? '/', target);
      const forward = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(body).toString();
          const pathname = url.pathname;
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          exchanges.push({ host, method: req.method ?? 'GET', path: pathname, template: template(host, req.method ?? 'GET', pathname), status: answer.statusCode ?? 0, body: parsed });
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
        });
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  routerUrl = `http://127.0.0.1:${(router.address() as { port: number }).port}`;
}, 180_000);

afterAll(async () => {
  for (const p of prisms) p.kill();
  await new Promise<void>((resolve) => router?.close(() => resolve()));
  await api?.stop();
});

/** Prism's log lines about violations; an undocumented 4xx status (Twilio documents none) is expected. */
const violations = () =>
  [...prismLogs.entries()].flatMap(([host, log]) =>
    log
      .split('\n')
      .filter((l) => /violation/i.test(l) && !/Unable to match the returned status code/.test(l))
      .map((l) => `${host}: ${l}`),
  );

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
    const env = api.env({ STUDIO_LINT_BASE_URL: routerUrl });
    const run = (...args: string[]) => runCliAsync(args, { cwd: dir, env });
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

    expect(violations()).toEqual([]);
    expect(exchanges.filter((e) => e.status >= 400)).toEqual([]);
    expect(exchanges.flatMap(bodyViolations)).toEqual([]);
    const seen = new Set(exchanges.map((e) => `${e.host} ${e.method} ${e.template}`));
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
    for (const host of Object.keys(SPECS)) expect(prismLogs.get(host), host).toMatch(/Forwarding/);
  }, 180_000);

  it('the checks can fail: a body off the spec, a request off the spec', async () => {
    const from = exchanges.length;
    api.faults.push({ method: 'GET', path: '/v1/Configuration/Addresses', status: 200, body: { address_configurations: [{ sid: 42 }], meta: { page: 'zero' } } });
    const dir = tempDir();
    const env = api.env({ STUDIO_LINT_BASE_URL: routerUrl });
    expect((await runCliAsync(['pull'], { cwd: dir, env })).status).toBe(0);
    writeFileSync(path.join(dir, 'flows', 'inbound-sms.json'), JSON.stringify(fixtureFlow('conversations-migrated'), null, 2) + '\n');
    await runCliAsync(['cutover', 'plan', 'flows/inbound-sms.json'], { cwd: dir, env });
    expect(exchanges.slice(from).flatMap(bodyViolations).join('\n')).toMatch(/conversations\.twilio\.com GET \/v1\/Configuration\/Addresses 200: .*must be/);

    // Prism refuses an address without the required Type before it reaches the stand-in.
    const posts = api.posts().length;
    const response = await fetch(`${prismUrls.get('conversations.twilio.com')}/v1/Configuration/Addresses`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Address=%2B15550000009',
    });
    expect(response.status).toBe(422);
    expect(api.posts().length).toBe(posts);
  }, 120_000);
});

/**
 * Contract test against Twilio's own OpenAPI description of Studio v2 (twilio_studio_v2.json, as shipped in
 * @twilio-alpha/mcp). Stoplight Prism runs as a validating proxy in front of the stand-in: with --errors it
 * refuses any request the CLI sends through the real twilio package that breaks the spec, and it checks
 * every response's status code. Prism 5's proxy did not check response bodies here (it let `[]` through as
 * a Flow), so each body the stand-in returned is validated with ajv against the same spec's schemas.
 * Each check has a case that must fail, so that none of them passes vacuously.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { dropUntypedNullable, freePort, PRISM, SPEC_DIR } from './support/prism.js';
import { StudioApiStandIn } from './support/studio-api.js';

const SPEC = path.join(SPEC_DIR, 'twilio_studio_v2.json');

const run = (args: string[], cwd: string, env: Record<string, string>) => runCliInProcess(args, { cwd, env });

let api: StudioApiStandIn;
let prism: ChildProcess;
let prismLog = '';
let prismUrl = '';

beforeAll(async () => {
  api = new StudioApiStandIn();
  const upstream = await api.start();
  const port = await freePort();
  prismUrl = `http://127.0.0.1:${port}`;
  prism = spawn(PRISM, ['proxy', SPEC, upstream, '--host', '127.0.0.1', '--port', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${prismLog}`)), 60_000);
    const listen = (d: Buffer) => {
      prismLog += d.toString();
      if (prismLog.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    prism.stdout!.on('data', listen);
    prism.stderr!.on('data', listen);
  });
}, 90_000);

afterAll(async () => {
  prism?.kill();
  await api?.stop();
});

/**
 * Prism's log lines about violations since `from`. Twilio's spec documents no error status (Validate lists
 * only 200, though the API answers 400 with details.errors), so an undocumented status on a 4xx is expected.
 */
const violations = (from: number) =>
  prismLog
    .slice(from)
    .split('\n')
    .filter((l) => /violation/i.test(l) && !/Unable to match the returned status code/.test(l));
const undocumentedStatuses = (from: number) => prismLog.slice(from).split('\n').filter((l) => /Unable to match the returned status code/.test(l)).length;

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}
const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Spec;
// Twilio's x- extensions are ignored (strict: false).
dropUntypedNullable(spec);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, 'spec');

/** The spec's schema for a response, by method, concrete path and status; undefined when it documents none. */
function responseSchema(method: string, path: string, status: number): { pointer: string; validate: (body: unknown) => boolean; errors: () => unknown } | undefined {
  const template = Object.keys(spec.paths)
    .sort((a, b) => b.split('{').length - a.split('{').length)
    .reverse()
    .find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  if (!template) return undefined;
  const response = spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!response?.content?.['application/json']?.schema) return undefined;
  const pointer = `spec#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer)!;
  return { pointer, validate: (body) => validate(body) as boolean, errors: () => validate.errors };
}

/** Every response the stand-in sent since `from` that the spec documents, checked against its schema. */
function bodyViolations(from: number): string[] {
  return api.responses.slice(from).flatMap((r) => {
    const schema = responseSchema(r.method, r.path, r.status);
    if (!schema) return [];
    return schema.validate(r.body) ? [] : [`${r.method} ${r.path} ${r.status}: ${JSON.stringify(schema.errors()).slice(0, 300)}`];
  });
}

describe('the CLI and the stand-in against Twilio’s OpenAPI description (Prism proxy)', () => {
  it('pull, fix, push, a refused push, rollback and lint --remote: no violation either way', async () => {
    const from = prismLog.length;
    const fromResponse = api.responses.length;
    const dir = tempDir();
    const env = api.env({ STUDIO_LINT_BASE_URL: prismUrl });
    api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));

    expect((await run(['pull'], dir, env)).status).toBe(0);
    expect((await run(['lint', '--fix', 'flows'], dir, env)).status).toBe(1);
    const pushed = await run(['push', '--no-verify'], dir, env);
    expect(pushed.stderr).toBe('');
    expect(pushed.status).toBe(0);
    expect((await run(['rollback', 'flows/inbound-sms.json', '--to', '1'], dir, env)).status).toBe(0);
    expect((await run(['lint', '--remote', '-f', 'json'], dir, env)).status).toBe(1);

    // A definition Twilio refuses: the 400 with details.errors[].property_path passes through Prism too.
    const file = path.join(dir, 'flows', 'voice-ivr.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"stop_gather": true', '"stop_gather": "yes"'));
    const refused = await run(['push', '--no-verify'], dir, env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/flows\/voice-ivr\.json:\d+:\d+: \/states\/1\/properties\/stop_gather must be boolean/);

    expect(violations(from)).toEqual([]);
    expect(undocumentedStatuses(from)).toBe(1); // the refused Validate's 400
    expect(prismLog.slice(from)).toMatch(/Forwarding "post" request to .*\/v2\/Flows\/Validate/);
    const checked = api.responses.slice(fromResponse).filter((r) => responseSchema(r.method, r.path, r.status));
    expect(new Set(checked.map((r) => `${r.method} ${r.path.replace(/FW\w+/, '{Sid}').replace(/\/\d+$/, '/{Revision}')}`))).toEqual(
      new Set(['GET /v2/Flows', 'GET /v2/Flows/{Sid}', 'POST /v2/Flows/Validate', 'POST /v2/Flows/{Sid}', 'GET /v2/Flows/{Sid}/Revisions/{Revision}']),
    );
    expect(bodyViolations(fromResponse)).toEqual([]);
  }, 60_000);

  it('the checks can fail: a response body off the spec, and a request off the spec', async () => {
    const fromResponse = api.responses.length;
    const dir = tempDir();
    const sid = api.addFlow('Broken', fixtureFlow('voice-ivr'));
    api.faults.push({ method: 'GET', path: `/v2/Flows/${sid}`, status: 200, body: { sid: 42, revision: 'one', status: 'unknown' } });
    const result = await run(['pull', '--sid', sid], dir, api.env({ STUDIO_LINT_BASE_URL: prismUrl }));
    // The CLI itself refuses the answer (exit 3, no crash) ...
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/is not a Flow with a definition and a revision/);
    // ... and the body check names it.
    expect(bodyViolations(fromResponse).join('\n')).toMatch(/GET \/v2\/Flows\/FW\w+ 200: .*must be string/);

    // Prism refuses a request that breaks the spec (an update without the required Status) before it reaches the stand-in.
    const posts = api.posts().length;
    const response = await fetch(`${prismUrl}/v2/Flows/${sid}`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${api.env().TWILIO_ACCOUNT_SID}:${api.env().TWILIO_AUTH_TOKEN}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'CommitMessage=no+status',
    });
    expect(response.status).toBe(422);
    expect(api.posts().length).toBe(posts);
  }, 60_000);
});

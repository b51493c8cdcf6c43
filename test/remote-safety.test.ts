/**
 * Issue 14 for the remote commands: pull writes only inside its folder and only files it pulled, a lost
 * answer does not leave a flow stuck, a request has a total deadline, and failures are messages (exit 2 or
 * 3), never a stack trace. The command line (run in this process: runCliInProcess) and the real twilio package
 * against the stand-in on 127.0.0.1.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';
import { redact } from '../src/twilio/client.js';


let api: StudioApiStandIn;
let root: string;
let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: api.env(env) });
const flowsDir = () => path.join(dir, 'flows');
const manifestFile = () => path.join(flowsDir(), '.studio-lint-flows.json');
const manifest = () => JSON.parse(readFileSync(manifestFile(), 'utf8')) as { flows: Record<string, { sid: string; revision: number; status: string }> };
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u001b\u0007\u202e]/;
const noInternalError = (run: { stderr: string }) => expect(run.stderr).not.toMatch(/internal error|\n\s+at /);

beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  // The project folder inside a scratch root, so that "outside" is a place the test can look at.
  root = tempDir();
  dir = path.join(root, 'project');
  mkdirSync(path.join(root, 'outside'), { recursive: true });
  mkdirSync(dir);
});
afterEach(async () => {
  await api.stop();
});

describe('pull writes only inside its folder, and only files it pulled', () => {
  it('a dangling symbolic link named like a flow is not written through (untracked: the flow takes another name)', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    mkdirSync(flowsDir());
    symlinkSync('../../outside/pwned.json', path.join(flowsDir(), 'inbound-sms.json'));
    const run = await cli(['pull']);
    noInternalError(run);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(root, 'outside', 'pwned.json'))).toBe(false);
    expect(lstatSync(path.join(flowsDir(), 'inbound-sms.json')).isSymbolicLink()).toBe(true);
    const name = `inbound-sms-${sid.slice(-8)}.json`;
    expect(manifest().flows[name]).toMatchObject({ sid });
    expect(JSON.parse(readFileSync(path.join(flowsDir(), name), 'utf8'))).toEqual(fixtureFlow('chat-sms-to-flex'));
  });

  it('a tracked flow file replaced by a symbolic link is refused, exit 2, the other flows pulled and recorded', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
    await cli(['pull']);
    const file = path.join(flowsDir(), 'inbound-sms.json');
    rmSync(file);
    symlinkSync('../../outside/pwned.json', file);
    api.addRevision(sid, fixtureFlow('conversations-migrated'), 'published', 'Console');
    api.addRevision(api.addFlow('Third', fixtureFlow('voice-ivr')), fixtureFlow('voice-ivr'), 'published', 'x');
    const run = await cli(['pull']);
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'Inbound SMS': not pulled: flows/inbound-sms.json: is a symbolic link; not written through it");
    expect(existsSync(path.join(root, 'outside', 'pwned.json'))).toBe(false);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(1);
    expect(manifest().flows['third.json']!.revision).toBe(2);
  });

  it('a symbolic link at the manifest’s old temporary name does not redirect the manifest', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    mkdirSync(flowsDir());
    symlinkSync('../../outside/manifest.json', path.join(flowsDir(), '.studio-lint-flows.json.tmp'));
    const run = await cli(['pull']);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(root, 'outside', 'manifest.json'))).toBe(false);
    expect(manifest().flows['a.json']).toBeDefined();
  });

  it('a manifest key that leaves the folder is refused with exit 2 naming the manifest; nothing written outside', async () => {
    const sid = api.addFlow('A', fixtureFlow('voice-ivr'));
    mkdirSync(flowsDir());
    writeFileSync(manifestFile(), JSON.stringify({ version: 1, flows: { '../../escaped.json': { sid, friendlyName: 'A', revision: 0, status: 'published', hash: 'x' } } }));
    const run = await cli(['pull']);
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`flows/.studio-lint-flows.json: "flows" names '../../escaped.json', which is not a *.json file name inside the folder`);
    expect(existsSync(path.join(root, 'escaped.json'))).toBe(false);
    expect(existsSync(path.join(flowsDir(), 'a.json'))).toBe(false);
  });

  it('never overwrites a file it did not pull, and never names a flow after a file that configures studio-lint', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    const config = api.addFlow('studio-lint.config', fixtureFlow('voice-ivr'));
    mkdirSync(flowsDir());
    writeFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'my own notes\n');
    const run = await cli(['pull']);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'utf8')).toBe('my own notes\n');
    expect(manifest().flows[`inbound-sms-${sid.slice(-8)}.json`]).toMatchObject({ sid });
    expect(existsSync(path.join(flowsDir(), 'studio-lint.config.json'))).toBe(false);
    expect(manifest().flows[`studio-lint.config-${config.slice(-8)}.json`]).toMatchObject({ sid: config });
  });
});

describe('a lost answer does not leave a flow stuck', () => {
  for (const [what, fault] of [
    ['a 500 after applying', { status: 500, after: true }],
    ['a reset after applying', { status: 0, after: true, reset: true }],
  ] as const) {
    it(`${what}: the push fails (exit 3); the next push, or a pull, recognises the account has it and records it`, async () => {
      const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
      await cli(['pull']);
      await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
      const fixed = readFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'utf8');
      api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, ...fault });
      const failed = await cli(['push', '--no-verify']);
      expect(failed.status).toBe(3);
      expect(api.latest(sid).revision).toBe(2); // Twilio applied it
      expect(manifest().flows['inbound-sms.json']!.revision).toBe(1);

      const pulled = await cli(['pull']);
      expect(pulled.status).toBe(0);
      expect(manifest().flows['inbound-sms.json']!.revision).toBe(2);
      expect(readFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'utf8')).toBe(fixed);
    });
  }

  it('push after a lost answer records the revision instead of refusing it as a Console edit', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    await cli(['pull']);
    await cli(['lint', '--fix', '--unsafe-fixes', 'flows']);
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, status: 500, after: true });
    expect((await cli(['push', '--no-verify'])).status).toBe(3);
    const again = await cli(['push', '--no-verify']);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^recorded {3}FW\d+ 'Inbound SMS': the account already has it as revision 2 \(draft\)/m);
    expect(api.latest(sid).revision).toBe(2);
    expect(manifest().flows['inbound-sms.json']).toMatchObject({ revision: 2, status: 'draft' });
    expect((await cli(['push', '--no-verify'])).stdout).toMatch(/^unchanged/m);
  });

  it('a server that drips a byte at a time hits the total deadline: exit 3, "timed out"', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    api.faults.push({ method: 'GET', path: '/v2/Flows', status: 200, drip: 100 });
    const run = await cli(['pull'], { STUDIO_LINT_TIMEOUT: '1' });
    noInternalError(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/listing flows: timed out/);
  });
});

describe('failures are messages, not stack traces', () => {
  it('inventory on an account without Flex (404 on /v1/FlexFlows): exit 3 with Twilio’s message', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    api.faults.push({ method: 'GET', path: '/v1/FlexFlows', status: 404, body: { code: 20404, message: 'The requested resource /v1/FlexFlows was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 } });
    const run = await cli(['inventory']);
    noInternalError(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('listing Flex Flows (legacy addresses): Twilio answered HTTP 404, error 20404: The requested resource /v1/FlexFlows was not found');
  });

  it('a corrupt manifest (a merge conflict, "flows": null) is exit 2 naming the file', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    mkdirSync(flowsDir());
    writeFileSync(manifestFile(), '{\n<<<<<<< HEAD\n  "version": 1,\n=======\n  "version": 1,\n>>>>>>> theirs\n  "flows": {}\n}\n');
    for (const command of [['pull'], ['push']]) {
      const run = await cli(command);
      noInternalError(run);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/flows\/\.studio-lint-flows\.json: not valid JSON \(it holds merge conflict markers\)/);
    }
    writeFileSync(manifestFile(), '{"version": 1, "flows": null}');
    const run = await cli(['pull']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('flows/.studio-lint-flows.json: "flows" must be an object of file names');
  });

  it('pull --out naming a file is exit 2; a folder where a pulled file goes: the others are still written and recorded', async () => {
    api.addFlow('A', fixtureFlow('voice-ivr'));
    api.addFlow('B', fixtureFlow('voice-ivr'));
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const onFile = await cli(['pull', '--out', 'notes.txt']);
    noInternalError(onFile);
    expect(onFile.status).toBe(2);
    expect(onFile.stderr).toContain('--out notes.txt: is a file, not a folder');

    await cli(['pull']);
    rmSync(path.join(flowsDir(), 'a.json'));
    mkdirSync(path.join(flowsDir(), 'a.json'));
    api.addRevision([...api.flows.keys()][0]!, fixtureFlow('chat-sms-to-flex'), 'published', 'x');
    api.addRevision([...api.flows.keys()][1]!, fixtureFlow('chat-sms-to-flex'), 'published', 'x');
    const run = await cli(['pull']);
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'A': not pulled: flows/a.json: is a folder");
    expect(manifest().flows['b.json']!.revision).toBe(2);
  });
});

describe('output from the account cannot act on the terminal or leak credentials', () => {
  it('control characters and escape sequences in friendly names are shown escaped', async () => {
    api.addFlow('Evil\u001b]0;pwned\u0007\u001b[2J\u202eName', fixtureFlow('chat-sms-to-flex'));
    const run = await cli(['pull']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(TERMINAL_CONTROLS);
    expect(run.stdout).toContain("'Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u202eName'");
    const inventory = await cli(['inventory']);
    expect(inventory.stdout).not.toMatch(TERMINAL_CONTROLS);
    for (const format of ['compact', 'stylish']) {
      const remote = await cli(['lint', '--remote', '-f', format]);
      expect(remote.stdout).toContain('(Evil\\u001b]0;pwned');
      expect(remote.stdout + remote.stderr).not.toMatch(TERMINAL_CONTROLS);
    }
  });

  it('redaction takes Basic and Bearer credentials, not the words', () => {
    expect(redact('Authorization: Basic QUMwMDAwOnNlY3JldA== sent')).toBe('Authorization: Basic [redacted] sent');
    expect(redact('Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe('Bearer [redacted]');
    expect(redact('Basic authentication failed')).toBe('Basic authentication failed');
  });

  it('an error body that echoes the Authorization header is printed with the credentials redacted', async () => {
    api.faults.push({ method: 'GET', path: '/v2/Flows', status: 400, echoAuthorization: true });
    const run = await cli(['pull']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('Authorization: Basic [redacted]');
    const basic = Buffer.from(`${api.env().TWILIO_ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    for (const secret of [AUTH_TOKEN, basic]) expect(run.stdout + run.stderr).not.toContain(secret);
  });
});

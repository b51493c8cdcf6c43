/**
 * The command line as a function (src/commands/program.ts): run in this process on a context of its own, it
 * answers as the built binary does, and leaves this process alone (no exit, no exit code, nothing on its
 * streams). The account-command tests rely on it (test/helpers.ts runCliInProcess).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommandLine } from '../src/commands/program.js';
import type { CliContext } from '../src/commands/shared.js';
import { VERSION } from '../src/version.js';
import { fixtureFlow, ROOT, runCliAsync, runCliInProcess, tempDir } from './helpers.js';
import { AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';
import { redact } from '../src/twilio/client.js';

function captured(overrides: Partial<CliContext> = {}): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(String(text)),
    stderr: (text) => void err.push(text),
    readStdin: () => '',
    cwd: ROOT,
    env: { NO_COLOR: '1' },
    stdinIsTty: false,
    stdoutIsTty: false,
    stderrIsTty: false,
    ask: () => Promise.resolve(''),
    ...overrides,
  };
}

describe('runCommandLine', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('--version, --help and a usage error: the exit code returned, the text on the context, this process untouched', async () => {
    const version = captured();
    expect(await runCommandLine(['--version'], version)).toBe(0);
    expect(version.out.join('')).toBe(`${VERSION}\n`);
    const bogus = captured();
    expect(await runCommandLine(['--bogus'], bogus)).toBe(2);
    expect(bogus.err.join('')).toBe("studio-lint: unknown option '--bogus'\n(run studio-lint --help for usage)\n");
    const unknownRule = captured();
    expect(await runCommandLine(['explain', 'no-such-rule'], unknownRule)).toBe(2);
    expect(unknownRule.err.join('')).toMatch(/^studio-lint: unknown rule 'no-such-rule'/);
    expect(unknownRule.out).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('wraps the help at the context’s terminal width', async () => {
    const help = async (columns: number) => {
      const context = captured({ stdoutIsTty: true, columns });
      expect(await runCommandLine(['--help'], context)).toBe(0);
      const lines = context.out.join('').split('\n');
      // Commander's list of commands, and the list of lint's options after it.
      return { pull: lines.find((l) => l.startsWith('  pull '))!, options: lines.slice(lines.findIndex((l) => l.endsWith('Its options:')) + 1, -2) };
    };
    const narrow = await help(80);
    expect(narrow.pull.length).toBeLessThanOrEqual(80);
    expect(narrow.options.join(' ')).toContain('--fix');
    expect(Math.max(...narrow.options.map((l) => l.length))).toBeLessThanOrEqual(78);
    const wide = await help(200);
    expect(wide.pull.length).toBeGreaterThan(80);
    expect(Math.max(...wide.options.map((l) => l.length))).toBeGreaterThan(78);
  });

  it('runs in the context’s folder with its environment: lint reads the files there, exit 1 for findings', async () => {
    const run = await runCliInProcess(['lint', '-f', 'json', 'fixtures'], { cwd: ROOT });
    const binary = await runCliAsync(['lint', '-f', 'json', 'fixtures'], { cwd: ROOT });
    expect(run.status).toBe(1);
    expect(run).toEqual(binary);
  });
});

describe('an account command in this process and in the binary', () => {
  let api: StudioApiStandIn | undefined;
  afterEach(async () => {
    await api?.stop();
  });

  it('pull: the same exit code, output and files, against the stand-in over HTTP', async () => {
    api = new StudioApiStandIn();
    await api.start();
    api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
    const here = tempDir();
    const there = tempDir();
    const inProcess = await runCliInProcess(['pull'], { cwd: here, env: api.env() });
    const binary = await runCliAsync(['pull'], { cwd: there, env: api.env() });
    expect(inProcess.status).toBe(0);
    expect(inProcess).toEqual(binary);
    const files = (dir: string) => readdirSync(path.join(dir, 'flows')).sort().map((f) => [f, readFileSync(path.join(dir, 'flows', f), 'utf8')]);
    expect(files(here)).toEqual(files(there));
  });

  it('each run redacts its own credentials, as a process of its own would, not those of earlier runs', async () => {
    api = new StudioApiStandIn();
    await api.start();
    api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    expect((await runCliInProcess(['pull'], { cwd: tempDir(), env: api.env() })).status).toBe(0);
    expect(redact(`token ${AUTH_TOKEN}`)).toBe('token [redacted]');
    const wrong = await runCliInProcess(['pull'], { cwd: tempDir(), env: api.env({ TWILIO_AUTH_TOKEN: 'wrong-token-value-123' }) });
    expect(wrong.status).toBe(3);
    expect(redact(`token ${AUTH_TOKEN} or wrong-token-value-123`)).toBe(`token ${AUTH_TOKEN} or [redacted]`);
  });

  it('a 429’s message goes to the command’s standard error, not this process’s', async () => {
    api = new StudioApiStandIn();
    await api.start();
    api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
    api.faults.push({ method: 'GET', path: '/v2/Flows', status: 429, times: 1, retryAfter: '1' });
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (text: string | Uint8Array) => (written.push(String(text)), true);
    try {
      const run = await runCliInProcess(['pull'], { cwd: tempDir(), env: api.env() });
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('studio-lint: Twilio is limiting the rate (HTTP 429): waiting 1 s, as its Retry-After asks, before trying again');
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).not.toContain('limiting the rate');
  });
});

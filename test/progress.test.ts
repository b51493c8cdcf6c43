/**
 * Progress on standard error for the commands that call Twilio once per flow: shown only on a terminal, and
 * never mixed into the lines of standard output. The commands run in this process against the stand-in API
 * (real twilio package, real HTTP) with an Io whose standard error claims to be a terminal; what the
 * terminal would show is rebuilt from the interleaved writes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLintCommand } from '../src/commands/lint.js';
import { inventory } from '../src/commands/inventory.js';
import { progress } from '../src/commands/progress.js';
import { pull } from '../src/commands/pull.js';
import type { RemoteIo } from '../src/commands/remote.js';
import { connect } from '../src/twilio/client.js';
import { fixtureFlow, runCliAsync, tempDir } from './helpers.js';
import { StudioApiStandIn } from './support/studio-api.js';


/** An Io writing both streams into one terminal, as a shell shows them. */
function terminal(tty: boolean, env: NodeJS.ProcessEnv) {
  const writes: { stream: 'out' | 'err'; text: string }[] = [];
  const io: RemoteIo = {
    stdout: (t) => writes.push({ stream: 'out', text: typeof t === 'string' ? t : Buffer.from(t).toString('utf8') }),
    stderr: (t) => writes.push({ stream: 'err', text: t }),
    readStdin: () => '',
    cwd: tempDir(),
    stdoutIsTty: tty,
    stderrIsTty: tty,
    env,
    connect: () => connect(env),
  };
  /** The screen: '\r' returns to the line's start, ESC[K erases to its end. */
  const screen = () => {
    const lines: string[] = [''];
    let col = 0;
    const text = writes.map((w) => w.text).join('');
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const row = lines.length - 1;
      if (c === '\r') col = 0;
      else if (c === '\n') {
        lines.push('');
        col = 0;
      } else if (text.startsWith('\u001b[K', i)) {
        lines[row] = lines[row]!.slice(0, col);
        i += 2;
      } else {
        lines[row] = lines[row]!.slice(0, col) + c + lines[row]!.slice(col + 1);
        col++;
      }
    }
    return lines;
  };
  const stderr = () => writes.filter((w) => w.stream === 'err').map((w) => w.text).join('');
  return { io, screen, stderr };
}

let api: StudioApiStandIn;
beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
  api.addFlow('Webchat', fixtureFlow('webchat-pre-engagement'));
  api.addFlow('Voice IVR', fixtureFlow('voice-ivr'));
});
afterEach(async () => {
  await api.stop();
});

describe('progress on a terminal', () => {
  it('pull: [n/total] while it works, and every line of either stream on a line of its own', async () => {
    const webchat = api.addFlow('Webchat 2', fixtureFlow('webchat-pre-engagement'));
    api.faults.push({ method: 'GET', path: `/v2/Flows/${webchat}`, status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } });
    const t = terminal(true, api.env());
    const code = await pull(await connect(api.env()), t.io, {});
    expect(code).not.toBe(0);
    expect(t.stderr()).toContain('[1/4] Inbound SMS');
    expect(t.stderr()).toContain('[4/4] Webchat 2');
    const lines = t.screen();
    expect(lines.filter((l) => l.startsWith('pulled     FW'))).toHaveLength(3);
    // Nothing was written over a progress line, and none is left on the screen: the failure has its own line.
    // (The fixtures' placeholder SIDs are not in the stand-in's account: pull says so in one line of its own.)
    expect(lines.filter((l) => l !== '' && !l.startsWith('pulled ') && !l.startsWith('studio-lint: '))).toEqual([expect.stringMatching(/^unnamed {4}\d+ account-specific values in \d+ flows? could not be named/)]);
    expect(lines.filter((l) => l.startsWith('studio-lint: '))).toHaveLength(1);
  });

  it('lint --remote and inventory show it too; the report is unchanged', async () => {
    const t = terminal(true, api.env());
    const code = await runLintCommand([], { remote: true, format: ['compact'] }, t.io);
    expect(code).toBe(1);
    expect(t.stderr()).toContain('[2/3] Webchat');
    expect(t.screen().filter((l) => l !== '').every((l) => /^FW\w+ \(.*\):\d+:\d+: |^\d+ problems$/.test(l))).toBe(true);

    const inv = terminal(true, api.env());
    expect(await inventory(await connect(api.env()), inv.io, { format: 'json' })).toBe(0);
    expect(inv.stderr()).toContain('[3/3] Voice IVR');
    expect(JSON.parse(inv.screen().join('\n'))).toHaveProperty('flows');
  });

  it('nothing on standard error when it is not a terminal', async () => {
    const t = terminal(false, api.env());
    await pull(await connect(api.env()), t.io, {});
    expect(t.stderr()).toBe('');
    const run = await runCliAsync(['lint', '--remote', '-f', 'compact'], { cwd: tempDir(), env: api.env() });
    expect(run.stdout).toContain('problems');
    expect(run.stderr).toBe('');
  });

  it('a progress line is cut to the terminal width, so that \\r can clear it', () => {
    const writes: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => writes.push(t), stderrIsTty: true };
    const bar = progress(io, 1);
    bar.step('x'.repeat(500));
    bar.end();
    expect(writes[0]!.length).toBeLessThanOrEqual((process.stderr.columns || 80) + 3);
    expect(writes.at(-1)).toBe('\r\u001b[K');
  });
});

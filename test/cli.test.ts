/**
 * The built binary, as users and their tools run it: exit codes, JSON output, discovery, stdin.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/index.js';
import { autoThreads, BYTES_PER_THREAD } from '../src/runner/schedule.js';
import { CLI, ROOT, runCli, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const json = (stdout: string) => JSON.parse(stdout) as LintResult[];

describe('studio-lint lint', () => {
  it('lints the bundled fixtures: exit 1, findings in the Chat-era flows only', () => {
    const run = runCli(['lint', '--format', 'json', 'fixtures']);
    expect(run.status).toBe(1);
    const results = json(run.stdout);
    const byFile = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.errorCount]));
    expect(byFile['conversations-migrated.json']).toBe(0);
    expect(byFile['voice-ivr.json']).toBe(0);
    expect(byFile['chat-sms-to-flex.json']).toBeGreaterThan(0);
    expect(byFile['webchat-pre-engagement.json']).toBeGreaterThan(0);
    for (const r of results) for (const m of r.messages) expect(m.line).toBeGreaterThanOrEqual(1);
  });

  it('says a flow out of scope is so for want of evidence, not as a fact, and names the remedies', () => {
    // Issue 24: a Chat-era flow that hands off to Flex through a subflow or a Function reads as a plain SMS flow.
    const [result] = json(runCli(['--format', 'json', path.join(FIXTURES, 'sms-autoresponder.json')]).stdout);
    const [decision] = result!.migrationScope!;
    expect(decision).toMatchObject({ migration: 'none', decidedBy: 'content' });
    expect(decision!.evidence[0]).toMatch(/^no evidence found in the content that Flex starts it/);
    expect(decision!.evidence[0]).toContain('a subflow or a Function this file does not show');
    expect(decision!.evidence[0]).toContain('`studio-lint inventory`');
    expect(decision!.evidence[0]).toContain('"migration": "flex"');
  });

  it('exits 0 on a clean flow, and the default command is lint', () => {
    const run = runCli([path.join(FIXTURES, 'voice-ivr.json')]);
    expect(run).toMatchObject({ status: 0, stdout: '' });
  });

  it('writes ESLint’s JSON shape, with pointer, widget and the fix as a range', () => {
    const run = runCli(['--format', 'json', 'fixtures/chat-sms-to-flex.json']);
    const [result] = json(run.stdout);
    // Its move is unsafe (it reads To and From): so is every rename that moves with it (issue 24).
    expect(result).toMatchObject({ errorCount: 8, warningCount: 4, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, unsafeFixableCount: 11 });
    expect(result!.migrationScope).toEqual([{ migration: 'flex', decidedBy: 'content', evidence: expect.arrayContaining(["Incoming Message reaches Send to Flex 'to_agent'"]) }]);
    const text = readFileSync(path.join(FIXTURES, 'chat-sms-to-flex.json'), 'utf8');
    const channel = result!.messages.find((m) => m.message.startsWith("'trigger.message.ChannelSid'"))!;
    // Studio's send-widget pre-fill: a warning, renamed with the rest (migration-semantics §4).
    expect(channel).toMatchObject({ ruleId: 'no-message-trigger-variable', severity: 1, line: 80, column: 23, endLine: 80, endColumn: 49, pointer: '/states/2/properties/channel', widget: 'send_stop_confirmation', fixSafety: 'unsafe' });
    expect(text.slice(channel.fix!.range[0], channel.fix!.range[1])).toBe('trigger.message.ChannelSid');
    expect(channel.fix!.text).toBe('trigger.conversation.ConversationSid');
  });

  it('--quiet drops warnings and --max-warnings turns too many into exit 1', () => {
    const dir = tempDir();
    // A widget nothing reaches: a warning (no-unreachable-widget).
    const flow = JSON.parse(readFileSync(path.join(FIXTURES, 'conversations-migrated.json'), 'utf8')) as { states: unknown[] };
    flow.states.push({ name: 'orphan', type: 'send-message', transitions: [], properties: { body: 'never sent', offset: { x: 0, y: 0 } } });
    writeFileSync(path.join(dir, 'warn.json'), JSON.stringify(flow, null, 2));
    expect(runCli(['--format', 'json', dir]).status).toBe(0);
    expect(json(runCli(['--format', 'json', '--quiet', dir]).stdout)[0]!.messages).toEqual([]);
    const over = runCli(['--max-warnings', '0', dir]);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/^studio-lint: too many warnings: \d+ \(maximum: 0\)\n$/);
  });

  it('the top-level --help shows the options of lint, which `studio-lint <paths...>` runs, and where they are described', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('`studio-lint <paths...>` is `studio-lint lint <paths...>`, the default command');
    expect(top.stdout).toContain('What each does: studio-lint lint --help');
    const lintOptions = [...runCli(['lint', '--help']).stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
    expect(lintOptions).toEqual(expect.arrayContaining(['--format', '--fix', '--unsafe-fixes', '--rule', '--quiet']));
    for (const option of lintOptions) expect(top.stdout, option).toMatch(new RegExp(`${option}\\b`));
  });

  it('--rule changes a severity; an unknown rule or a bad value is a usage error (exit 2)', () => {
    const off = runCli(['--format', 'json', '--rule', 'no-message-trigger-variable:off', '--rule', 'no-unavailable-trigger-variable:warn', '--rule', 'no-incoming-message-trigger:off', 'fixtures/chat-sms-to-flex.json']);
    expect(off.status).toBe(0);
    expect(new Set(json(off.stdout)[0]!.messages.map((m) => `${m.ruleId}:${m.severity}`))).toEqual(new Set(['no-unavailable-trigger-variable:1']));
    expect(runCli(['--rule', 'no-such-rule:error', 'fixtures']).stderr).toMatch(/unknown rule 'no-such-rule'/);
    expect(runCli(['--rule', 'no-such-rule:error', 'fixtures']).status).toBe(2);
    expect(runCli(['--rule', 'no-autopilot-widget:loud', 'fixtures']).status).toBe(2);
    // A near miss gets the rule it was probably meant to be, as a misspelt widget name does.
    expect(runCli(['--rule', 'no-autopilot-widgt:off', 'fixtures']).stderr).toBe("studio-lint: --rule: unknown rule 'no-autopilot-widgt' (did you mean 'no-autopilot-widget'?)\n");
    expect(runCli(['--fix-dry-run', '--fix-rule', 'no-legacy-channel-typ', 'fixtures']).stderr).toBe("studio-lint: --fix-rule: unknown rule 'no-legacy-channel-typ' (did you mean 'no-legacy-channel-type'?)\n");
    expect(runCli(['explain', 'valid-liquidd']).stderr).toBe("studio-lint: unknown rule 'valid-liquidd' (did you mean 'valid-liquid'?)\n");
  });

  it('a folder scan skips JSON that is not a flow (and --debug says why); a named non-flow is fatal', () => {
    const dir = tempDir();
    cpSync(path.join(FIXTURES, 'voice-ivr.json'), path.join(dir, 'voice.json'));
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'dep', 'flow.json'), '{"states": "broken"');
    const scan = runCli(['--format', 'json', '--debug', dir]);
    expect(scan.status).toBe(0);
    expect(json(scan.stdout).map((r) => path.basename(r.filePath))).toEqual(['voice.json']);
    expect(scan.stderr).toMatch(/skipped \S*package\.json: not a Studio flow/);
    const named = runCli(['--format', 'json', path.join(dir, 'package.json')]);
    expect(named.status).toBe(1);
    expect(json(named.stdout)[0]!.messages[0]).toMatchObject({ fatal: true, message: expect.stringMatching(/^not a Studio flow definition/) });
  });

  it('one bad file never stops the others', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-broken.json'), '{"states": [');
    cpSync(path.join(FIXTURES, 'chat-sms-to-flex.json'), path.join(dir, 'b.json'));
    const results = json(runCli(['--format', 'json', dir]).stdout);
    expect(results.map((r) => [path.basename(r.filePath), r.fatalErrorCount > 0, r.errorCount > 0])).toEqual([
      ['a-broken.json', true, true],
      ['b.json', false, true],
    ]);
  });

  it('exits 2 when there is nothing to lint: no paths, a missing path, a folder without flows, an empty glob', () => {
    const empty = tempDir();
    writeFileSync(path.join(empty, 'tsconfig.json'), '{}');
    for (const args of [[], ['does-not-exist.json'], [empty], ['fixtures/*.nothing']]) {
      const run = runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^studio-lint: /);
    }
  });

  it('expands globs', () => {
    const results = json(runCli(['--format', 'json', 'fixtures/*-migrated.json']).stdout);
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['conversations-migrated.json']);
  });

  it('--stdin with --stdin-filename', () => {
    const text = readFileSync(path.join(FIXTURES, 'chat-sms-to-flex.json'), 'utf8');
    const run = runCli(['--stdin', '--stdin-filename', 'flows/chat.json', '--format', 'json'], { input: text });
    expect(run.status).toBe(1);
    const [result] = json(run.stdout);
    expect(result!.filePath).toBe(path.join(ROOT, 'flows/chat.json'));
    expect(result!.errorCount).toBe(8);
  });

  it('stylish output groups by file and says what --fix can do', () => {
    const run = runCli(['fixtures/chat-sms-to-flex.json']);
    expect(run.stdout).toContain('fixtures/chat-sms-to-flex.json\n');
    // The widget's name after the severity; the message wrapped at 100 columns, the rule id after it.
    expect(run.stdout).toContain(
      "  47:20    error    check_keyword           [-] 'trigger.message.Body' is not set under Flex\n" +
        "                                            Conversations: use 'trigger.conversation.Body'\n" +
        '                                            no-message-trigger-variable\n',
    );
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(run.stdout).toMatch(/✖ 12 problems \(8 errors, 4 warnings\)\n {2}11 more potentially fixable with `--fix --unsafe-fixes`/);
    const ESC = String.fromCharCode(27);
    expect(run.stdout).not.toContain(ESC + '[');
    expect(runCli(['fixtures/chat-sms-to-flex.json'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain(ESC + '[');
  });

  it('--output-file writes the report', () => {
    const out = path.join(tempDir(), 'report.json');
    const run = runCli(['--format', 'json', '-o', out, 'fixtures']);
    expect(run.stdout).toBe('');
    expect(json(readFileSync(out, 'utf8'))).toHaveLength(5);
  });

  it('--output-file replaces the report atomically: a write that fails half way leaves the earlier report whole', () => {
    const dir = tempDir();
    const out = path.join(dir, 'report.json');
    expect(runCli(['--format', 'json', '-o', out, 'fixtures/voice-ivr.json']).status).toBe(0);
    const earlier = readFileSync(out, 'utf8');
    // Files may grow to 1 KiB at most (ulimit -f 1; node ignores SIGXFSZ, so a write past it fails with EFBIG):
    // the report on every fixture is larger. Written in place, the earlier report would be cut short.
    const limited = spawnSync('bash', ['-c', 'ulimit -f 1 && exec "$@"', 'bash', process.execPath, CLI, '--format', 'json', '-o', out, 'fixtures'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(limited.stderr).toBe(`studio-lint: --output-file ${out}: cannot write the report: file too large (EFBIG)\n`);
    expect(limited.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(earlier);
    // No temporary file left behind.
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('--output-file writes in place what is not a regular file: /dev/stdout, a FIFO', () => {
    const run = runCli(['--format', 'json', '-o', '/dev/stdout', '-f', 'compact', '-o', '/dev/stderr', 'fixtures/chat-sms-to-flex.json']);
    expect(run.status).toBe(1);
    expect(json(run.stdout)[0]!.errorCount).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/^fixtures\/chat-sms-to-flex\.json:8:9: error/);
    // A named pipe (mkfifo), read by cat while studio-lint writes into it.
    const fifo = path.join(tempDir(), 'report.fifo');
    const piped = spawnSync('bash', ['-c', 'mkfifo "$1" && { cat "$1" & } && "$2" "$3" --format compact -o "$1" fixtures/chat-sms-to-flex.json; status=$?; wait; exit $status', 'bash', fifo, process.execPath, CLI], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toMatch(/^fixtures\/chat-sms-to-flex\.json:8:9: error/);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('lists the rules', () => {
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no-message-trigger-variable +error +safe-and-unsafe +A trigger.message variable/m);
    expect(run.stdout).toMatch(/^no-incoming-message-trigger +error +safe-and-unsafe +The Trigger routes Incoming Message/m);
  });
});

describe('the installed command', () => {
  it('runs as npm links it: the bin file itself, executed (so it needs its shebang)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    const run = spawnSync(path.join(ROOT, pkg.bin['studio-lint']!), ['--version'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(pkg.version);
    // dist/cli.js, the entry before the CommonJS bundle, still runs the command line for scripts that name it.
    const legacy = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', path.join(FIXTURES, 'voice-ivr.json')], { encoding: 'utf8' });
    expect(legacy.status).toBe(0);
    expect(json(legacy.stdout)[0]!.messages).toEqual([]);
  });
});

describe('studio-lint lint over several threads', () => {
  it('gives the same report, in the same order, as one thread', async () => {
    const { generateCorpus } = (await import(path.join(ROOT, 'scripts', 'generate-flows.mjs'))) as { generateCorpus: (dir: string, n: number, seed: number) => number };
    const dir = tempDir();
    generateCorpus(dir, 12, 7);
    const one = runCli(['--format', 'json', '--concurrency', '1', dir]);
    const three = runCli(['--format', 'json', '--concurrency', '3', dir]);
    expect(three.status).toBe(one.status);
    expect(three.stdout).toBe(one.stdout);
    expect(json(three.stdout)).toHaveLength(12);
    expect(runCli(['--concurrency', '0', dir]).status).toBe(2);
  });

  it("'auto' adds a thread per 64 MiB of input, up to the cores", () => {
    const dir = tempDir();
    // Sparse files: sizes without the bytes.
    const targets = Array.from({ length: 300 }, (_, i) => ({ path: path.join(dir, `f${i}.json`), explicit: true }));
    const sized = (bytes: number) => {
      for (const t of targets) {
        writeFileSync(t.path, '');
        truncateSync(t.path, Math.ceil(bytes / targets.length));
      }
      return autoThreads(targets);
    };
    expect(sized(BYTES_PER_THREAD - 300 * 1024)).toBe(1);
    expect(sized(BYTES_PER_THREAD * 2.5)).toBe(Math.min(3, availableParallelism()));
    expect(autoThreads(targets.slice(0, 10))).toBe(1); // few files: not even looked at
  });

  it("'auto' estimates the input from a sample of the files: mixed sizes come out right", () => {
    const dir = tempDir();
    // 600 files alternating 20 KiB and 280 KiB: 90 MiB in all, more than one thread's worth, less than two.
    const targets = Array.from({ length: 600 }, (_, i) => ({ path: path.join(dir, `f${String(i).padStart(3, '0')}.json`), explicit: false }));
    targets.forEach((t, i) => {
      writeFileSync(t.path, '');
      truncateSync(t.path, (i % 2 ? 280 : 20) * 1024);
    });
    expect(autoThreads(targets)).toBe(Math.min(2, availableParallelism()));
  });
});

/**
 * What users of ESLint and Ruff expect from a linter's command line: --exit-zero, --color, --print-config,
 * --statistics, `--rule 'id: off'`, a line after --fix, and one style for every error message.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statistics } from '../src/commands/lint.js';
import { ROOT, runCli, runCliInProcess, tempDir } from './helpers.js';

const SMS = 'fixtures/chat-sms-to-flex.json';
const ESC = String.fromCharCode(27);

describe('command line habits', () => {
  it('an option that does nothing without another one says so on standard error, and the run goes on', async () => {
    const cases: [string[], string][] = [
      [['--stdin-filename', 'x.json'], '--stdin-filename has no effect without --stdin'],
      [['--sarif-category', 'flows'], '--sarif-category has no effect without --format sarif'],
      [['--code-frame'], '--code-frame has no effect without --format stylish'],
      [['--cache-location', path.join(tempDir(), 'cache')], '--cache-location has no effect without --cache'],
      [['--fix-rule', 'valid-liquid'], '--fix-rule has no effect without --fix, --fix-dry-run or --diff'],
      [['--unsafe-fixes'], '--unsafe-fixes has no effect without --fix, --fix-dry-run or --diff'],
      [['--cache', '--cache-location', path.join(tempDir(), 'cache'), '--fix-dry-run'], '--cache has no effect with --fix, --fix-dry-run and --diff'],
    ];
    const plain = await runCliInProcess(['-f', 'json', SMS]);
    for (const [args, warning] of cases) {
      const run = await runCliInProcess(['-f', 'json', ...args, SMS]);
      expect(run.stderr).toContain(`studio-lint: ${warning}`);
      expect(run.status).toBe(plain.status);
    }
    // With what they need, nothing is said.
    for (const args of [['--sarif-category', 'flows', '-f', 'sarif'], ['--code-frame', '-f', 'stylish'], ['--fix-dry-run', '--fix-rule', 'valid-liquid'], ['--diff', '--unsafe-fixes']]) {
      expect((await runCliInProcess([...args, SMS])).stderr).not.toContain('has no effect');
    }
  });

  it('--unsafe-fixes without a fix mode does not count unsafe fixes as fixable with --fix', async () => {
    const plain = (await runCliInProcess([SMS])).stdout;
    const withUnsafe = (await runCliInProcess(['--unsafe-fixes', SMS])).stdout;
    // Its move is unsafe (it reads To and From): every fix is (issue 24).
    expect(plain).not.toContain('fixable with the `--fix` option');
    expect(plain).toContain('11 more potentially fixable with `--fix --unsafe-fixes`');
    expect(withUnsafe).toBe(plain);
  });

  it('--sid without --remote is a usage error saying so (it takes the paths after it as SIDs)', async () => {
    const run = await runCliInProcess(['--sid', 'FW00000000000000000000000000000000', SMS]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('studio-lint: --sid picks flows of the account: use it with --remote\n');
  });

  it('--exit-zero exits 0 with findings, but usage errors still exit 2', async () => {
    const run = await runCliInProcess(['--exit-zero', SMS]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('12 problems');
    expect((await runCliInProcess(['--exit-zero', '--max-warnings', '0', 'fixtures'])).status).toBe(0);
    expect((await runCliInProcess(['--exit-zero', 'no/such/file.json'])).status).toBe(2);
  });

  it('--color forces colour when standard output is not a terminal; --no-color wins over FORCE_COLOR', async () => {
    expect((await runCliInProcess([SMS])).stdout).not.toContain(ESC + '[');
    expect((await runCliInProcess(['--color', SMS])).stdout).toContain(ESC + '[31m');
    expect(runCli(['--no-color', SMS], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).not.toContain(ESC + '[');
  });

  it("--rule accepts ESLint's 'id: severity' with spaces", async () => {
    const run = await runCliInProcess(['-f', 'json', '--rule', 'no-message-trigger-variable: off', '--rule', 'no-incoming-message-trigger :warn', SMS]);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; severity: number }[] }[];
    expect(result!.messages.some((m) => m.ruleId === 'no-message-trigger-variable')).toBe(false);
    expect(result!.messages.find((m) => m.ruleId === 'no-incoming-message-trigger')!.severity).toBe(1);
    const bad = await runCliInProcess(['--rule', 'no-message-trigger-variable: loud', SMS]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("studio-lint: --rule 'no-message-trigger-variable: loud': expected id:severity, with severity off, warn or error\n");
  });

  it('--print-config prints the rules and options in force for a file: config, its overrides, then --rule', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'studio-lint.config.json'),
      JSON.stringify({
        rules: { 'no-unreachable-widget': 'off' },
        overrides: [{ files: ['voice/**'], rules: { 'no-trigger-variable-mismatch': 'warn' } }],
        ignores: ['legacy/**'],
        variableMap: { 'trigger.message.From': 'trigger.conversation.Author' },
      }),
    );
    const config = async (file: string, ...args: string[]) => {
      const run = await runCliInProcess(['--print-config', file, ...args], { cwd: dir });
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout) as { file: string; configFile: string; ignored: boolean; rules: Record<string, unknown>; variableMap: Record<string, string> };
    };
    const plain = await config('flows/a.json');
    expect(plain.file).toBe('flows/a.json');
    expect(plain.configFile).toBe(path.join(dir, 'studio-lint.config.json'));
    expect(plain.rules['no-unreachable-widget']).toBe('off');
    expect(plain.rules['no-trigger-variable-mismatch']).toBe('error');
    expect(plain.rules['no-legacy-channel-type']).toBe('error');
    expect(plain.variableMap).toEqual({ 'trigger.message.From': 'trigger.conversation.Author' });
    expect((await config('voice/ivr.json')).rules['no-trigger-variable-mismatch']).toBe('warn');
    expect((await config('voice/ivr.json', '--rule', 'no-trigger-variable-mismatch: off')).rules['no-trigger-variable-mismatch']).toBe('off');
    expect((await config('legacy/old.json')).ignored).toBe(true);
  });

  it('--statistics: findings per rule with what --fix does, most first; as JSON with --format json', async () => {
    const run = await runCliInProcess(['--statistics', 'fixtures']);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      // Both Chat-era flows' moves are unsafe (issue 24): so is every rename that moves with them.
      '20  no-message-trigger-variable      14 errors, 6 warnings  [-] 20 with --unsafe-fixes',
      ' 2  no-incoming-message-trigger      error    [-] 2 with --unsafe-fixes',
      ' 1  no-unavailable-trigger-variable  error',
      ' 1  no-whole-trigger-reference       warning',
      '24 problems in 5 files; 0 potentially fixable with --fix, 22 more with --unsafe-fixes',
      'migration scope: 3 flows to Flex, 2 out of scope (decided 5 by content)',
      '',
    ]);
    const json = JSON.parse((await runCliInProcess(['--statistics', '-f', 'json', 'fixtures'])).stdout) as { rules: { rule: string; count: number }[]; migration: unknown };
    expect(json.rules[0]).toEqual({ rule: 'no-message-trigger-variable', count: 20, errors: 14, warnings: 6, fixable: 0, unsafeFixable: 20 });
    expect(json.migration).toEqual({ flex: 3, none: 2, decidedBy: { content: 5 } });
    // An output file still gets its report.
    const out = path.join(tempDir(), 'r.json');
    expect((await runCliInProcess(['--statistics', '-f', 'json', '-o', out, '-f', 'stylish', 'fixtures'])).stdout).toMatch(/^20 {2}no-message-trigger-variable/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(5);
  });

  it('--statistics counts the migration scope decisions when the run has them', () => {
    const text = statistics(
      { files: 2, errors: 1, warnings: 0, fixable: 1, unsafeFixable: 0, byRule: { 'no-incoming-message-trigger': { errors: 1, warnings: 0, fixable: 1, unsafeFixable: 0 } }, migration: { flex: 2, none: 1, decidedBy: { config: 1, content: 2 } } },
      false,
    );
    expect(text).toContain('migration scope: 2 flows to Flex, 1 out of scope (decided 1 by config, 2 by content)\n');
  });

  it('after --fix: "N fixed (M unsafe), K remaining", as Ruff says it', async () => {
    const dir = tempDir();
    copyFileSync(path.join(ROOT, SMS), path.join(dir, 'a.json'));
    copyFileSync(path.join(ROOT, SMS), path.join(dir, 'b.json'));
    // Its move is unsafe (it reads To and From), so --fix leaves everything (issue 24). After --unsafe-fixes, To stays,
    // and so do the renamed name and channelType attributes that Send to Flex sets itself (no-flex-owned-attribute).
    const safe = await runCliInProcess(['--fix', 'a.json'], { cwd: dir });
    expect(safe.stderr).toBe('0 fixed (0 unsafe), 12 remaining\n');
    const unsafe = await runCliInProcess(['--fix', '--unsafe-fixes', 'b.json'], { cwd: dir });
    expect(unsafe.stderr).toBe('11 fixed (11 unsafe), 3 remaining\n');
    expect((await runCliInProcess(['--fix-dry-run', '--unsafe-fixes', '-f', 'json', SMS])).stderr).toBe('11 would be fixed (11 unsafe), 3 remaining\n');
    // --stdin --fix writes the fixed text (to standard output): fixed, not "would be fixed".
    const piped = await runCliInProcess(['--stdin', '--fix', '--unsafe-fixes', '-f', 'compact'], { input: readFileSync(path.join(ROOT, SMS), 'utf8') });
    expect(piped.stderr.endsWith('\n11 fixed (11 unsafe), 3 remaining\n')).toBe(true);
  });

  it("commander's own errors look like every other: 'studio-lint: …', exit 2", async () => {
    const unknown = await runCliInProcess(['--frobnicate', SMS]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^studio-lint: unknown option '--frobnicate'\n/);
    const invalid = await runCliInProcess(['--concurrency', 'lots', SMS]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/^studio-lint: option '--concurrency <n>' argument 'lots' is invalid/);
    const missing = await runCliInProcess(['rollback', 'flows/a.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^studio-lint: required option '--to <revision>' not specified\n/);
    const ours = await runCliInProcess(['lint', 'no/such.json']);
    expect(ours.stderr).toMatch(/^studio-lint: no such file/);
    for (const run of [unknown, invalid, missing, ours]) expect(run.stderr).not.toMatch(/^error:/m);
  });
});

describe('stylish for people', () => {
  it('--code-frame (and the full format): the source line with carets under the exact characters, inside JSON-in-string too', async () => {
    const run = await runCliInProcess(['--code-frame', SMS]);
    expect(run.stdout).toContain(
      '    80 |         "channel": "{{trigger.message.ChannelSid}}",\n' +
        '       |                       ^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
    );
    // The send-to-flex attributes: JSON inside a JSON string, one long line cut to a window around the carets.
    expect(run.stdout).toContain(
      '    135 | … \\"channelSid\\": \\"{{trigger.message.ChannelSid}}\\", \\"order\\": \\"{{widgets.ask_order.in…\n' +
        '        |                       ^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
    );
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect((await runCliInProcess(['-f', 'full', SMS])).stdout).toBe(run.stdout);
    expect((await runCliInProcess([SMS])).stdout).not.toMatch(/^ {4}\d+ \| /m);
  });

  it('wraps at the terminal width it is given, keeping at least 30 columns for the message', async () => {
    const { stylish, wrap } = await import('../src/formatters/stylish.js');
    expect(wrap('aaa bbb ccc dddddddd', 7)).toEqual(['aaa bbb', 'ccc', 'ddddddd', 'd']);
    // A dotted variable longer than the column breaks after a dot, not inside a name.
    expect(wrap("use 'trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName' here", 50)).toEqual([
      'use',
      "'trigger.conversation.ChannelAttributes.",
      "pre_engagement_data.friendlyName' here",
    ]);
    const { rulesById } = await import('../src/rules/index.js');
    const result = {
      filePath: path.join(ROOT, 'f.json'),
      messages: [{ ruleId: 'valid-liquid', severity: 2 as const, message: 'word '.repeat(40).trim(), line: 1, column: 1, endLine: 1, endColumn: 2, widget: 'a_widget_with_a_name_longer_than_the_column' }],
      errorCount: 1, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, unsafeFixableCount: 0, flowCount: 1,
    };
    const context = { cwd: ROOT, color: false, rules: rulesById, unsafeFixes: false, version: 't' };
    const wide = stylish.file(result, { ...context, columns: 300 }) as string;
    expect(wide.split('\n')[2]).toMatch(/^ {2}1:1 {2}error {2}a_widget_with_a_name_lo… {2}(word ){39}word {2}valid-liquid$/);
    const narrow = (stylish.file(result, { ...context, columns: 20 }) as string).split('\n');
    // 40 columns of position, severity and widget, then 30 of message.
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(70);
    expect(narrow.length).toBeGreaterThan(7);
  });
});

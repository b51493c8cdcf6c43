/**
 * Configuration, baseline, cache and init, through the command line run in this process (runCliInProcess) in a
 * folder of its own.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/index.js';
import { ROOT, runCliInProcess, tempDir } from './helpers.js';

const json = (stdout: string) => JSON.parse(stdout) as LintResult[];
const rulesOf = (stdout: string) => [...new Set(json(stdout).flatMap((r) => r.messages.map((m) => `${m.ruleId}:${m.severity}`)))].sort();

function project(config?: unknown, file = 'studio-lint.config.json'): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'fixtures'), path.join(dir, 'flows'), { recursive: true });
  if (config !== undefined) writeFileSync(path.join(dir, file), JSON.stringify(config));
  return dir;
}

describe('configuration', () => {
  it('is found upward from the working folder and sets severities, with [severity, options] too', async () => {
    const dir = project({ rules: { 'no-message-trigger-variable': 'off', 'no-unavailable-trigger-variable': ['warn', {}], 'no-incoming-message-trigger': 0 } });
    const run = await runCliInProcess(['-f', 'json', 'chat-sms-to-flex.json'], { cwd: path.join(dir, 'flows') });
    expect(run.status).toBe(0);
    expect(rulesOf(run.stdout)).toEqual(['no-unavailable-trigger-variable:1']);
  });

  it('reads .studio-lintrc.json and the "studio-lint" key of package.json; --config names one', async () => {
    const rc = project({ rules: { 'no-incoming-message-trigger': 'off' } }, '.studio-lintrc.json');
    expect(rulesOf((await runCliInProcess(['-f', 'json', 'flows/chat-sms-to-flex.json'], { cwd: rc })).stdout)).not.toContain('no-incoming-message-trigger:2');
    const pkg = project({ name: 'x', 'studio-lint': { rules: { 'no-incoming-message-trigger': 'off' } } }, 'package.json');
    expect(rulesOf((await runCliInProcess(['-f', 'json', 'flows/chat-sms-to-flex.json'], { cwd: pkg })).stdout)).not.toContain('no-incoming-message-trigger:2');
    const other = tempDir();
    writeFileSync(path.join(other, 'strict.json'), JSON.stringify({ rules: { 'no-unreachable-widget': 'error' } }));
    const explicit = await runCliInProcess(['-f', 'json', '--config', path.join(other, 'strict.json'), 'flows/chat-sms-to-flex.json'], { cwd: pkg });
    expect(rulesOf(explicit.stdout)).toContain('no-incoming-message-trigger:2');
  });

  it('applies overrides by glob in order, and the command line wins', async () => {
    const dir = project({
      rules: { 'no-message-trigger-variable': 'warn' },
      overrides: [{ files: ['flows/chat-*.json'], rules: { 'no-message-trigger-variable': 'off' } }],
    });
    const results = json((await runCliInProcess(['-f', 'json', 'flows'], { cwd: dir })).stdout);
    const severities = (name: string) => [...new Set(results.find((r) => r.filePath.endsWith(name))!.messages.filter((m) => m.ruleId === 'no-message-trigger-variable').map((m) => m.severity))];
    expect(severities('chat-sms-to-flex.json')).toEqual([]);
    expect(severities('webchat-pre-engagement.json')).toEqual([1]);
    const cli = json((await runCliInProcess(['-f', 'json', '--rule', 'no-message-trigger-variable:error', 'flows'], { cwd: dir })).stdout);
    expect(cli.find((r) => r.filePath.endsWith('chat-sms-to-flex.json'))!.messages.some((m) => m.ruleId === 'no-message-trigger-variable' && m.severity === 2)).toBe(true);
  });

  it('ignores files by glob', async () => {
    const dir = project({ ignores: ['flows/chat-*.json', 'flows/webchat-*.json'] });
    const run = await runCliInProcess(['-f', 'json', '--debug', 'flows'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(json(run.stdout).map((r) => path.basename(r.filePath)).sort()).toEqual(['conversations-migrated.json', 'sms-autoresponder.json', 'voice-ivr.json']);
    expect(run.stderr).toMatch(/ignored flows\/chat-sms-to-flex\.json/);
  });

  it('passes variableMap to the fixer as an unsafe fix', async () => {
    const dir = project({ variableMap: { 'trigger.message.To': 'flow.variables.twilioNumber' } });
    await runCliInProcess(['--fix', 'flows/chat-sms-to-flex.json'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'flows', 'chat-sms-to-flex.json'), 'utf8')).toContain('{{trigger.message.To}}');
    await runCliInProcess(['--fix', '--unsafe-fixes', 'flows/chat-sms-to-flex.json'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'flows', 'chat-sms-to-flex.json'), 'utf8')).toContain('{{flow.variables.twilioNumber}}');
  });

  it('refuses an unknown rule, a bad severity or an unknown key with exit 2, naming it', async () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: { 'no-such-rule': 'error' } }, /rules: unknown rule 'no-such-rule'/],
      [{ rules: { 'no-autopilot-widgt': 'off' } }, /rules: unknown rule 'no-autopilot-widgt' \(did you mean 'no-autopilot-widget'\?\)\n$/],
      [{ overrides: [{ files: ['flows/*.json'], rules: { 'valid-liquidd': 'off' } }] }, /unknown rule 'valid-liquidd' \(did you mean 'valid-liquid'\?\)\n$/],
      [{ rules: { 'valid-liquid': 'loud' } }, /rules\.valid-liquid: must be a severity/],
      [{ rule: {} }, /unknown key 'rule'/],
      [{ variableMap: { 'trigger.call.From': 'x' } }, /'trigger\.call\.From' is not a trigger\.message variable/],
    ];
    for (const [config, message] of cases) {
      const dir = project(config);
      const run = await runCliInProcess(['flows'], { cwd: dir });
      expect(run.status, JSON.stringify(config)).toBe(2);
      expect(run.stderr).toMatch(/studio-lint\.config\.json: /);
      expect(run.stderr).toMatch(message);
    }
    const broken = project();
    writeFileSync(path.join(broken, 'studio-lint.config.json'), '{ rules: ');
    expect((await runCliInProcess(['flows'], { cwd: broken })).stderr).toMatch(/not valid JSON/);
    // Where, as for a flow file (the trailing comma), so an editor can jump there.
    writeFileSync(path.join(broken, 'studio-lint.config.json'), '{\n  "rules": {\n    "valid-liquid": "off",\n  }\n}\n');
    const trailing = await runCliInProcess(['flows'], { cwd: broken });
    expect(trailing.stderr).toBe(`studio-lint: ${path.join(broken, 'studio-lint.config.json')}:3:26: not valid JSON: trailing comma before '}'\n`);
    expect(trailing.status).toBe(2);
    // A config that cannot be read is not said to be bad JSON.
    const folder = project();
    mkdirSync(path.join(folder, 'studio-lint.config.json'));
    expect((await runCliInProcess(['flows'], { cwd: folder })).stderr).toMatch(/^studio-lint: \S+studio-lint\.config\.json: cannot read the config \(EISDIR\)\n$/);
  });

  it('init writes a starter config the linter accepts, and will not overwrite it', async () => {
    const dir = project();
    expect((await runCliInProcess(['init'], { cwd: dir })).status).toBe(0);
    const config = JSON.parse(readFileSync(path.join(dir, 'studio-lint.config.json'), 'utf8')) as { rules: Record<string, string> };
    expect(config.rules['no-incoming-message-trigger']).toBe('error');
    expect((await runCliInProcess(['flows'], { cwd: dir })).status).toBe(1);
    expect((await runCliInProcess(['init'], { cwd: dir })).status).toBe(2);
  });

  it('init will not shadow a config the folder already has in another form', async () => {
    // A studio-lint.config.json beside it would win over the team's .studio-lintrc.json (or package.json key)
    // and silently put every rule back to its default.
    const rc = project();
    writeFileSync(path.join(rc, '.studio-lintrc.json'), '{ "rules": { "no-incoming-message-trigger": "off" } }\n');
    const refused = await runCliInProcess(['init'], { cwd: rc });
    expect(refused.stderr).toBe('studio-lint: .studio-lintrc.json already configures studio-lint here; init writes nothing\n');
    expect(refused.status).toBe(2);
    expect(existsSync(path.join(rc, 'studio-lint.config.json'))).toBe(false);
    const pkg = project();
    writeFileSync(path.join(pkg, 'package.json'), '{ "name": "flows", "studio-lint": { "rules": {} } }\n');
    expect((await runCliInProcess(['init'], { cwd: pkg })).stderr).toBe('studio-lint: package.json ("studio-lint" key) already configures studio-lint here; init writes nothing\n');
    expect(existsSync(path.join(pkg, 'studio-lint.config.json'))).toBe(false);
    // A package.json without the key is no config.
    const plain = project();
    writeFileSync(path.join(plain, 'package.json'), '{ "name": "flows" }\n');
    expect((await runCliInProcess(['init'], { cwd: plain })).status).toBe(0);
  });
});

describe('baseline', () => {
  it('records today’s findings; lint reports only new ones, lists entries that no longer occur, --prune-baseline removes them', async () => {
    const dir = project();
    const recorded = await runCliInProcess(['baseline', 'flows'], { cwd: dir });
    // Two of the five flows have findings (the baseline's entries); the other three are clean.
    expect(recorded.stdout).toBe('recorded 24 findings in 2 flow files (of 5 linted) to studio-lint-baseline.json\n');
    const baseline = JSON.parse(readFileSync(path.join(dir, 'studio-lint-baseline.json'), 'utf8')) as unknown;
    expect(new Set(JSON.stringify(baseline).match(/flows\/[\w-]+\.json/g))).toEqual(new Set(['flows/chat-sms-to-flex.json', 'flows/webchat-pre-engagement.json']));
    expect(await runCliInProcess(['flows'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });

    // A re-export: states reordered, indentation changed. Still nothing new.
    const file = path.join(dir, 'flows', 'chat-sms-to-flex.json');
    const flow = JSON.parse(readFileSync(file, 'utf8')) as { states: unknown[] };
    flow.states.reverse();
    writeFileSync(file, JSON.stringify(flow, null, 4));
    expect((await runCliInProcess(['flows'], { cwd: dir })).status).toBe(0);

    // One new finding, one fixed.
    writeFileSync(file, readFileSync(file, 'utf8').replace('Hi {{trigger.message.From}}', 'Hi {{trigger.message.To}}').replace('"input": "{{trigger.message.Body}}"', '"input": "{{trigger.conversation.Body}}"'));
    const run = await runCliInProcess(['-f', 'json', 'flows'], { cwd: dir });
    const messages = json(run.stdout).flatMap((r) => r.messages.map((m) => m.message)).sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^'trigger\.message\.To' is not available/);
    expect(messages[1]).toMatch(/^trigger\.conversation\.Body is read in 'check_keyword'/);
    expect(run.stderr).toMatch(/2 baseline entries no longer occur \(--prune-baseline removes them\):/);
    expect(run.stderr).toMatch(/no-message-trigger-variable in 'ask_order': 'trigger\.message\.From'/);
    await runCliInProcess(['--prune-baseline', 'flows'], { cwd: dir });
    expect((await runCliInProcess(['flows'], { cwd: dir })).stderr).toBe('');
  });
});

describe('a fatal error and the baseline', () => {
  it('is never recorded: baseline records the rest, names it and exits 1, and lint keeps reporting it', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'flows', 'truncated.json'), '{"description": "cut off", "states": [');
    const recorded = await runCliInProcess(['baseline', 'flows'], { cwd: dir });
    expect(recorded.status).toBe(1);
    expect(recorded.stdout).toBe('recorded 24 findings in 2 flow files (of 6 linted) to studio-lint-baseline.json\n');
    expect(recorded.stderr).toMatch(/^studio-lint: flows\/truncated\.json: not recorded: .+ \(a fatal error is never baselined: lint reports it until the file is repaired\)\n$/);
    const run = json((await runCliInProcess(['-f', 'json', 'flows'], { cwd: dir })).stdout);
    expect(run.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)} ${m.fatal ? 'fatal' : m.ruleId}`))).toEqual(['truncated.json fatal']);
  });
});

describe('the baseline in every mode', () => {
  /** A project whose baseline records every finding of the fixtures; the legacy flow is chat-sms-to-flex.json. */
  async function baselined(): Promise<{ dir: string; legacy: string; text: string }> {
    const dir = project();
    expect((await runCliInProcess(['baseline', 'flows'], { cwd: dir })).status).toBe(0);
    const legacy = path.join(dir, 'flows', 'chat-sms-to-flex.json');
    return { dir, legacy, text: readFileSync(legacy, 'utf8') };
  }

  it('--fix, --fix-dry-run, --diff and --stdin report nothing the baseline holds, exit 0, and leave the legacy flow as it is', async () => {
    const { dir, legacy, text } = await baselined();
    const fix = await runCliInProcess(['--fix', '--unsafe-fixes', 'flows'], { cwd: dir });
    expect(fix).toMatchObject({ status: 0, stdout: '' });
    const held = /^0 fixed \(0 unsafe\), 0 remaining; (\d+) fixable left as they are: the baseline holds them or their flow’s migration \(--no-baseline fixes them\)\n$/.exec(fix.stderr);
    expect(held, fix.stderr).not.toBeNull();
    expect(Number(held![1])).toBeGreaterThan(0);
    expect(readFileSync(legacy, 'utf8')).toBe(text);
    expect(await runCliInProcess(['--fix-dry-run', '-f', 'json', 'flows'], { cwd: dir })).toMatchObject({ status: 0 });
    expect(await runCliInProcess(['--diff', 'flows'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
    expect(await runCliInProcess(['--stdin', '--stdin-filename', 'flows/chat-sms-to-flex.json'], { cwd: dir, input: text })).toMatchObject({ status: 0, stdout: '' });
    const stdinFix = await runCliInProcess(['--stdin', '--fix', '--stdin-filename', 'flows/chat-sms-to-flex.json'], { cwd: dir, input: text });
    expect(stdinFix).toMatchObject({ status: 0, stdout: text });
    // Without the baseline, the same run fixes and reports.
    expect((await runCliInProcess(['--fix-dry-run', '--no-baseline', 'flows'], { cwd: dir })).status).toBe(1);
    const all = await runCliInProcess(['--fix', '--unsafe-fixes', '--no-baseline', 'flows/chat-sms-to-flex.json'], { cwd: dir });
    expect(all.stderr).toMatch(/^[1-9]\d* fixed \(\d+ unsafe\), \d+ remaining\n$/);
    expect(readFileSync(legacy, 'utf8')).toContain('"event": "incomingConversationMessage"');
  });

  it('reports a new migration finding in a baselined flow without fixing it or the flow’s held migration', async () => {
    const { dir, legacy, text } = await baselined();
    // A new read in the Chat-era flow: renaming it while the baselined Trigger stays on Incoming Message would render it empty.
    const edited = text.replace('You will not get more messages on {{trigger.message.To}}.', 'You will not get more messages on {{trigger.message.To}}: {{trigger.message.Body}}');
    expect(edited).not.toBe(text);
    writeFileSync(legacy, edited);
    const run = await runCliInProcess(['--fix', '-f', 'json', 'flows'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(json(run.stdout).flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.widget}`))).toEqual(['no-message-trigger-variable send_stop_confirmation']);
    expect(readFileSync(legacy, 'utf8')).toBe(edited);
  });

  it('--prune-baseline refuses an option that hides findings or lints another text, naming it, and the baseline stays', async () => {
    const { dir } = await baselined();
    const baselineFile = path.join(dir, 'studio-lint-baseline.json');
    const before = readFileSync(baselineFile, 'utf8');
    for (const [args, named] of [
      [['--quiet'], '--quiet'],
      [['--rule', 'no-message-trigger-variable:off'], '--rule no-message-trigger-variable:off'],
      [['--fix-dry-run'], '--fix-dry-run'],
      [['--diff'], '--diff'],
      [['--no-baseline'], '--no-baseline'],
    ] as const) {
      const run = await runCliInProcess([...args, '--prune-baseline', 'flows'], { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toBe(`studio-lint: --prune-baseline cannot be combined with ${named}: it removes the entries that no longer occur, so it must see every finding of the files as they are; run it on its own (studio-lint --prune-baseline <paths>)\n`);
      expect(readFileSync(baselineFile, 'utf8')).toBe(before);
    }
    // A severity that hides nothing is fine, and so is pruning alone: nothing occurs less than recorded.
    expect((await runCliInProcess(['--rule', 'no-unreachable-widget:error', '--prune-baseline', 'flows'], { cwd: dir })).status).toBe(0);
    expect((await runCliInProcess(['--prune-baseline', 'flows'], { cwd: dir })).stderr).toBe('');
    expect(readFileSync(baselineFile, 'utf8')).toBe(before);
  });

  it('records a flow the pull manifest puts in the migration’s scope with its migration findings, as lint sees it', async () => {
    const dir = project();
    // By its content the autoresponder concerns no Flex hand-off; the account said a legacy Flex address starts it.
    const hash = 'x'.repeat(64);
    writeFileSync(
      path.join(dir, 'flows', '.studio-lint-flows.json'),
      JSON.stringify({ version: 1, flows: { 'sms-autoresponder.json': { sid: 'FW' + '0'.repeat(32), friendlyName: 'auto', revision: 1, status: 'published', hash, legacyAddresses: ['sms +15550000001 (FO1)'] } } }),
    );
    expect((await runCliInProcess(['-f', 'json', 'flows/sms-autoresponder.json'], { cwd: dir })).status).toBe(1);
    await runCliInProcess(['baseline', 'flows'], { cwd: dir });
    expect(await runCliInProcess(['flows'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('--cache', () => {
  it('ignores a cache file cut short instead of serving truncated reports', async () => {
    const dir = project();
    const cacheFile = path.join(dir, 'lint.cache');
    const args = ['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'];
    const first = await runCliInProcess(args, { cwd: dir });
    const full = readFileSync(cacheFile);
    writeFileSync(cacheFile, full.subarray(0, full.length - 10));
    expect((await runCliInProcess(args, { cwd: dir })).stdout).toBe(first.stdout);
  });

  it('reuses unchanged files, relints changed ones, and invalidates on a config change', async () => {
    const dir = project();
    const cacheFile = path.join(dir, 'lint.cache');
    // Reports with characters of two to four UTF-8 bytes: the cache keeps reports as bytes and slices them by offset.
    writeFileSync(
      path.join(dir, 'flows', 'accents.json'),
      JSON.stringify({
        states: [
          { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingConversationMessage', next: 'réponse_☕' }], properties: {} },
          { name: 'réponse_☕', type: 'send-message', transitions: [], properties: { body: 'Merci 🙏 {{trigger.message.To}}' } },
        ],
        initial_state: 'Trigger',
      }),
    );
    const first = await runCliInProcess(['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'], { cwd: dir });
    expect(first.stdout).toMatch(/réponse_☕/);
    expect(readdirSync(dir)).toContain('lint.cache');
    // A cached result is served even when the file is unreadable now: proof that it was not linted again.
    const voice = path.join(dir, 'flows', 'voice-ivr.json');
    const stat = readFileSync(voice);
    const again = await runCliInProcess(['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'], { cwd: dir });
    expect(again.stdout).toBe(first.stdout);
    // Same content, new modification time: still a hit (keyed by content).
    utimesSync(voice, new Date(), new Date(Date.now() + 5000));
    expect((await runCliInProcess(['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'], { cwd: dir })).stdout).toBe(first.stdout);
    // Changed content: relinted.
    writeFileSync(voice, stat.toString().replace('"body": "We are open 9am to 5pm, Monday to Friday."', '"body": "{{trigger.call.From}} {{widgets.nope.x}}"'));
    const changed = json((await runCliInProcess(['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'], { cwd: dir })).stdout);
    expect(changed.find((r) => r.filePath.endsWith('voice-ivr.json'))!.messages.map((m) => m.ruleId)).toEqual(['no-undefined-widget-reference']);
    // A config change invalidates everything.
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify({ rules: { 'no-undefined-widget-reference': 'off' } }));
    const reconfigured = json((await runCliInProcess(['-f', 'json', '--cache', '--cache-location', cacheFile, 'flows'], { cwd: dir })).stdout);
    expect(reconfigured.find((r) => r.filePath.endsWith('voice-ivr.json'))!.messages).toEqual([]);
  });
});

/**
 * The integrations users drop in: pre-commit hooks, the GitHub Action, the ESLint plugin.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import json from '@eslint/json';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, CORPUS, HAS_CORPUS, NEEDS_CORPUS, ROOT, runCli, SAFE_MOVE_FLOW, tempDir } from './helpers.js';

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; types: string[] }[];

  it('declares studio-lint and studio-lint-fix as node hooks on JSON files, running the package’s bin', () => {
    expect(hooks.map((h) => h.id)).toEqual(['studio-lint', 'studio-lint-fix']);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    for (const hook of hooks) {
      expect(hook.language).toBe('node');
      expect(hook.types).toEqual(['json']);
      expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
    }
  });

  it('works as pre-commit calls it: the entry plus every staged JSON file', () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name": "flows"}');
    const hook = (id: string, files: string[]) => runCli([...hooks.find((h) => h.id === id)!.entry.split(' ').slice(1), ...files], { cwd: dir });
    expect(hook('studio-lint', ['package.json', 'voice-ivr.json']).status).toBe(0);
    expect(hook('studio-lint', ['package.json']).status).toBe(0);
    expect(hook('studio-lint', ['package.json', 'chat-sms-to-flex.json']).status).toBe(1);
    writeFileSync(path.join(dir, 'safe.json'), SAFE_MOVE_FLOW);
    const fixed = hook('studio-lint-fix', ['safe.json', 'chat-sms-to-flex.json']);
    expect(fixed.status).toBe(1); // what the fix cannot do remains
    expect(readFileSync(path.join(dir, 'safe.json'), 'utf8')).toContain('"next": "ack",\n          "event": "incomingConversationMessage"');
    // The Chat-era fixture reads To and From: its move is unsafe, so the safe hook leaves it as it was.
    expect(readFileSync(path.join(dir, 'chat-sms-to-flex.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), 'utf8'));
  });
});

describe('the hooks in a repository with a baseline', () => {
  it('let a commit touching a baselined legacy flow through, as .pre-commit-hooks.yaml and the README’s lint-staged example run them, and fix nothing in it', () => {
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string }[];
    const readme = readFileSync(path.join(ROOT, 'docs', 'integrations.md'), 'utf8');
    const lintStaged = (JSON.parse(/<!-- lint-staged-example -->\n```json\n([\s\S]*?)```/.exec(readme)![1]!) as { 'lint-staged': Record<string, string> })['lint-staged']['*.json']!;
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name": "flows"}');
    expect(runCli(['baseline', '.'], { cwd: dir }).status).toBe(0);
    // Someone edits a message of the legacy flow and commits it.
    const legacy = path.join(dir, 'chat-sms-to-flex.json');
    const edited = readFileSync(legacy, 'utf8').replace('What is your order number?', 'Which order is it about?');
    writeFileSync(legacy, edited);
    for (const entry of [...hooks.map((h) => h.entry), lintStaged]) {
      const [bin, ...args] = entry.split(' ');
      expect(bin).toBe('studio-lint');
      const run = runCli([...args, 'package.json', 'chat-sms-to-flex.json'], { cwd: dir });
      expect(run.status, entry).toBe(0);
      expect(readFileSync(legacy, 'utf8')).toBe(edited);
    }
  });
});

describe('--ignore-non-flows, as hooks and lint-staged pass every staged JSON file', () => {
  it('passes over JSON that does not parse and does not look like a flow, and still reports a broken flow', () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures', 'voice-ivr.json'), path.join(dir, 'voice-ivr.json'));
    // JSONC, as TypeScript and VS Code write it: comments and trailing commas.
    writeFileSync(path.join(dir, 'tsconfig.json'), '{\n  // strict, always\n  "compilerOptions": { "strict": true, },\n}\n');
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{\n  /* team settings */\n  "editor.formatOnSave": true,\n}\n');
    const flowText = readFileSync(path.join(ROOT, 'fixtures', 'voice-ivr.json'), 'utf8');
    writeFileSync(path.join(dir, 'broken-flow.json'), flowText.slice(0, flowText.length / 2));
    const nonFlows = ['tsconfig.json', '.vscode/settings.json'];

    const passed = runCli(['--ignore-non-flows', '--debug', ...nonFlows, 'voice-ivr.json'], { cwd: dir });
    expect(passed.status).toBe(0);
    expect(passed.stderr).toMatch(/skipped tsconfig\.json: not a Studio flow \(invalid JSON: .*does not look like a flow\)/);
    expect(passed.stderr).toMatch(/skipped \.vscode\/settings\.json: not a Studio flow \(invalid JSON/);
    // Only non-flows: nothing to lint, which is fine for a hook.
    expect(runCli(['--ignore-non-flows', ...nonFlows], { cwd: dir }).status).toBe(0);

    const broken = runCli(['--ignore-non-flows', '-f', 'compact', ...nonFlows, 'broken-flow.json'], { cwd: dir });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^broken-flow\.json:\d+:\d+: error (fatal )?invalid JSON: unexpected end of file/m);
    expect(broken.stdout).not.toContain('tsconfig');
    // Named without --ignore-non-flows, a file that does not parse is still an error.
    expect(runCli(['tsconfig.json'], { cwd: dir }).status).toBe(1);
  });

  it('reports an empty .json file as a flow cut short, in a hook and in a folder scan, unless its name says it is not a flow', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'flows'));
    cpSync(path.join(ROOT, 'fixtures', 'voice-ivr.json'), path.join(dir, 'flows', 'voice-ivr.json'));
    writeFileSync(path.join(dir, 'flows', 'support.json'), '');
    writeFileSync(path.join(dir, 'flows', 'sales.json'), ' \n');
    // Other tools' files, by name: a dot folder, another tool's JSON.
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(path.join(dir, '.vscode', 'settings.json'), '');
    writeFileSync(path.join(dir, 'flows', 'tsconfig.json'), '');

    const hook = runCli(['--ignore-non-flows', '-f', 'compact', '.vscode/settings.json', 'flows/tsconfig.json', 'flows/support.json', 'flows/voice-ivr.json'], { cwd: dir });
    expect(hook.status).toBe(1);
    expect(hook.stdout).toBe('flows/support.json:1:1: error fatal invalid JSON: the file is empty\n\n1 problem\n');
    expect(runCli(['--ignore-non-flows', '.vscode/settings.json', 'flows/tsconfig.json', 'flows/voice-ivr.json'], { cwd: dir }).status).toBe(0);

    const scan = runCli(['-f', 'compact', 'flows'], { cwd: dir });
    expect(scan.status).toBe(1);
    expect(scan.stdout.split('\n').filter((l) => l.includes('error')).sort()).toEqual([
      'flows/sales.json:2:1: error fatal invalid JSON: the file is empty',
      'flows/support.json:1:1: error fatal invalid JSON: the file is empty',
    ]);
  });
});

interface CliResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; line: number; column: number; endLine?: number; endColumn?: number }[];
}

/** ESLint's messages and the CLI's, file by file: the same rules at the same places with the same severities. */
function expectSameVerdicts(results: ESLint.LintResult[], cli: CliResult[]): void {
  // studio-lint/<id>/warnings is <id>'s findings that are warnings of their own: the same rule for the CLI; a
  // fatal error of the CLI (no rule: a pre-v2 export) is valid-flow-schema's for ESLint, which reports through rules.
  const key = (m: { ruleId: string | null; severity: number; line: number; column: number; endLine?: number; endColumn?: number }) =>
    `${(m.ruleId ?? 'valid-flow-schema').replace(/^studio-lint\//, '').replace(/\/warnings$/, '')} ${m.severity === 2 ? 'error' : 'warning'} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;
  expect(results.length).toBe(cli.length);
  for (const result of results) {
    const mine = cli.find((r) => path.resolve(r.filePath) === result.filePath)!;
    expect(mine, result.filePath).toBeDefined();
    expect(result.messages.map(key).sort(), path.basename(result.filePath)).toEqual(mine.messages.map(key).sort());
  }
}

describe.skipIf(!HAS_CORPUS)(`the ESLint plugin on the corpus${NEEDS_CORPUS}`, () => {
  it('gives every finding the CLI gives, at the same place and severity', async () => {
    const { default: studioLint } = (await import(path.join(ROOT, 'dist', 'eslint-plugin.js'))) as { default: { configs: { recommended: object } } };
    const config = [{ files: ['**/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended];
    const results = await new ESLint({ cwd: CORPUS, overrideConfigFile: true, overrideConfig: config as never }).lintFiles(['*.json']);
    const cli = JSON.parse(runCli(['-f', 'json', '.'], { cwd: CORPUS }).stdout) as CliResult[];
    expectSameVerdicts(results, cli);
    const count = (severity: number) => results.reduce((n, r) => n + r.messages.filter((m) => m.severity === severity).length, 0);
    expect(count(2)).toBeGreaterThan(500);
    expect(count(1)).toBeGreaterThan(200);
  }, 120_000);
});

describe('the ESLint plugin (studio-lint/eslint-plugin)', () => {
  it('reports the same findings at the same places as the CLI, and fixes safe ones', async () => {
    const { default: studioLint } = (await import(path.join(ROOT, 'dist', 'eslint-plugin.js'))) as { default: { configs: { recommended: object } } };
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures'), dir, { recursive: true });
    const config = [{ files: ['**/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const results = await eslint.lintFiles(['*.json']);
    const cli = JSON.parse(runCli(['-f', 'json', '.'], { cwd: dir }).stdout) as CliResult[];
    expectSameVerdicts(results, cli);
    // Not vacuous: the fixtures have warnings of both kinds (a warn rule's, and the Chat pre-fill's, which
    // no-message-trigger-variable reports as warnings while it is an error rule).
    const messages = results.flatMap((r) => r.messages);
    expect(messages.filter((m) => m.ruleId === 'studio-lint/no-message-trigger-variable/warnings' && m.severity === 1).length).toBeGreaterThan(3);
    expect(messages.filter((m) => m.ruleId === 'studio-lint/no-message-trigger-variable' && m.severity === 2).length).toBeGreaterThan(3);

    // A rule set to off is off with its warnings, as in the CLI.
    const off = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [...config, { files: ['**/*.json'], rules: { 'studio-lint/no-message-trigger-variable': 'off' } }] as never });
    const offCli = JSON.parse(runCli(['-f', 'json', '--rule', 'no-message-trigger-variable:off', '.'], { cwd: dir }).stdout) as CliResult[];
    expectSameVerdicts(await off.lintFiles(['*.json']), offCli);
    // The pre-v2 export format: the CLI's fatal error, through valid-flow-schema (ESLint reports only through rules).
    const legacy = { description: 'old', states: [{ name: 'Trigger', type: 'InitialState', sid: 'FF1', properties: {}, transitions: [] }] };
    writeFileSync(path.join(dir, 'legacy.json'), JSON.stringify(legacy, null, 2));
    const [legacyResult] = await eslint.lintFiles(['legacy.json']);
    const [legacyCli] = JSON.parse(runCli(['-f', 'json', 'legacy.json'], { cwd: dir }).stdout) as { messages: { message: string; line: number; column: number }[] }[];
    expect(legacyCli!.messages).toHaveLength(1);
    expect(legacyResult!.messages).toMatchObject([{ ruleId: 'studio-lint/valid-flow-schema', severity: 2, message: legacyCli!.messages[0]!.message, line: legacyCli!.messages[0]!.line, column: legacyCli!.messages[0]!.column }]);
    expect(legacyResult!.messages[0]!.message).toMatch(/pre-v2 Studio export format/);

    const fixer = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never, fix: true });
    writeFileSync(path.join(dir, 'safe.json'), SAFE_MOVE_FLOW);
    const [safe] = await fixer.lintFiles(['safe.json']);
    expect(safe!.output).toContain('"channel": "{{trigger.conversation.ConversationSid}}"');
    expect(safe!.output).toContain('"next": "ack",\n          "event": "incomingConversationMessage"');
    const [fixed] = await fixer.lintFiles(['chat-sms-to-flex.json']);
    // Its move is unsafe (it reads To and From): nothing is fixed, and unsafe fixes are suggestions, never applied.
    expect(fixed!.output).toBeUndefined();
    expect(fixed!.messages.find((m) => m.message.includes('channel_type'))!.suggestions!.map((s) => s.desc)).toEqual([
      'use trigger.conversation.ChannelAttributes.channel_type (or trigger.conversation.Source | downcase) (unsafe)',
    ]);
    // A safe fix that changes what a contact gets (here the repair of a read that renders empty under Incoming
    // Conversation, which the CLI applies and lists for review) is not applied unseen: a suggestion that says why.
    const repaired = JSON.stringify(
      { description: 'r', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states: [
        { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingConversationMessage', next: 'echo' }], properties: { offset: { x: 0, y: 0 } } },
        { name: 'echo', type: 'send-message', transitions: [{ event: 'sent' }, { event: 'failed' }], properties: { offset: { x: 0, y: 200 }, body: 'You said {{trigger.message.Body}}', to: '{{contact.channel.address}}', from: '{{flow.channel.address}}' } },
      ] },
      null,
      2,
    );
    writeFileSync(path.join(dir, 'repaired.json'), repaired);
    const cliFix = runCli(['--fix-dry-run', '-f', 'compact', 'repaired.json'], { cwd: dir });
    expect(cliFix.stderr).toMatch(/for review/);
    const [inEditor] = await fixer.lintFiles(['repaired.json']);
    expect(inEditor!.output).toBeUndefined();
    const body = inEditor!.messages.find((m) => m.message.includes("'trigger.message.Body'"))!;
    expect(body.fix).toBeUndefined();
    expect(body.suggestions!.map((s) => s.desc)).toEqual([expect.stringMatching(/^use trigger\.conversation\.Body \(not applied by --fix here: studio-lint's behaviour check: 'echo' body is "You said /)]);
  });
});

describe('the ESLint plugin and the behaviour check, flow by flow', () => {
  it('in a file of two flows, the fixes --fix holds back in one are suggestions; the other flow keeps its fixes, as --fix applies them', async () => {
    const { default: studioLint } = (await import(path.join(ROOT, 'dist', 'eslint-plugin.js'))) as { default: { configs: { recommended: object } } };
    const dir = tempDir();
    // A chain of Set Variables widgets whose values grow from widget to widget: too large to check, so --fix holds
    // its move back whole (test/behaviour.test.ts); beside it, a flow whose safe move --fix makes.
    const chain = Array.from({ length: 600 }, (_, i) => ({
      name: `w${i}`, type: 'set-variables', transitions: [{ event: 'next', next: i + 1 < 600 ? `w${i + 1}` : 'reply' }],
      properties: { offset: { x: 0, y: 0 }, variables: [{ key: `v${i}`, value: `{{trigger.message.ChannelSid}} {{flow.variables.v${Math.max(i - 1, 0)}}}` }] },
    }));
    const large = {
      description: 'large', initial_state: 'Trigger', flags: { allow_concurrent_calls: true },
      states: [{ name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingMessage', next: 'w0' }], properties: { offset: { x: 0, y: 0 } } }, ...chain, { name: 'reply', type: 'send-message', transitions: [], properties: { offset: { x: 0, y: 0 }, body: '{{flow.variables.v599}}' } }],
    };
    const resources = [
      { sid: 'FW00000000000000000000000000000001', friendly_name: 'Large', definition: large },
      { sid: 'FW00000000000000000000000000000002', friendly_name: 'Small', definition: JSON.parse(SAFE_MOVE_FLOW) as unknown },
    ];
    writeFileSync(path.join(dir, 'flows.json'), JSON.stringify(resources, null, 2) + '\n');
    const cli = runCli(['--fix-dry-run', '-f', 'json', 'flows.json'], { cwd: dir });
    expect(cli.stderr).toMatch(/held back[\s\S]*Large: the flow is too large to check/);
    const cliOutput = (JSON.parse(cli.stdout) as { output: string }[])[0]!.output;
    const config = [{ files: ['**/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended];
    const [result] = await new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never }).lintFiles(['flows.json']);
    const small = result!.messages.filter((m) => m.line > cliOutput.split('"Small"')[0]!.split('\n').length);
    const largeOnes = result!.messages.filter((m) => !small.includes(m));
    expect(small.filter((m) => m.fix).length).toBeGreaterThan(0);
    expect(largeOnes.filter((m) => m.fix)).toEqual([]);
    expect(largeOnes.some((m) => m.suggestions?.some((s) => /not applied by --fix here: studio-lint's behaviour check: Large: the flow is too large to check/.test(s.desc)))).toBe(true);
    // What ESLint's --fix writes is what studio-lint's --fix writes.
    const [fixed] = await new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never, fix: true }).lintFiles(['flows.json']);
    expect(fixed!.output).toBe(cliOutput);
  });
});

describe('the ESLint plugin and rule options', () => {
  const RULE = 'studio-lint/no-unavailable-trigger-variable';
  const map = (to: string) => ({ 'trigger.message.To': to });

  /** ESLint on the Chat-era fixture with the recommended config, then these rules and settings. */
  async function lintWith(extra: { rules?: Record<string, unknown>; settings?: Record<string, unknown> }) {
    const { default: studioLint } = (await import(path.join(ROOT, 'dist', 'eslint-plugin.js'))) as { default: { configs: { recommended: object } } };
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), path.join(dir, 'flow.json'));
    const config = [{ files: ['**/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended, { files: ['**/*.json'], ...extra }];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const [result] = await eslint.lintFiles(['flow.json']);
    return result!.messages.filter((m) => m.ruleId === RULE).map((m) => ({ line: m.line, suggestions: m.suggestions?.map((s) => s.desc) ?? [] }));
  }

  it('takes a rule’s options as the CLI’s config does; they win over the settings’ variableMap', async () => {
    const suggested = (to: string) => [{ line: 83, suggestions: [`use ${to} (variableMap) (unsafe)`] }];
    expect(await lintWith({})).toEqual([{ line: 83, suggestions: [] }]);
    expect(await lintWith({ rules: { [RULE]: ['error', { variableMap: map('flow.variables.rule') }] } })).toEqual(suggested('flow.variables.rule'));
    expect(await lintWith({ settings: { 'studio-lint': { variableMap: map('flow.variables.settings') } } })).toEqual(suggested('flow.variables.settings'));
    expect(
      await lintWith({ rules: { [RULE]: ['warn', { variableMap: map('flow.variables.rule') }] }, settings: { 'studio-lint': { variableMap: map('flow.variables.settings') } } }),
    ).toEqual(suggested('flow.variables.rule'));
    // The CLI over the same flow and options suggests the same.
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), path.join(dir, 'flow.json'));
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify({ rules: { 'no-unavailable-trigger-variable': ['error', { variableMap: map('flow.variables.rule') }] } }));
    const cli = JSON.parse(runCli(['-f', 'json', 'flow.json'], { cwd: dir }).stdout) as { messages: { ruleId: string; line: number; fixSafety?: string; fix?: { text: string } }[] }[];
    expect(cli[0]!.messages.filter((m) => m.ruleId === 'no-unavailable-trigger-variable').map((m) => [m.line, m.fixSafety, m.fix?.text])).toEqual([[83, 'unsafe', 'flow.variables.rule']]);
  });

  it('takes a rule setting copied from the config file: an empty options object for a rule without options', async () => {
    await expect(lintWith({ rules: { 'studio-lint/valid-liquid': ['error', {}], 'studio-lint/no-autopilot-widget': ['warn', {}] } })).resolves.toBeInstanceOf(Array);
  });

  it.each([
    [RULE, { variableMapp: {} }, 'should NOT have additional properties.\n\t\tUnexpected property "variableMapp". Expected properties: "variableMap".'],
    [RULE, { variableMap: { To: 'flow.variables.x' } }, "property name 'To' is invalid."],
    [RULE, { variableMap: map('flow variables') }, 'should match pattern "^[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)*$".'],
    ['studio-lint/valid-liquid', { strict: true }, 'should NOT have additional properties.\n\t\tUnexpected property "strict".'],
  ])('refuses options the rule does not declare, with ESLint’s message: %s %j', async (rule, options, message) => {
    const run = lintWith({ rules: { [rule]: ['error', options] } });
    await expect(run).rejects.toThrow(`Key "${rule}":`);
    await expect(run).rejects.toThrow(message);
  });
});

describe('the lint-staged example of docs/integrations.md', () => {
  it('blocks a commit of an unmigrated flow after fixing what it can, and lets a clean one through', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'integrations.md'), 'utf8');
    const block = /<!-- lint-staged-example -->\n```json\n([\s\S]*?)```/.exec(page)![1]!;
    const config = JSON.parse(block) as { 'lint-staged': Record<string, string> };
    const repo = tempDir();
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    // The bin as the installed package provides it.
    const bin = path.join(repo, 'node_modules', '.bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(path.join(bin, 'studio-lint'), `#!/bin/sh\nexec node ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'flows', ...config }, null, 2));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    const lintStaged = path.join(ROOT, 'node_modules', '.bin', 'lint-staged');
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

    cpSync(path.join(ROOT, 'fixtures', 'voice-ivr.json'), path.join(repo, 'voice.json'));
    git('add', '.');
    expect(spawnSync(lintStaged, [], { cwd: repo, encoding: 'utf8', env }).status).toBe(0);
    git('commit', '-q', '-m', 'voice');

    cpSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), path.join(repo, 'chat.json'));
    git('add', 'chat.json');
    const blocked = spawnSync(lintStaged, [], { cwd: repo, encoding: 'utf8', env });
    expect(blocked.status).toBe(1);
    expect(readFileSync(path.join(repo, 'chat.json'), 'utf8')).toContain('"event": "incomingConversationMessage"');
  });
});

/**
 * Test helpers: flows built from a few widgets, a RuleTester in ESLint's manner, and the built CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeRules, decodeSource, fixSource, lintSource, rulesById, toLintResult, type LintMessage, type LintSettings } from '../src/index.js';
import { interpolate, type ScopeInputs } from '../src/linter/lint.js';
import type { CliContext } from '../src/commands/shared.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'dist', 'cli.cjs');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'flows');
/**
 * Whether the public corpus is beside the checkout (CI has it; a fresh clone does not). A suite that needs it is
 * `describe.skipIf(!HAS_CORPUS)` and carries NEEDS_CORPUS in its name, so that its skip says why; a test that
 * also runs on the fixtures runs on them alone without it, with its own counts.
 */
export const HAS_CORPUS = existsSync(CORPUS);
export const NEEDS_CORPUS = ' [needs ../shared/corpus beside the checkout: skipped without it]';
/** The corpus's flow files, full paths; none without the corpus. */
export const CORPUS_FILES: string[] = HAS_CORPUS ? readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(CORPUS, f)) : [];

type Json = Record<string, unknown>;

/** One of the example flows in fixtures/, parsed. */
export function fixtureFlow(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A widget: name, type, transitions as {event: next}, properties. */
export function widget(name: string, type: string, transitions: Record<string, string | undefined> = {}, properties: Json = {}): Json {
  return {
    name,
    type,
    transitions: Object.entries(transitions).map(([event, next]) => (next ? { next, event } : { event })),
    properties: { offset: { x: 0, y: 0 }, ...properties },
  };
}

/** A flow whose Trigger wires the given events; the widgets follow. */
export function flow(triggerEvents: Record<string, string | undefined>, ...widgets: Json[]): Json {
  const events = { incomingMessage: undefined, incomingCall: undefined, incomingConversationMessage: undefined, incomingRequest: undefined, incomingParent: undefined, ...triggerEvents };
  return {
    description: 'test flow',
    states: [widget('Trigger', 'trigger', events), ...widgets],
    initial_state: 'Trigger',
    flags: { allow_concurrent_calls: true },
  };
}

/** Studio's own export formatting. */
export const studioText = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/**
 * A Chat-era Flex flow whose every read has a safe rename, so that plain --fix moves it (issue 24: both Chat-era
 * fixtures read To or From, which makes their move unsafe), and whose Send to Flex has a transition to nowhere: an
 * error --fix leaves. Fixed, it holds "incomingConversationMessage" wired and trigger.conversation.ConversationSid.
 */
export const SAFE_MOVE_FLOW = studioText(
  flow(
    { incomingMessage: 'ack' },
    widget('ack', 'send-message', { sent: 'agent' }, { body: 'We got "{{trigger.message.Body}}"', service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', to: '{{contact.channel.address}}' }),
    widget('agent', 'send-to-flex', { failedToEnqueue: 'missing' }, { workflow: 'WW1', channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }),
  ),
);

/** A message flow: Incoming Conversation into one widget with these properties. */
export function conversationFlowWith(type: string, properties: Json, transitions: Record<string, string | undefined> = {}): string {
  return studioText(flow({ incomingConversationMessage: 'w' }, widget('w', type, transitions, properties)));
}

/**
 * A Chat-era Flex flow: Incoming Message into one widget with these properties, then Send to Flex (what puts
 * it in the migration's scope).
 */
export function chatFlowWith(type: string, properties: Json): string {
  return studioText(
    flow(
      { incomingMessage: 'w' },
      widget('w', type, { [type === 'split-based-on' ? 'noMatch' : 'success']: 'to_agent' }, properties),
      widget('to_agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{}' }),
    ),
  );
}

/** 1-based line/column of the n-th occurrence of `needle` in `text`, and of its end. */
export function positionOf(
  text: string,
  needle: string,
  occurrence = 1,
  within?: string,
): { line: number; column: number; endLine: number; endColumn: number } {
  // `within`: the needle is looked for from the start of this (first) larger snippet on.
  let index = within === undefined ? -1 : text.indexOf(within) - 1;
  if (within !== undefined && index < -1) throw new Error(`'${within}' does not occur`);
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' occurs fewer than ${occurrence} times`);
  }
  const at = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  };
  const start = at(index);
  const end = at(index + needle.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function lintText(text: string, settings: LintSettings = {}, scope?: ScopeInputs): LintMessage[] {
  const active = activeRules(settings);
  return toLintResult(lintSource('/flows/test.json', decodeSource(text), active, scope ? { scope } : {}), { withEdits: true }).messages;
}

/** Lints with only `ruleId` on (`scope`: what the runner knows of the file, such as a promoted folder's facts). */
export function lintRule(ruleId: string, text: string, options: Json = {}, scope?: ScopeInputs): LintMessage[] {
  return lintText(text, { rules: onlyRule(ruleId, options) }, scope);
}

export function onlyRule(ruleId: string, options: Json = {}): NonNullable<LintSettings['rules']> {
  const rules: NonNullable<LintSettings['rules']> = {};
  for (const rule of activeRules()) rules[rule.rule.meta.id] = { severity: 'off' };
  rules[ruleId] = { severity: 'error', options };
  return rules;
}

/** Applies the fixes of `ruleId` (safe, or unsafe too) and returns the fixed text. */
export function fixRule(ruleId: string, text: string, { unsafe = false, options = {}, scope }: { unsafe?: boolean; options?: Json; scope?: ScopeInputs } = {}): string {
  const active = activeRules({ rules: onlyRule(ruleId, options) });
  const file = lintSource('/flows/test.json', decodeSource(text), active, scope ? { scope } : {});
  // The rule's own fix, as ESLint's RuleTester checks it: alone, without the behaviour check, which weighs every
  // rule's findings together (test/behaviour.test.ts).
  const outcome = fixSource(file, active, { unsafe, checkBehaviour: false });
  expect(outcome.failure).toBeUndefined();
  return outcome.output;
}

export interface InvalidCase {
  code: string;
  errors: {
    text: string;
    occurrence?: number;
    within?: string;
    message?: RegExp | string;
    /** One of the rule's meta.messages; with `data`, the exact message, else the template with any placeholder values. */
    messageId?: string;
    data?: Record<string, string | number>;
    /** 1 (warning) or 2 (error): for a finding whose severity is not the rule's (a warning the rule sets itself). */
    severity?: 1 | 2;
    /** The finding's suggestions: each description and the text once it is applied. */
    suggestions?: { desc: string; output: string }[];
    line?: number;
    column?: number;
    endLine?: number;
    endColumn?: number;
  }[];
  /** Text after --fix (safe fixes); omitted: the same as `code`. */
  output?: string;
  /** Text after --fix --unsafe-fixes; omitted: not checked. */
  unsafeOutput?: string;
  options?: Json;
  /** What the runner knows of the file (a promoted folder's facts); omitted: a text linted alone. */
  scope?: ScopeInputs;
}

/** ESLint's RuleTester, for flows: valid code has no finding; invalid code has exactly these, at these places. */
export function testRule(ruleId: string, cases: { valid: (string | { code: string; scope?: ScopeInputs })[]; invalid: InvalidCase[] }): void {
  const meta = rulesById.get(ruleId)!.meta;
  for (const valid of cases.valid) {
    const { code, scope } = typeof valid === 'string' ? { code: valid, scope: undefined } : valid;
    expect(lintRule(ruleId, code, {}, scope), `valid:\n${code.slice(0, 400)}`).toEqual([]);
  }
  for (const c of cases.invalid) {
    const messages = lintRule(ruleId, c.code, c.options, c.scope);
    expect(messages.map((m) => m.message), 'number of findings').toHaveLength(c.errors.length);
    c.errors.forEach((expected, i) => {
      const m = messages[i]!;
      const where = expected.line
        ? { line: expected.line, column: expected.column, endLine: expected.endLine, endColumn: expected.endColumn }
        : positionOf(c.code, expected.text, expected.occurrence, expected.within);
      expect({ line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn }, m.message).toEqual(where);
      expect(m.ruleId).toBe(ruleId);
      if (expected.severity !== undefined) expect(m.severity, `severity of '${m.message}'`).toBe(expected.severity);
      if (typeof expected.message === 'string') expect(m.message).toBe(expected.message);
      else if (expected.message) expect(m.message).toMatch(expected.message);
      if (expected.messageId !== undefined) {
        const template = meta.messages?.[expected.messageId];
        expect(template, `meta.messages.${expected.messageId}`).toBeDefined();
        if (expected.data) expect(m.message).toBe(interpolate(template!, expected.data));
        else expect(m.message).toMatch(templatePattern(template!));
      }
      if (expected.suggestions) {
        expect((m.suggestions ?? []).map((s) => s.desc)).toEqual(expected.suggestions.map((s) => s.desc));
        m.suggestions?.forEach((s, k) => {
          const applied = s.fix ? c.code.slice(0, s.fix.range[0]) + s.fix.text + c.code.slice(s.fix.range[1]) : c.code;
          expect(applied, `suggestion '${s.desc}'`).toBe(expected.suggestions![k]!.output);
        });
      }
      // Meta and behaviour agree: every message is one of meta.messages, and suggestions need hasSuggestions.
      if (meta.messages) expect(Object.values(meta.messages).some((t) => templatePattern(t).test(m.message)), `'${m.message}' is none of meta.messages`).toBe(true);
      if (m.suggestions?.length) shown(ruleId).add('suggestions');
    });
    const output = fixRule(ruleId, c.code, { options: c.options, scope: c.scope });
    expect(output).toBe(c.output ?? c.code);
    const unsafeOutput = fixRule(ruleId, c.code, { unsafe: true, options: c.options, scope: c.scope });
    if (c.unsafeOutput !== undefined) expect(unsafeOutput).toBe(c.unsafeOutput);
    // A fix the case shows is one meta declares (the linter refuses others; this keeps the tables honest too).
    if (output !== c.code) shown(ruleId).add('safe');
    if (unsafeOutput !== output) shown(ruleId).add('unsafe');
  }
}

/**
 * ESLint's RuleTester.run: one named test per case (`valid: <name>`, `invalid: <name>`, numbered when unnamed),
 * then the check that meta agrees with what the cases showed.
 */
export function ruleTester(ruleId: string, cases: { valid: (string | { name: string; code: string; scope?: ScopeInputs })[]; invalid: (InvalidCase & { name?: string })[] }): void {
  describe(ruleId, () => {
    cases.valid.forEach((c, i) => {
      const { name, code, scope } = typeof c === 'string' ? { name: `#${i + 1}`, code: c, scope: undefined } : c;
      it(`valid: ${name}`, () => testRule(ruleId, { valid: [{ code, scope }], invalid: [] }));
    });
    cases.invalid.forEach((c, i) => it(`invalid: ${c.name ?? `#${i + 1}`}`, () => testRule(ruleId, { valid: [], invalid: [c] })));
    it('meta agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees(ruleId));
  });
}

const shownByRule = new Map<string, Set<'safe' | 'unsafe' | 'suggestions'>>();
const shown = (ruleId: string) => shownByRule.get(ruleId) ?? shownByRule.set(ruleId, new Set()).get(ruleId)!;

/** A message template as a pattern: placeholders match anything. */
function templatePattern(template: string): RegExp {
  return new RegExp('^' + template.split(/\{\{\s*\w+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*') + '$');
}

/**
 * After a rule's cases: what its meta declares, the cases show, and the reverse (a safe fix shown needs
 * fixable 'safe' or 'safe-and-unsafe', an unsafe one 'unsafe', 'safe-and-unsafe' or fixableWithOptions).
 */
export function expectMetaAgrees(ruleId: string): void {
  const { fixable, fixableWithOptions, hasSuggestions } = rulesById.get(ruleId)!.meta;
  const seen = shown(ruleId);
  const declares = (safety: 'safe' | 'unsafe') => fixable === safety || fixable === 'safe-and-unsafe' || fixableWithOptions === safety;
  expect({ safe: seen.has('safe'), unsafe: seen.has('unsafe'), suggestions: seen.has('suggestions') }, `${ruleId}: the cases against meta`).toEqual({
    safe: declares('safe'),
    unsafe: declares('unsafe'),
    suggestions: !!hasSuggestions,
  });
}

export function tempDir(prefix = 'studio-lint-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], { cwd = ROOT, input, env = {} }: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI in a child process without blocking this one: for tests whose server runs in this process. */
export function runCliAsync(args: string[], { cwd = ROOT, env = {} }: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/**
 * The CLI in this process: the real argument parsing (src/commands/program.ts) and the real command code, with
 * captured streams, `cwd` and `env` (over this process's environment, NO_COLOR set, as runCliAsync's child gets
 * them) and no terminal. Same answer as runCliAsync without a child's start-up and module loading (0.4 s of CPU
 * for an account command, most of it the twilio package): for the account commands, whose stand-in API runs in
 * this process. A command that calls process.exit or depends on the process itself (its pid, a signal, the
 * twilio package missing) is tested through runCliAsync. `input`: standard input, and the answers to a prompt.
 */
export async function runCliInProcess(args: string[], { cwd = ROOT, env = {}, input = '' }: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  // Loaded on first use: the files that do not run the CLI here do not pay for loading every command.
  const { internalError, runCommandLine } = await import('../src/commands/program.js');
  // A process of its own would know no credentials of an earlier run.
  (await import('../src/twilio/client.js')).forgetSecrets();
  let stdout = '';
  let stderr = '';
  const answers = input.split('\n');
  const context: CliContext = {
    stdout: (text) => void (stdout += typeof text === 'string' ? text : Buffer.from(text).toString()),
    stderr: (text) => void (stderr += text),
    readStdin: () => input,
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdinIsTty: false,
    stdoutIsTty: false,
    stderrIsTty: false,
    // As readline on a pipe: the question on standard error, the answer the next line of input ('' at its end).
    ask: (question) => {
      stderr += question;
      return Promise.resolve(answers.shift() ?? '');
    },
  };
  try {
    return { status: await runCommandLine(args, context), stdout, stderr };
  } catch (error) {
    // What src/cli.ts does with a command that threw.
    return { status: 2, stdout, stderr: stderr + internalError(error) };
  }
}

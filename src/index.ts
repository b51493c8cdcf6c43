/**
 * The programmatic API: what the CLI does, reachable without a process (docs/api.md). `lintText` is the simple
 * entry point (a path and a text in, an ESLint-shaped result out); `lintSource`, `fixSource` and `lintFiles` are
 * the pieces the CLI itself runs, here with their arguments checked, so that a wrong call says what was expected
 * instead of failing inside the linter.
 */
import { classify as classifyText, decodeSource as decode, type FlowEntry, type SourceText } from './flow/load.js';
import { diffFlow, pairFlows, type FlowDiff } from './diff/diff.js';
import { fixSource as fixUnchecked, type FixOptions, type FixOutcome } from './linter/fix-loop.js';
import { activeRules, lintSource as lintUnchecked, type ActiveRule, type FileLint, type LintSettings, type ScopeInputs } from './linter/lint.js';
import { toLintResult, type LintResult } from './linter/results.js';
import { lintFiles as lintFilesUnchecked } from './runner/run.js';

export { lintPath } from './runner/run.js';
export { activeRules, type ActiveRule, type FileLint, type Finding, type LintSettings, type RuleSetting } from './linter/lint.js';
export { toLintResult, type LintMessage, type LintResult } from './linter/results.js';
export { verify, MAX_PASSES, type FixOutcome, type FixOptions } from './linter/fix-loop.js';
export { decodeSource, classify, type Classification, type FlowEntry, type SourceText } from './flow/load.js';
export { Flow, TRIGGER_EVENTS, type Widget, type Template, type Reference } from './flow/model.js';
export { JsonLocator, LineIndex } from './flow/locate.js';
export { scanLiquid } from './liquid/scan.js';
export { rules, rulesById } from './rules/index.js';
export type { Rule, RuleMeta, Fix, Severity } from './rules/types.js';
export { runLintCommand } from './commands/lint.js';
export type { Io } from './commands/shared.js';
export { ruleMarkdown, ruleText } from './rules/docs.js';
export type { FlowDiff, PropertyChange, TransitionChange, WidgetChange, MigrationChange } from './diff/diff.js';

/** What a value is, for an error message: `a string`, `undefined`, `an array`, `a number (42)`. */
function described(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return `an object with the keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}

function expectArgument(ok: boolean, call: string, what: string, value: unknown, hint = ''): void {
  if (!ok) throw new TypeError(`studio-lint: ${call}: ${what}, not ${described(value)}${hint ? `; ${hint}` : ''} (docs/api.md)`);
}

const isSourceText = (value: unknown): value is SourceText => typeof value === 'object' && value !== null && typeof (value as SourceText).text === 'string';
const isActiveRules = (value: unknown): value is ActiveRule[] => Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null && 'rule' in r && 'severity' in r);
const isFileLint = (value: unknown): value is FileLint => typeof value === 'object' && value !== null && Array.isArray((value as FileLint).findings) && isSourceText((value as FileLint).source);

export interface LintTextOptions {
  /** Rule severities and options, as the config file's `rules` give them (`{ rules: { id: { severity, options } } }`). */
  settings?: LintSettings;
  /** Apply the safe fixes (`true`, as `--fix`) or the unsafe ones too (`'unsafe'`, as `--fix --unsafe-fixes`). */
  fix?: boolean | 'unsafe';
}

/**
 * Lints one file's text, as `studio-lint <file>` does (the path names the file in the result; nothing is read or
 * written): the result is ESLint's `LintResult` shape with `fix` and `suggestions` edits. With `fix`, the result
 * is the lint of the fixed text, and `output` holds that text when the fixes changed it.
 */
export function lintText(filePath: string, text: string | Uint8Array, options: LintTextOptions = {}): LintResult {
  const call = 'lintText(filePath, text, options?)';
  expectArgument(typeof filePath === 'string', call, 'filePath must be a string (the name the result gives the file)', filePath);
  expectArgument(typeof text === 'string' || text instanceof Uint8Array, call, 'text must be the file’s content, a string or a Buffer', text, isSourceText(text) ? 'pass source.text, or call lintSource(filePath, source)' : '');
  expectArgument(typeof options === 'object' && options !== null, call, 'options must be an object ({ settings, fix })', options);
  const active = activeRules(options.settings);
  const linted = lintUnchecked(filePath, decode(text), active);
  const unsafeFixes = options.fix === 'unsafe';
  if (!options.fix) return toLintResult(linted, { withEdits: true });
  const fixed = fixUnchecked(linted, active, { unsafe: unsafeFixes });
  if (fixed.failure) {
    linted.findings.unshift({ ruleId: null, severity: 2, fatal: true, message: `not fixed: ${fixed.failure}`, range: { start: 0, end: 0 } });
    return toLintResult(linted, { withEdits: true, unsafeFixes });
  }
  const result = toLintResult(fixed.file, { withEdits: true, unsafeFixes });
  if (fixed.changed) result.output = fixed.output;
  return result;
}

/**
 * Lints one decoded text with the given rules (`activeRules(settings)`, all rules at their default severity when
 * left out). The text is a `SourceText` from `decodeSource(text)`; for a plain string, `lintText` is simpler.
 */
export function lintSource(filePath: string, source: SourceText, active: ActiveRule[] = activeRules(), options: { explicit?: boolean; scope?: ScopeInputs } = {}): FileLint {
  const call = 'lintSource(filePath, source, active?)';
  expectArgument(typeof filePath === 'string', call, 'filePath must be a string', filePath);
  expectArgument(isSourceText(source), call, 'source must be a SourceText ({ text, bom }, from decodeSource(text))', source, typeof source === 'string' ? 'for a path and a text, call lintText(filePath, text)' : '');
  expectArgument(isActiveRules(active), call, 'active must be the rules to run, from activeRules(settings)', active);
  return lintUnchecked(filePath, source, active, options);
}

/** Applies the fixes to a file `lintSource` linted, in passes, and verifies the result (`--fix` without writing). */
export function fixSource(original: FileLint, active: ActiveRule[] = activeRules(), options: FixOptions = {}): FixOutcome {
  const call = 'fixSource(file, active?, options?)';
  expectArgument(isFileLint(original), call, 'file must be what lintSource returned', original, typeof original === 'string' ? 'for a text, call lintText(filePath, text, { fix: true })' : '');
  expectArgument(isActiveRules(active), call, 'active must be the rules lintSource ran, from activeRules(settings)', active);
  return fixUnchecked(original, active, options);
}

/**
 * Lints files, folders and globs as the command line finds them (files that are not flows, found by a folder
 * scan, are left out) and returns ESLint-shaped results; `missing` lists the paths that matched nothing.
 */
export function lintFiles(paths: string[], options: { settings?: LintSettings; cwd?: string } = {}): Promise<{ results: LintResult[]; missing: string[] }> {
  const call = 'lintFiles(paths, options?)';
  expectArgument(Array.isArray(paths) && paths.every((p) => typeof p === 'string'), call, 'paths must be an array of file, folder or glob strings', paths, typeof paths === 'string' ? `lintFiles([${JSON.stringify(paths)}])` : '');
  return lintFilesUnchecked(paths, options);
}

/**
 * What changed between two versions of a flow file, widget by widget, as `studio-lint diff -f json` reports it (one
 * entry per flow of the file, `status: 'unchanged'` included). A version that is not a flow throws an Error naming it.
 */
export function diffTexts(filePath: string, oldText: string | Uint8Array, newText: string | Uint8Array): FlowDiff[] {
  const call = 'diffTexts(filePath, oldText, newText)';
  expectArgument(typeof filePath === 'string', call, 'filePath must be a string (the name the diff gives the file)', filePath);
  for (const [name, value] of [['oldText', oldText], ['newText', newText]] as const) {
    expectArgument(typeof value === 'string' || value instanceof Uint8Array, call, `${name} must be a version of the file, a string or a Buffer`, value);
  }
  const flowsOf = (label: string, text: string | Uint8Array): FlowEntry[] => {
    const c = classifyText(decode(text).text);
    if (c.kind === 'flows') return c.flows;
    throw new Error(`studio-lint: ${call}: ${label} of ${filePath} is not a Studio flow: ${c.kind === 'invalid-json' ? c.message : c.reason}`);
  };
  return pairFlows(flowsOf('the old version', oldText), flowsOf('the new version', newText)).map((p) => diffFlow(filePath, p.before, p.after, p.name));
}

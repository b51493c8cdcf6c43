/**
 * Findings in ESLint's formatter shape (design.md), with `pointer`, `widget` and fix safety added.
 */
import { createHash } from 'node:crypto';
import { LineIndex } from '../flow/locate.js';
import { applyEdits, type TextEdit } from '../fixers/edits.js';
import type { BehaviourChange, FileLint, Finding } from './lint.js';
import type { MigrationDecision } from '../migration/scope.js';

export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  pointer?: string;
  widget?: string;
  flow?: string;
  fix?: EslintFix;
  fixSafety?: 'safe' | 'unsafe';
  suggestions?: { desc: string; fix?: EslintFix }[];
  /**
   * Identity by meaning, stable when a re-export reorders states or moves offsets: rule, flow, widget, the
   * property path inside the widget and the offending text. Baselines and SARIF's partialFingerprints use it.
   */
  fingerprint?: string;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  /** Findings `--fix` would fix (with `--unsafe-fixes`, unsafe ones too). */
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Findings only `--unsafe-fixes` would fix. */
  unsafeFixableCount: number;
  /** The fixed text, with --fix-dry-run. */
  output?: string;
  /** How many flow definitions the file holds. */
  flowCount: number;
  /** Per flow: whether the Chat → Conversations migration concerns it, decided by whom, on what evidence. */
  migrationScope?: MigrationDecision[];
  /** After a fix: what the fixed flows do differently that no message reports (a value changed on purpose), to review. */
  behaviourChanges?: BehaviourChange[];
  /** After a fix: the differences fixes held back would have made unsaid (their messages stay). */
  heldBack?: BehaviourChange[];
}

export interface ResultOptions {
  unsafeFixes?: boolean;
  /** Include `fix` and `suggestions[].fix` (JSON output); they cost the edits' construction. */
  withEdits?: boolean;
  quiet?: boolean;
  /** Include `fingerprint` (SARIF, baselines). */
  fingerprints?: boolean;
}

/** A file's result with no message yet, every count 0. */
export function emptyResult(filePath: string, flowCount: number): LintResult {
  return { filePath, messages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, unsafeFixableCount: 0, flowCount };
}

export function toLintResult(file: FileLint, options: ResultOptions = {}): LintResult {
  const lines = new LineIndex(file.source.text);
  const findings = options.quiet ? file.findings.filter((f) => f.severity === 2) : file.findings;
  const result = emptyResult(file.filePath, file.flowCount);
  if (file.scopes) result.migrationScope = file.scopes;
  if (file.behaviourChanges?.length) result.behaviourChanges = file.behaviourChanges;
  if (file.heldBack?.length) result.heldBack = file.heldBack;
  for (const finding of findings) result.messages.push(toMessage(file, finding, lines, options));
  countMessages(result, options.unsafeFixes);
  return result;
}

/** Sets a result's counts from its messages (after toLintResult, and again after a baseline drops some). */
export function countMessages(result: LintResult, unsafeFixes = false): void {
  result.errorCount = result.warningCount = result.fatalErrorCount = 0;
  result.fixableErrorCount = result.fixableWarningCount = result.unsafeFixableCount = 0;
  for (const m of result.messages) {
    if (m.severity === 2) result.errorCount++;
    else result.warningCount++;
    if (m.fatal) result.fatalErrorCount++;
    if (m.fixSafety === 'safe' || (m.fixSafety && unsafeFixes)) {
      if (m.severity === 2) result.fixableErrorCount++;
      else result.fixableWarningCount++;
    } else if (m.fixSafety) result.unsafeFixableCount++;
  }
}

export function isApplicable(finding: Finding, unsafeFixes = false): boolean {
  return !!finding.fix && (finding.fix.safety === 'safe' || unsafeFixes);
}

function toMessage(file: FileLint, finding: Finding, lines: LineIndex, options: ResultOptions): LintMessage {
  const start = lines.position(finding.range.start);
  const end = lines.position(finding.range.end);
  const message: LintMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
  if (finding.fatal) message.fatal = true;
  if (finding.pointer !== undefined) message.pointer = finding.pointer;
  if (finding.widget !== undefined) message.widget = finding.widget;
  if (finding.flow !== undefined) message.flow = finding.flow;
  if (finding.fix) {
    message.fixSafety = finding.fix.safety;
    if (options.withEdits) {
      const fix = mergeEdits(file.source.text, finding.fix.edits);
      if (fix) message.fix = fix;
    }
  }
  if (options.fingerprints && finding.ruleId) message.fingerprint = fingerprint(file, finding);
  if (finding.suggestions) {
    message.suggestions = finding.suggestions.map((s) => {
      const suggestion: { desc: string; fix?: EslintFix } = { desc: s.description };
      const fix = options.withEdits && s.edits ? mergeEdits(file.source.text, s.edits) : undefined;
      if (fix) suggestion.fix = fix;
      return suggestion;
    });
  }
  return message;
}

/** ESLint's fix is one range: merge a fix's edits into a single replacement of the span they cover. */
function mergeEdits(text: string, build: () => TextEdit[]): EslintFix | undefined {
  let edits: TextEdit[];
  try {
    edits = build();
  } catch {
    return undefined;
  }
  if (edits.length === 0) return undefined;
  if (edits.length === 1) return { range: [edits[0]!.start, edits[0]!.end], text: edits[0]!.text };
  const start = Math.min(...edits.map((e) => e.start));
  const end = Math.max(...edits.map((e) => e.end));
  const shifted = edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  return { range: [start, end], text: applyEdits(text.slice(start, end), shifted).text };
}

/** See LintMessage.fingerprint. The state index in the pointer is replaced by the widget's name. */
export function fingerprint(file: FileLint, finding: Finding): string {
  const path = (finding.pointer ?? '').replace(/\/states\/\d+/, `/states/${finding.widget ?? ''}`).replace(/^\/\d+\/definition/, '/definition');
  // Without white space: a re-export may indent a multi-line finding (a Trigger transition) differently.
  const text = file.source.text.slice(finding.range.start, Math.min(finding.range.end, finding.range.start + 400)).replace(/\s+/g, '');
  const key = [finding.ruleId, finding.flow ?? '', finding.widget ?? '', path, text].join('\u001f');
  return createHash('sha1').update(key).digest('hex').slice(0, 20);
}

/**
 * The fix loop: apply the non-overlapping edits of the applicable fixes, lint again, repeat (at most
 * MAX_PASSES), then verify the result before anyone writes it: it parses as the same flows, no value
 * changed its JSON type, and the fixed findings are gone.
 */
import { classify, type Classification } from '../flow/load.js';
import { lintSource, type ActiveRule, type FileLint, type Finding } from './lint.js';
import { isApplicable } from './results.js';
import { applyEdits, type TextEdit } from '../fixers/edits.js';

export const MAX_PASSES = 10;

export interface FixOptions {
  unsafe?: boolean;
  /** Only findings of these rules are fixed. */
  onlyRules?: ReadonlySet<string>;
  /**
   * Findings to leave as they are in a text the loop linted (the baseline's: see runner/baseline.ts), asked
   * again after each pass since a pass re-lints the text.
   */
  held?: (file: FileLint) => ReadonlySet<Finding>;
}

export interface FixOutcome {
  /** The lint of the final text: what remains to report. */
  file: FileLint;
  /** The fixed text (BOM excluded); equal to the input when nothing changed or verification failed. */
  output: string;
  changed: boolean;
  /** How many findings the applied fixes addressed. */
  fixed: number;
  /** How many of those were unsafe fixes. */
  fixedUnsafe: number;
  passes: number;
  /** Set when the loop stopped at MAX_PASSES with fixes still pending. */
  hitLimit: boolean;
  /** Set when the fixed text failed verification: nothing may be written. */
  failure?: string;
}

/** `original` is the file as linted; the loop lints each pass's text again. */
export function fixSource(original: FileLint, active: ActiveRule[], options: FixOptions = {}): FixOutcome {
  const applicable = (f: Finding) => isApplicable(f, options.unsafe) && (!options.onlyRules || options.onlyRules.has(f.ruleId ?? ''));
  const selected = (file: FileLint): Finding[] => {
    const held = options.held?.(file);
    return file.findings.filter((f) => applicable(f) && !held?.has(f));
  };
  const { filePath, source } = original;
  let current = original;
  let text = source.text;
  let fixed = 0;
  let fixedUnsafe = 0;
  let passes = 0;
  while (passes < MAX_PASSES) {
    const edits: TextEdit[][] = [];
    const unsafe: boolean[] = [];
    for (const finding of selected(current)) {
      try {
        edits.push(finding.fix!.edits());
        unsafe.push(finding.fix!.safety === 'unsafe');
      } catch {
        // A fix that cannot build its edits is left for a person; the finding stays reported.
      }
    }
    if (edits.length === 0) break;
    const pass = applyFixGroups(text, edits);
    if (pass.applied.length === 0) break;
    passes++;
    fixed += pass.applied.length;
    fixedUnsafe += pass.applied.filter((i) => unsafe[i]).length;
    text = pass.text;
    current = lintSource(filePath, { text, bom: source.bom }, active, { scope: original.scopeInputs });
  }
  const pending = selected(current).length > 0;
  const outcome: FixOutcome = { file: current, output: text, changed: text !== source.text, fixed, fixedUnsafe, passes, hitLimit: pending && passes >= MAX_PASSES };
  if (!outcome.changed) return outcome;
  const failure = verifyLinted(original, current);
  if (failure) return { ...outcome, file: original, output: source.text, changed: false, fixed: 0, fixedUnsafe: 0, failure };
  return outcome;
}

/**
 * Applies whole fixes, never part of one: a fix whose edits conflict with an already taken fix's waits for
 * the next pass. Identical edits may coincide (two reads through one alias rewrite the same assign).
 */
function applyFixGroups(text: string, groups: TextEdit[][]): { text: string; applied: number[] } {
  const taken: TextEdit[] = [];
  const applied: number[] = [];
  groups.forEach((group, index) => {
    if (group.some((e) => taken.some((t) => conflicts(e, t)))) return;
    taken.push(...group);
    applied.push(index);
  });
  return { text: applyEdits(text, taken).text, applied };
}

function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start && a.end === b.end && a.text === b.text) return false;
  const overlap = a.start < b.end && b.start < a.end;
  const sameInsertionPoint = a.start === a.end && b.start === b.end && a.start === b.start;
  return overlap || sameInsertionPoint;
}

/** Why the fixed text must not be written, or undefined when it is sound. */
export function verify(before: string, after: string): string | undefined {
  return compareDocuments(documentOf(classify(before)), documentOf(classify(after)));
}

/** verify() on texts the loop has linted already: their parsed documents are reused, not parsed again. */
function verifyLinted(before: FileLint, after: FileLint): string | undefined {
  const document = (file: FileLint): ParsedDocument =>
    file.root !== undefined ? { flowCount: file.flowCount, root: file.root } : documentOf(classify(file.source.text));
  return compareDocuments(document(before), document(after));
}

/** What verification compares: how many flows a text holds and its parsed value; or why it holds none. */
type ParsedDocument = { flowCount: number; root: unknown } | { problem: string };

function documentOf(classification: Classification): ParsedDocument {
  if (classification.kind === 'flows') return { flowCount: classification.flows.length, root: classification.root };
  if (classification.kind === 'invalid-json') return { problem: `the fixed text is not valid JSON (${classification.message}); this is a bug in studio-lint` };
  return { problem: 'the fixed text is no longer the same flows' };
}

function compareDocuments(before: ParsedDocument, after: ParsedDocument): string | undefined {
  if ('problem' in after) return after.problem;
  if ('problem' in before || before.flowCount !== after.flowCount) return 'the fixed text is no longer the same flows';
  const changed = firstTypeChange(before.root, after.root);
  return changed === undefined ? undefined : `a fix changed the JSON type of ${changed || 'the document'}`;
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * The pointer of the first value whose JSON type differs, or undefined. Iterative (a deep document must not
 * cost the stack); each entry links to its parent so a path is only built for the value that differs.
 */
function firstTypeChange(a: unknown, b: unknown): string | undefined {
  const befores: unknown[] = [a];
  const afters: unknown[] = [b];
  const parents: number[] = [-1];
  const keys: string[] = [''];
  const stack: number[] = [0];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const x = befores[at];
    const y = afters[at];
    const tx = typeOf(x);
    if (tx !== typeOf(y)) {
      let path = '';
      for (let k = at; k > 0; k = parents[k]!) path = `/${keys[k]}${path}`;
      return path;
    }
    if (tx === 'array') {
      const xs = x as unknown[];
      const ys = y as unknown[];
      // An inserted element (a new Trigger transition) shifts the rest: compare only arrays of equal length.
      if (xs.length !== ys.length) continue;
      for (let i = 0; i < xs.length; i++) push(xs[i], ys[i], at, String(i));
    } else if (tx === 'object') {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      for (const key in xo) if (Object.hasOwn(yo, key)) push(xo[key], yo[key], at, key);
    }
  }
  return undefined;

  function push(x: unknown, y: unknown, parent: number, key: string): void {
    // Two strings, numbers or booleans of one type need no entry of their own.
    if (typeof x !== 'object' && typeof x === typeof y) return;
    stack.push(befores.length);
    befores.push(x);
    afters.push(y);
    parents.push(parent);
    keys.push(key);
  }
}

/**
 * The fix loop: apply the non-overlapping edits of the applicable fixes, lint again, repeat (at most
 * MAX_PASSES), then verify the result before anyone writes it: it parses as the same flows, no value
 * changed its JSON type, and the fixed findings are gone.
 */
import { classify, type Classification } from '../flow/load.js';
import { pointerToString } from '../flow/locate.js';
import { Flow } from '../flow/model.js';
import { compareBehaviour, describeDifference, isTooLargeToCheck, settersRead, surelyTooLargeToCheck, tooLargeToCheck, type BehaviourDifference } from '../migration/behaviour.js';
import { rulesById } from '../rules/index.js';
import { lintSource, type ActiveRule, type BehaviourChange, type FileLint, type Finding } from './lint.js';
import { isApplicable } from './results.js';
import { applyEdits, type TextEdit } from '../fixers/edits.js';

export const MAX_PASSES = 10;

export interface FixOptions {
  unsafe?: boolean;
  /** Only findings of these rules are fixed. */
  onlyRules?: ReadonlySet<string>;
  /** Compare the fixed flows' behaviour with the original's (default: on). */
  checkBehaviour?: boolean;
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
  /**
   * Fixes held back because they would change a route or what Send to Flex hands over without a finding saying
   * so: the findings they would have fixed stay reported (issue 24).
   */
  held?: BehaviourChange[];
  /**
   * With `held`: whether a finding of the original file is one whose fix the final text leaves unapplied for it
   * (the fixes of the other findings are in the output, checked together).
   */
  isHeld?: (finding: Finding) => boolean;
}

/**
 * `original` is the file as linted; the loop lints each pass's text again. Then the behaviour check
 * (src/migration/behaviour.ts): every flow the fix changed is run, per channel, before and after. A difference
 * is *said* when a finding left in the fixed text stands at its widget. A route or a Send to Flex hand-over
 * that differs unsaid is not allowed to happen: the fixes at that widget (and at the Set Variables widgets it
 * reads) are held back and the loop runs again, so their findings stay; failing that, the flow's migration
 * fixes are all held back. Any other unsaid difference (a value an unsafe fix changes on purpose, such as
 * From's format) is listed for review in `behaviourChanges`.
 */
export function fixSource(original: FileLint, active: ActiveRule[], options: FixOptions = {}): FixOutcome {
  let held: HeldWidgets = new Map();
  let holds: (f: Finding) => boolean = () => false;
  const heldChanges = new Map<string, BehaviourChange>();
  if (options.checkBehaviour !== false) {
    // A flow whose comparison is sure to overrun the render budget is held back before the loop rather than after
    // it (fixed, linted again and half compared: 30 s and 3 GB for a 50 MB flow, issue 26); its fixes are all
    // migration fixes, so holding the whole flow holds every one.
    held = tooLargeBeforehand(original, options);
    for (const index of held.keys()) recordHeld(heldChanges, tooLargeToCheck(original.models![index]!), flowName(original, index));
    if (held.size) holds = holdsIn(original, held);
  }
  let outcome = runFixLoop(original, active, options, holds);
  if (options.checkBehaviour === false || !outcome.changed || !original.flows || !outcome.file.flows) {
    return heldChanges.size ? withBehaviour(outcome, [], inFlowOrder(original, heldChanges), holds) : outcome;
  }
  for (let round = 0; round < 2; round++) {
    const { unsaid, review } = unsaidDifferences(original, outcome.file);
    const critical = unsaid.filter((u) => u.difference.kind !== 'value');
    if (critical.length === 0) return withBehaviour(outcome, review, inFlowOrder(original, heldChanges), holds);
    held = new Map(held);
    for (const { flowIndex, difference, culprits, name, moved } of critical) {
      const widgets = held.get(flowIndex) ?? new Set<string>();
      // A flow the fix moves is held back whole (holding one widget's reads while its Trigger moves would leave
      // them rendering empty: a half-moved flow); in a flow that does not move, the widget's own fixes first.
      if (round === 0 && !moved) for (const c of culprits) widgets.add(c);
      else widgets.add(WHOLE_FLOW);
      held.set(flowIndex, widgets);
      recordHeld(heldChanges, difference, name);
    }
    holds = holdsIn(original, held);
    outcome = runFixLoop(original, active, options, holds);
    if (!outcome.changed) return withBehaviour(outcome, [], inFlowOrder(original, heldChanges), holds);
  }
  const last = unsaidDifferences(original, outcome.file);
  if (last.unsaid.some((u) => u.difference.kind !== 'value')) {
    // Still a route or a hand-over that changes unsaid (a fix no widget holds): nothing of this file is written.
    const unchanged = { ...outcome, file: original, output: original.source.text, changed: false, fixed: 0, fixedUnsafe: 0 };
    for (const u of last.unsaid) if (u.difference.kind !== 'value') recordHeld(heldChanges, u.difference, u.name);
    return withBehaviour(unchanged, [], inFlowOrder(original, heldChanges), () => true);
  }
  return withBehaviour(outcome, last.review, inFlowOrder(original, heldChanges), holds);
}

/**
 * The held-back changes by flow, in the file's order (stable within a flow): flows held back before the loop are
 * recorded first, and would otherwise come before the flows the loop held back, whatever their places in the file.
 */
function inFlowOrder(original: FileLint, changes: Map<string, BehaviourChange>): BehaviourChange[] {
  const list = [...changes.values()];
  const flows = original.flows ?? [];
  if (flows.length < 2) return list;
  const index = new Map(flows.map((_, i) => [flowName(original, i), i]));
  return list.map((change, i) => ({ change, i, at: index.get(change.flow) ?? -1 })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.change);
}

/** The flows of the file with a fix to make whose behaviour check is sure to be too large (see surelyTooLargeToCheck). */
function tooLargeBeforehand(original: FileLint, options: FixOptions): HeldWidgets {
  const held: HeldWidgets = new Map();
  if (!original.models) return held;
  const prefixes = statesPrefixes(original);
  const baseline = options.held?.(original);
  const fixed = new Set<number>();
  for (const f of original.findings) {
    if (!f.pointer || !isFixWanted(f, options) || baseline?.has(f)) continue;
    const index = prefixes.findIndex((prefix) => f.pointer!.startsWith(prefix));
    if (index >= 0) fixed.add(index);
  }
  for (const index of fixed) {
    const model = original.models[index];
    if (model && surelyTooLargeToCheck(model)) held.set(index, new Set([WHOLE_FLOW]));
  }
  return held;
}

/** Whether a run with these options fixes this finding, the behaviour check aside: its fix applies, its rule is asked for. */
export function isFixWanted(finding: Finding, options: Pick<FixOptions, 'unsafe' | 'onlyRules'>): boolean {
  return isApplicable(finding, options.unsafe) && (!options.onlyRules || options.onlyRules.has(finding.ruleId ?? ''));
}

/** A held-back change, once per flow and message. */
function recordHeld(changes: Map<string, BehaviourChange>, difference: BehaviourDifference, name: string | undefined): void {
  const message = describeDifference(difference);
  changes.set(`${name ?? ''}\u0000${message}`, { ...difference, ...(name && { flow: name }), message });
}

/** A flow's name when the file holds several (as findings carry it), by its index. */
function flowName(file: FileLint, index: number): string | undefined {
  const flows = file.flows ?? [];
  return flows.length > 1 ? (flows[index]?.resource?.friendlyName ?? flows[index]?.resource?.sid) : undefined;
}

/** Per flow of the file, the pointer prefix of its widgets (`/states/`, `/0/definition/states/`). */
function statesPrefixes(file: FileLint): string[] {
  return (file.flows ?? []).map((entry) => pointerToString([...entry.base, 'states']) + '/');
}

function withBehaviour(outcome: FixOutcome, review: BehaviourChange[], held: BehaviourChange[], holds: (f: Finding) => boolean): FixOutcome {
  // The loop's final lint is this outcome's own (an unchanged outcome carries the original's: copied, not touched).
  const file = outcome.changed ? outcome.file : { ...outcome.file };
  if (review.length) file.behaviourChanges = review;
  if (held.length) file.heldBack = held;
  return { ...outcome, file, ...(held.length && { held, isHeld: holds }) };
}

/** Per flow (by its index in the file), the widgets whose fixes are held back; WHOLE_FLOW: every migration fix. */
type HeldWidgets = Map<number, Set<string>>;
const WHOLE_FLOW = '\u0000';

function holdsIn(file: FileLint, held: HeldWidgets): (f: Finding) => boolean {
  const prefixes = statesPrefixes(file);
  return (f) => {
    if (!f.pointer || !f.widget) return false;
    for (const [index, widgets] of held) {
      if (!f.pointer.startsWith(prefixes[index]!)) continue;
      if (widgets.has(f.widget)) return true;
      if (widgets.has(WHOLE_FLOW) && f.ruleId !== null && rulesById.get(f.ruleId)?.meta.category === 'migration') return true;
    }
    return false;
  };
}

interface Unsaid {
  flowIndex: number;
  /** The fix moves this flow's Trigger to Incoming Conversation. */
  moved: boolean;
  name: string | undefined;
  difference: BehaviourDifference;
  /** The widgets whose fixes may have made it: the widget, and the Set Variables widgets that fill what it reads. */
  culprits: string[];
}

/** The differences between the original's flows and the fixed ones that no finding of the fixed text stands at. */
function unsaidDifferences(original: FileLint, fixed: FileLint): { unsaid: Unsaid[]; review: BehaviourChange[] } {
  const unsaid: Unsaid[] = [];
  const review: BehaviourChange[] = [];
  const before = original.flows!;
  const after = fixed.flows!;
  // Where findings stand: by widget (`…/states/N`) and by property (`…/states/N/properties/body`), one set, not
  // a scan per difference. A route is said by a finding anywhere in its split; a value by one in its property.
  const flagged = new Set<string>();
  for (const f of fixed.findings) {
    const at = f.pointer && /^(.*?\/states\/\d+)(\/properties\/[^/]+)?/.exec(f.pointer);
    if (!at) continue;
    flagged.add(at[1]!);
    if (at[2]) flagged.add(at[1]! + at[2]);
  }
  before.forEach((entry, index) => {
    const next = after[index];
    if (!next) return;
    // The models the lint built (their templates and references already collected), or new ones.
    const was = original.models?.[index] ?? new Flow(entry);
    const now = fixed.models?.[index] ?? new Flow(next);
    const name = flowName(original, index);
    const moved = was.isWired('incomingMessage') && !was.isWired('incomingConversationMessage') && now.isWired('incomingConversationMessage');
    for (const difference of compareBehaviour(was, now)) {
      const widget = now.byName.get(difference.widget);
      const at = widget ? pointerToString(widget.pointer) : undefined;
      const property = difference.kind === 'route' || difference.what.startsWith('variables.') ? '' : `/properties/${difference.what.split('.')[0]}`;
      // A finding at the Trigger says what it says (a move held back, a merge to make), not that a comparison that
      // could not be made found nothing: a flow too large to check is never said (a second read found fixes made
      // unchecked whenever a finding stood at the Trigger).
      if (at && flagged.has(at + property) && !isTooLargeToCheck(difference)) continue;
      const culprits = difference.kind === 'value' ? [] : widget ? [widget.name, ...settersRead(now, widget)] : [difference.widget];
      // In a flow the fix does not move, a read it renames rendered empty before (trigger.message under Incoming
      // Conversation, which the migration rules reported): the difference is the repair, listed for review, not held.
      // A flow too large to compare is held back either way: nothing is known of what its fix changes.
      const listed = moved || isTooLargeToCheck(difference) ? difference : { ...difference, kind: 'value' as const };
      unsaid.push({ flowIndex: index, moved, name, difference: listed, culprits });
      if (listed.kind === 'value') review.push({ ...difference, ...(name && { flow: name }), message: describeDifference(difference) });
    }
  });
  return { unsaid, review };
}

/** The fix loop proper; `holds` says which findings it must leave (see fixSource). */
function runFixLoop(original: FileLint, active: ActiveRule[], options: FixOptions, holds: (f: Finding) => boolean): FixOutcome {
  const applicable = (f: Finding) => isFixWanted(f, options) && !holds(f);
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
    current = lintSource(filePath, { text, bom: source.bom }, active, { scope: original.scopeInputs, project: original.project });
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
export function applyFixGroups(text: string, groups: TextEdit[][]): { text: string; applied: number[] } {
  const taken = new TakenEdits(groups);
  const applied: number[] = [];
  groups.forEach((group, index) => {
    if (group.some((e) => taken.conflictsWith(e))) return;
    for (const e of group) taken.add(e);
    applied.push(index);
  });
  return { text: applyEdits(text, taken.edits).text, applied };
}

/**
 * The edits taken so far, answering "does this edit conflict with one of them" in logarithmic time: comparing
 * each fix with every taken edit made --fix quadratic (10,000 fixes took 17 s). Two edits conflict when they
 * are not identical and their ranges overlap, or when both insert at one point. For an edit [s, e) that means
 * a taken edit that starts before s and ends after it, one that starts inside (s, e), or a different one
 * starting at s that, like it, inserts or, like it, replaces. The starts of all candidate edits are known up
 * front, so two Fenwick trees over their ranks answer the first two (the largest end among taken edits starting
 * before s; how many taken edits start inside (s, e)) and a map by start answers the third.
 */
class TakenEdits {
  readonly edits: TextEdit[] = [];
  private readonly starts: number[];
  /** Fenwick tree (1-based) of the largest end among taken edits, by the rank of their start. */
  private readonly maxEnd: Float64Array;
  /** Fenwick tree (1-based) of how many taken edits start at each rank. */
  private readonly count: Int32Array;
  /** The distinct taken edits by start. */
  private readonly atStart = new Map<number, TextEdit[]>();

  constructor(candidates: readonly TextEdit[][]) {
    const starts: number[] = [];
    for (const group of candidates) for (const e of group) starts.push(e.start);
    starts.sort((a, b) => a - b);
    this.starts = starts.filter((s, i) => i === 0 || s !== starts[i - 1]);
    this.maxEnd = new Float64Array(this.starts.length + 1).fill(-1);
    this.count = new Int32Array(this.starts.length + 1);
  }

  conflictsWith(edit: TextEdit): boolean {
    const rank = this.rankOf(edit.start);
    // Taken edits starting before this one: the largest of their ends.
    let end = -1;
    for (let i = rank; i > 0; i -= i & -i) end = Math.max(end, this.maxEnd[i]!);
    if (end > edit.start) return true;
    if (edit.end > edit.start) {
      // Taken edits starting strictly inside (start, end): ranks rank + 1 .. before the first start ≥ end.
      const inside = this.countBelow(this.rankOf(edit.end)) - this.countBelow(rank + 1);
      if (inside > 0) return true;
    }
    const inserts = edit.start === edit.end;
    return (this.atStart.get(edit.start) ?? []).some((t) => !identical(t, edit) && (t.start === t.end) === inserts);
  }

  add(edit: TextEdit): void {
    this.edits.push(edit);
    const sameStart = this.atStart.get(edit.start);
    if (sameStart?.some((t) => identical(t, edit))) return;
    if (sameStart) sameStart.push(edit);
    else this.atStart.set(edit.start, [edit]);
    for (let i = this.rankOf(edit.start) + 1; i < this.maxEnd.length; i += i & -i) {
      this.maxEnd[i] = Math.max(this.maxEnd[i]!, edit.end);
      this.count[i]!++;
    }
  }

  /** The 0-based rank of the first known start ≥ `offset`. */
  private rankOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many taken edits start at a rank below `rank` (0-based). */
  private countBelow(rank: number): number {
    let n = 0;
    for (let i = rank; i > 0; i -= i & -i) n += this.count[i]!;
    return n;
  }
}

const identical = (a: TextEdit, b: TextEdit) => a.start === b.start && a.end === b.end && a.text === b.text;

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

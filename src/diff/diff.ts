/**
 * Two versions of a flow → what a reviewer needs to know, widget by widget (issue 28). Both sides are parsed
 * JSON (`flow/load.ts`), so key order, indentation and line endings are no change by construction.
 *
 * Per flow: the Trigger's wiring first (it decides which flows run), the flow's own fields, widgets added,
 * removed and renamed (a rename carries the references to the widget with it), each changed widget's
 * properties by path and transitions by event, and the widgets that only moved on the canvas
 * (`properties.offset`), counted apart. A change that is the Chat → Conversations migration (the Trigger's
 * Incoming Message wiring moved to Incoming Conversation, `trigger.message.*` reads renamed the way
 * `src/migration/trigger-variables.ts` renames them) is summed up in one line instead of listed read by read.
 */
import { isObject, type FlowEntry } from '../flow/load.js';
import { Flow, type TriggerEvent, type Widget } from '../flow/model.js';
import { messageVariableFate } from '../migration/trigger-variables.js';

/** A value that changed at `path`; `before` is absent when it was added, `after` when it was removed. */
export interface PropertyChange {
  /** Dot path inside the widget (`properties.body`, `transitions[2].conditions[0].arguments[0]`) or the flow (`flags.allow_concurrent_calls`). */
  path: string;
  before?: unknown;
  after?: unknown;
}

/** A transition by its event: `before`/`after` are the widgets it leads to (absent: no such transition; null: the branch ends). */
export interface TransitionChange {
  event: string;
  before?: string | null;
  after?: string | null;
}

export interface WidgetChange {
  /** The widget's name in the new version (after a rename, the new name). */
  name: string;
  type: string;
  properties: PropertyChange[];
  transitions: TransitionChange[];
}

export interface MigrationChange {
  /** The Trigger's Incoming Message wiring moved to Incoming Conversation. */
  triggerMoved: boolean;
  /** The `trigger.message.*` reads renamed to their `trigger.conversation.*` replacement, widget by widget. */
  reads: (PropertyChange & { widget: string })[];
  /** One line: "migrated from Programmable Chat to Conversations: …". */
  summary: string;
}

export interface FlowDiff {
  /** The file (its new path; the old one when the flow was deleted). */
  file: string;
  /** The flow's friendly name or SID, when the file is a Flow resource or holds several. */
  flow?: string;
  /** `added`/`removed`: the whole flow is new or gone (every widget is listed as added or removed). */
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** The Trigger's wiring, event by event (only events whose target changed). */
  trigger: TransitionChange[];
  /** The Chat → Conversations migration, when this change is one (or carries part of one); null otherwise. */
  migration: MigrationChange | null;
  /** The flow's own fields: description, flags, initial_state. */
  flowFields: PropertyChange[];
  added: string[];
  removed: string[];
  renamed: { from: string; to: string }[];
  changed: WidgetChange[];
  /** Widgets whose only change is their position on the canvas. */
  moved: string[];
  /** The types of the widgets named above, new version first: for formatters that mark a graph. */
  types: Record<string, string>;
}

/** How many changes a reviewer reads, the moved widgets and the migration line apart. */
export function changeCount(diff: FlowDiff): number {
  return (
    diff.trigger.length +
    diff.flowFields.length +
    diff.added.length +
    diff.removed.length +
    diff.renamed.length +
    diff.changed.reduce((n, c) => n + c.properties.length + c.transitions.length, 0)
  );
}

export function hasDifferences(diff: FlowDiff): boolean {
  return diff.status !== 'unchanged';
}

const TRIGGER_MESSAGE_READ = /\btrigger\.message\.([A-Za-z_][\w]*)(?:\.([A-Za-z_][\w]*))?/g;
/** A rename needs this share of the widget's values (properties and transitions) to be the same. */
const RENAME_SIMILARITY = 0.6;
/** …and above this share, a rename even when no transition into it stayed. */
const RENAME_SURE = 0.9;

/** Diffs two versions of one flow; `before` or `after` undefined: the flow was added or removed. */
export function diffFlow(file: string, before: FlowEntry | undefined, after: FlowEntry | undefined, flowName?: string): FlowDiff {
  const diff: FlowDiff = {
    file,
    status: 'unchanged',
    trigger: [],
    migration: null,
    flowFields: [],
    added: [],
    removed: [],
    renamed: [],
    changed: [],
    moved: [],
    types: {},
  };
  if (flowName !== undefined) diff.flow = flowName;
  const oldFlow = before ? new Flow(before) : undefined;
  const newFlow = after ? new Flow(after) : undefined;
  if (!oldFlow || !newFlow) {
    const only = (oldFlow ?? newFlow)!;
    diff.status = oldFlow ? 'removed' : 'added';
    for (const w of only.widgets) {
      (oldFlow ? diff.removed : diff.added).push(w.name);
      diff.types[w.name] = w.type;
    }
    return diff;
  }

  const oldByName = uniqueByName(oldFlow.widgets);
  const newByName = uniqueByName(newFlow.widgets);
  const gone = oldFlow.widgets.filter((w) => !newByName.has(w.name));
  const arrived = newFlow.widgets.filter((w) => !oldByName.has(w.name));
  const renames = pairRenames(gone, arrived, oldFlow, newFlow);
  const renamedTo = new Map(renames.map(([from, to]) => [from.name, to.name]));
  const renamedFrom = new Set(renames.map(([, to]) => to.name));

  for (const w of gone) {
    if (renamedTo.has(w.name)) continue;
    diff.removed.push(w.name);
    diff.types[w.name] = w.type;
  }
  for (const w of arrived) {
    if (renamedFrom.has(w.name)) continue;
    diff.added.push(w.name);
    diff.types[w.name] = w.type;
  }
  for (const [from, to] of renames) {
    diff.renamed.push({ from: from.name, to: to.name });
    diff.types[to.name] = to.type;
  }

  // The old version with the renames applied: a reference that changed with its widget is no change.
  const rename = (s: string) => renameReferences(s, renamedTo);
  const migrating = newFlow.isWired('incomingConversationMessage');
  const reads: MigrationChange['reads'] = [];

  const pairs: [Widget, Widget][] = [];
  for (const w of oldFlow.widgets) {
    const name = renamedTo.get(w.name) ?? w.name;
    const counterpart = newByName.get(name);
    if (counterpart && oldByName.get(w.name) === w) pairs.push([w, counterpart]);
  }
  for (const [old, now] of pairs) {
    const isTrigger = old === oldFlow.trigger && now === newFlow.trigger;
    const properties: PropertyChange[] = [];
    let moved = false;
    const oldProps = renamedTo.size ? (mapStrings(old.properties, rename) as Record<string, unknown>) : old.properties;
    for (const key of unionKeys(oldProps, now.properties)) {
      if (key === 'offset') {
        moved = !deepEqual(oldProps.offset, now.properties.offset);
        continue;
      }
      compareValues(`properties.${key}`, oldProps[key], now.properties[key], properties);
    }
    for (const key of unionKeys(old.value, now.value)) {
      if (key === 'properties' || key === 'transitions' || key === 'name') continue;
      compareValues(key, old.value[key], now.value[key], properties);
    }
    const transitions: TransitionChange[] = [];
    compareTransitions(old, now, renamedTo, rename, transitions, properties);
    if (migrating) {
      const kept = properties.filter((change) => {
        const migrated = typeof change.before === 'string' && typeof change.after === 'string' && migrateReads(change.before) === change.after;
        if (migrated) reads.push({ widget: now.name, ...change });
        return !migrated;
      });
      properties.splice(0, properties.length, ...kept);
    }
    if (isTrigger) {
      diff.trigger.push(...transitions);
      transitions.length = 0;
    }
    if (properties.length || transitions.length) {
      diff.changed.push({ name: now.name, type: now.type, properties, transitions });
      diff.types[now.name] = now.type;
    } else if (moved && !renamedFrom.has(now.name)) {
      diff.moved.push(now.name);
      diff.types[now.name] = now.type;
    }
  }

  const oldDefinition = before!.definition;
  const newDefinition = after!.definition;
  for (const key of unionKeys(oldDefinition, newDefinition)) {
    if (key === 'states') continue;
    const oldValue = key === 'initial_state' && typeof oldDefinition[key] === 'string' ? (renamedTo.get(oldDefinition[key]) ?? oldDefinition[key]) : oldDefinition[key];
    compareValues(key, oldValue, newDefinition[key], diff.flowFields);
  }

  const triggerMoved =
    oldFlow.isWired('incomingMessage') &&
    !oldFlow.isWired('incomingConversationMessage') &&
    newFlow.isWired('incomingConversationMessage') &&
    !newFlow.isWired('incomingMessage');
  // Where the moved entry leads, when that is not where Incoming Message led: the summary says so itself, rather
  // than "the Trigger moved" alone above a wiring change a reader could take for another edit.
  let retargeted: { from: string; to: string } | undefined;
  if (triggerMoved) {
    // The move itself: Incoming Message unwired, Incoming Conversation wired to where it led.
    // The wired transitions: a malformed Trigger may list an event twice, the first one unwired.
    const from = wiredNext(oldFlow, 'incomingMessage')!;
    const to = wiredNext(newFlow, 'incomingConversationMessage')!;
    if ((renamedTo.get(from) ?? from) === to) diff.trigger = diff.trigger.filter((t) => t.event !== 'incomingMessage' && t.event !== 'incomingConversationMessage');
    else retargeted = { from, to };
  }
  if (triggerMoved || reads.length > 0) diff.migration = { triggerMoved, reads, summary: migrationSummary(triggerMoved, reads, retargeted) };

  diff.status = diff.migration !== null || diff.moved.length > 0 || changeCount(diff) > 0 ? 'changed' : 'unchanged';
  return diff;
}

/** Where the Trigger routes an event (the first wired transition for it; isWired says there is one). */
function wiredNext(flow: Flow, event: TriggerEvent): string | undefined {
  return flow.wiredTriggerEvents().find((t) => t.event === event)?.next;
}

function migrationSummary(triggerMoved: boolean, changes: MigrationChange['reads'], retargeted?: { from: string; to: string }): string {
  const parts: string[] = [];
  if (triggerMoved) {
    parts.push(
      retargeted
        ? `the Trigger moved from Incoming Message (to '${retargeted.from}') to Incoming Conversation, which now leads to another widget ('${retargeted.to}')`
        : 'the Trigger moved from Incoming Message to Incoming Conversation',
    );
  }
  if (changes.length) {
    const reads = changes.reduce((n, c) => n + (String(c.before).match(TRIGGER_MESSAGE_READ)?.length ?? 0), 0);
    const widgets = new Set(changes.map((c) => c.widget)).size;
    parts.push(`${reads} trigger.message ${reads === 1 ? 'read' : 'reads'} renamed to trigger.conversation in ${widgets} ${widgets === 1 ? 'widget' : 'widgets'}`);
  }
  return `migrated from Programmable Chat to Conversations: ${parts.join(', ')}`;
}

/**
 * A text with its `trigger.message.*` reads renamed the way the migration renames them (the fates of
 * `migration/trigger-variables.ts`): the new text equal to this is the migration, not a change to review.
 */
export function migrateReads(text: string): string {
  if (!text.includes('trigger.message.')) return text;
  return text.replace(TRIGGER_MESSAGE_READ, (match, name: string, key: string | undefined) => {
    const segments = ['trigger', 'message', name, ...(key === undefined ? [] : [key])];
    const fate = messageVariableFate(segments);
    if (fate.kind !== 'renamed' || fate.consumes > segments.length) return match;
    return [...fate.replacement, ...segments.slice(fate.consumes)].join('.');
  });
}

function uniqueByName(widgets: Widget[]): Map<string, Widget> {
  const byName = new Map<string, Widget>();
  for (const w of widgets) if (!byName.has(w.name)) byName.set(w.name, w);
  return byName;
}

/**
 * Pairs removed and added widgets that are one widget renamed: the same type, and most of their values (each
 * property leaf and each transition, the offset aside) equal once the candidate rename is applied. Best
 * matches first, each widget in one pair at most.
 */
function pairRenames(gone: Widget[], arrived: Widget[], oldFlow: Flow, newFlow: Flow): [Widget, Widget][] {
  if (gone.length === 0 || arrived.length === 0) return [];
  const oldIncoming = incomingEdges(oldFlow);
  const newIncoming = incomingEdges(newFlow);
  const candidates: { score: number; from: Widget; to: Widget }[] = [];
  const leavesOf = new Map<Widget, Map<string, string>>();
  const leaves = (w: Widget, rename?: [string, string]) => {
    if (!rename) {
      let cached = leavesOf.get(w);
      if (!cached) leavesOf.set(w, (cached = widgetLeaves(w)));
      return cached;
    }
    return widgetLeaves(w, rename);
  };
  for (const from of gone) {
    for (const to of arrived) {
      if (from.type !== to.type) continue;
      const a = leaves(from, [from.name, to.name]);
      const b = leaves(to);
      let same = 0;
      for (const [k, v] of a) if (b.get(k) === v) same++;
      const total = Math.max(a.size, b.size);
      const score = total === 0 ? 1 : same / total;
      if (score < RENAME_SIMILARITY) continue;
      // Widgets of a type share boilerplate (a Send Message's service, channel, from, to): one deleted here and
      // another added elsewhere can look alike. Short of near-identity, a rename keeps at least one way in.
      const into = oldIncoming.get(from.name);
      const intoNew = newIncoming.get(to.name);
      if (score < RENAME_SURE && into?.size && intoNew?.size && ![...into].some((edge) => intoNew.has(edge))) continue;
      candidates.push({ score, from, to });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.from.index - y.from.index || x.to.index - y.to.index);
  const used = new Set<Widget>();
  const pairs: [Widget, Widget][] = [];
  for (const c of candidates) {
    if (used.has(c.from) || used.has(c.to)) continue;
    used.add(c.from).add(c.to);
    pairs.push([c.from, c.to]);
  }
  return pairs;
}

/** Widget name → the transitions leading to it, as "source event" (the n-th of an event numbered as in compareTransitions). */
function incomingEdges(flow: Flow): Map<string, Set<string>> {
  const into = new Map<string, Set<string>>();
  for (const w of flow.widgets) {
    const seen = new Map<string, number>();
    for (const t of w.transitions) {
      const n = (seen.get(t.event) ?? 0) + 1;
      seen.set(t.event, n);
      if (t.next === undefined) continue;
      const edges = into.get(t.next) ?? new Set<string>();
      // The migration moves the Trigger's entry from one event to the other: the same way in.
      const event = w === flow.trigger && t.event === 'incomingMessage' ? 'incomingConversationMessage' : t.event;
      edges.add(`${w.name} ${event}#${n}`);
      into.set(t.next, edges);
    }
  }
  return into;
}

/** A widget as path → JSON text of each leaf value, the offset left out (a rename often moves the widget too). */
function widgetLeaves(w: Widget, rename?: [string, string]): Map<string, string> {
  const out = new Map<string, string>();
  const map = rename ? new Map([rename]) : undefined;
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (isObject(value)) for (const k of Object.keys(value)) walk(value[k], `${path}.${k}`);
    else out.set(path, JSON.stringify(typeof value === 'string' && map ? renameReferences(value, map) : value));
  };
  for (const k of Object.keys(w.properties)) if (k !== 'offset') walk(w.properties[k], `properties.${k}`);
  for (const t of w.transitions) out.set(`transition:${t.event}`, JSON.stringify(t.next ?? null));
  return out;
}

/** `widgets.OLD…` and `widgets['OLD']` in a Liquid text, renamed. */
export function renameReferences(text: string, renamedTo: ReadonlyMap<string, string>): string {
  if (renamedTo.size === 0 || !text.includes('widgets')) return text;
  return text.replace(/\bwidgets(?:\.([A-Za-z0-9_-]+)|\[\s*(["'])([^"'\]]+)\2\s*\])/g, (match, dotted: string | undefined, quote: string, bracketed: string | undefined) => {
    const name = dotted ?? bracketed!;
    const to = renamedTo.get(name);
    if (to === undefined) return match;
    return dotted !== undefined ? `widgets.${to}` : `widgets[${quote}${to}${quote}]`;
  });
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = mapStrings(value[k], f);
    return out;
  }
  return value;
}

/**
 * Transitions matched by event (the n-th `match` of a split with the n-th): a new target is re-pointed, a new
 * event added, a missing one removed; what else a transition holds (a split's conditions) is compared as
 * properties at `transitions[i]…`.
 */
function compareTransitions(
  old: Widget,
  now: Widget,
  renamedTo: ReadonlyMap<string, string>,
  rename: (s: string) => string,
  transitions: TransitionChange[],
  properties: PropertyChange[],
): void {
  const keyed = (w: Widget) => {
    const seen = new Map<string, number>();
    const out = new Map<string, Widget['transitions'][number]>();
    for (const t of w.transitions) {
      const n = seen.get(t.event) ?? 0;
      seen.set(t.event, n + 1);
      out.set(n === 0 ? t.event : `${t.event}#${n + 1}`, t);
    }
    return out;
  };
  const a = keyed(old);
  const b = keyed(now);
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    const event = (x ?? y)!.event;
    const xNext = x ? (x.next === undefined ? null : (renamedTo.get(x.next) ?? x.next)) : undefined;
    const yNext = y ? (y.next ?? null) : undefined;
    if (xNext !== yNext) {
      const change: TransitionChange = { event: key === event ? event : key };
      if (x) change.before = xNext;
      if (y) change.after = yNext;
      transitions.push(change);
    }
    if (x && y) {
      const xValue = renamedTo.size ? (mapStrings(x.value, rename) as Record<string, unknown>) : x.value;
      for (const k of unionKeys(xValue, y.value)) {
        if (k === 'next' || k === 'event') continue;
        compareValues(`transitions[${y.index}].${k}`, xValue[k], y.value[k], properties);
      }
    }
  }
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = Object.keys(a);
  for (const k of Object.keys(b)) if (!Object.hasOwn(a, k)) keys.push(k);
  return keys;
}

/** Appends the changes from `a` to `b` at `path`: objects key by key, arrays element by element, leaves whole. */
function compareValues(path: string, a: unknown, b: unknown, out: PropertyChange[]): void {
  if (a === b) return;
  if (a === undefined) return void out.push({ path, after: b });
  if (b === undefined) return void out.push({ path, before: a });
  if (isObject(a) && isObject(b)) {
    for (const k of unionKeys(a, b)) compareValues(`${path}.${k}`, a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    compareArrays(path, a, b, out);
    return;
  }
  if (!deepEqual(a, b)) out.push({ path, before: a, after: b });
}

/**
 * Equal lengths: element by element. Otherwise the elements both sides hold unchanged are set aside first, so
 * that one parameter inserted reads as one added element, not as every later element changed.
 */
function compareArrays(path: string, a: unknown[], b: unknown[], out: PropertyChange[]): void {
  if (a.length === b.length) {
    for (let i = 0; i < a.length; i++) compareValues(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  const matchedB = new Set<number>();
  const restA: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const j = b.findIndex((v, k) => !matchedB.has(k) && deepEqual(a[i], v));
    if (j >= 0) matchedB.add(j);
    else restA.push(i);
  }
  const restB = b.map((_, k) => k).filter((k) => !matchedB.has(k));
  const common = Math.min(restA.length, restB.length);
  for (let n = 0; n < common; n++) compareValues(`${path}[${restB[n]}]`, a[restA[n]!], b[restB[n]!], out);
  for (let n = common; n < restA.length; n++) out.push({ path: `${path}[${restA[n]}]`, before: a[restA[n]!] });
  for (let n = common; n < restB.length; n++) out.push({ path: `${path}[${restB[n]}]`, after: b[restB[n]!] });
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The flows of two versions of a file, paired by SID, then friendly name, then position. */
export function pairFlows(before: FlowEntry[], after: FlowEntry[]): { name?: string; before?: FlowEntry; after?: FlowEntry }[] {
  const single = before.length <= 1 && after.length <= 1;
  if (single) return [{ ...nameOf(after[0] ?? before[0]), before: before[0], after: after[0] }];
  const rest = new Set(after);
  const out: { name?: string; before?: FlowEntry; after?: FlowEntry }[] = [];
  const take = (match: (e: FlowEntry) => boolean) => {
    for (const e of rest) {
      if (!match(e)) continue;
      rest.delete(e);
      return e;
    }
    return undefined;
  };
  for (const [i, old] of before.entries()) {
    const sid = old.resource?.sid;
    const name = old.resource?.friendlyName;
    const now =
      (sid ? take((e) => e.resource?.sid === sid) : undefined) ??
      (name ? take((e) => e.resource?.friendlyName === name) : undefined) ??
      (after[i] && rest.has(after[i]) && !after[i].resource?.sid ? take((e) => e === after[i]) : undefined);
    out.push({ ...nameOf(now ?? old), before: old, after: now });
  }
  for (const now of rest) out.push({ ...nameOf(now), after: now });
  return out;
}

function nameOf(entry: FlowEntry | undefined): { name?: string } {
  const name = entry?.resource?.friendlyName ?? entry?.resource?.sid;
  return name === undefined ? {} : { name };
}

/**
 * Loops in a flow's transition graph, for Studio's execution limits (https://www.twilio.com/docs/studio/user-guide/studio-faq):
 * which widgets wait for something outside the flow (the contact, a call, time: the catalog's `waits`), and the
 * cycles made only of widgets that do not. Linear in widgets plus transitions: an iterative Tarjan pass.
 */
import catalog from '../schema/catalog.json' with { type: 'json' };
import type { Flow, Transition, Widget } from './model.js';

const WIDGETS = Object.entries(catalog.widgets as Record<string, { waits?: string }>);
const WAITS = new Map(WIDGETS.map(([type, w]) => [type, w.waits]));
/** The types that move on at once (the rules ask this of every widget: a set, not the catalog's object). */
const MOVES_ON = new Set(WIDGETS.filter(([, w]) => w.waits === undefined).map(([type]) => type));

/**
 * What a widget waits for before it takes a transition, or undefined when it moves on at once. A type the
 * catalog does not know counts as waiting: the loop rules say nothing they cannot back.
 */
export function waitsFor(widget: Widget): string | undefined {
  return MOVES_ON.has(widget.type) ? undefined : (WAITS.get(widget.type) ?? 'an unknown widget type');
}

/** The widgets a loop rule looks at: those that run (every widget when the flow has no Trigger to say). */
export function runs(flow: Flow, widget: Widget): boolean {
  return !flow.trigger || widget.reachedBy.size > 0;
}

export interface Cycle {
  /** The widgets of one cycle, in the order the execution goes through them; the first leads back to itself. */
  widgets: Widget[];
  /** The transition each widget takes to the next one (the last one's leads back to the first). */
  transitions: Transition[];
  /** Every widget of the strongly connected part the cycle was picked from (other cycles may run through them). */
  members: Set<Widget>;
}

/**
 * The cycles of running widgets that wait for nothing: one per strongly connected set of such widgets with
 * more than one widget (a widget looping to itself alone is no-self-loop's), the shortest through the set's
 * first widget in the file.
 */
export function cyclesWithoutWait(flow: Flow): Cycle[] {
  const everyWidgetRuns = !flow.trigger;
  const eligible = (w: Widget | undefined): w is Widget => w !== undefined && MOVES_ON.has(w.type) && (everyWidgetRuns || w.reachedBy.size > 0);
  // Most flows have no such cycle: peeling off the widgets nothing eligible leads to (Kahn's algorithm, on
  // typed arrays by widget index) says so without the maps of the full pass, which then runs on what is left.
  const left = unpeeled(flow, eligible);
  if (left.length === 0) return [];
  const successors = (w: Widget): Widget[] => {
    const out: Widget[] = [];
    for (const t of w.transitions) if (eligible(t.target)) out.push(t.target);
    return out;
  };
  const components = stronglyConnected(left, successors);
  const cycles: Cycle[] = [];
  for (const members of components) {
    if (members.size < 2) continue;
    let first: Widget | undefined;
    for (const w of members) if (!first || w.index < first.index) first = w;
    cycles.push(shortestCycle(flow, first!, members));
  }
  return cycles.sort((a, b) => a.widgets[0]!.index - b.widgets[0]!.index);
}

/**
 * The eligible widgets that lie on a cycle of eligible widgets or after one: what peeling the acyclic part leaves.
 * Arrays by `Widget.index` (the state's place in the file; a state that is not an object has no widget).
 */
function unpeeled(flow: Flow, eligible: (w: Widget | undefined) => w is Widget): Widget[] {
  const { widgets } = flow;
  const size = widgets.length === 0 ? 0 : widgets[widgets.length - 1]!.index + 1;
  const isEligible = new Uint8Array(size);
  const inDegree = new Int32Array(size);
  const byIndex: Widget[] = [];
  let count = 0;
  for (const w of widgets) {
    if (!eligible(w)) continue;
    isEligible[w.index] = 1;
    byIndex[w.index] = w;
    count++;
  }
  const targetOf = (t: Transition): number => (t.target && isEligible[t.target.index] ? t.target.index : -1);
  for (const w of widgets) {
    if (!isEligible[w.index]) continue;
    for (const t of w.transitions) {
      const j = targetOf(t);
      if (j >= 0) inDegree[j]!++;
    }
  }
  const queue: number[] = [];
  for (const w of widgets) if (isEligible[w.index] && inDegree[w.index] === 0) queue.push(w.index);
  for (let q = 0; q < queue.length; q++) {
    for (const t of byIndex[queue[q]!]!.transitions) {
      const j = targetOf(t);
      if (j >= 0 && --inDegree[j]! === 0) queue.push(j);
    }
  }
  if (queue.length === count) return [];
  return widgets.filter((w) => isEligible[w.index] && inDegree[w.index]! > 0);
}

/** Tarjan's algorithm without recursion (a long chain must not cost the stack). */
function stronglyConnected(nodes: Widget[], successors: (w: Widget) => Widget[]): Set<Widget>[] {
  const index = new Map<Widget, number>();
  const low = new Map<Widget, number>();
  const onStack = new Set<Widget>();
  const stack: Widget[] = [];
  const components: Set<Widget>[] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: Widget; next: Widget[]; i: number }[] = [];
    const visit = (node: Widget) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node), i: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const next = frame.next[frame.i++]!;
        if (!index.has(next)) visit(next);
        else if (onStack.has(next)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = new Set<Widget>();
        let w: Widget;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.add(w);
        } while (w !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** Breadth-first from `start` inside `members` back to `start`: the shortest cycle through it. */
function shortestCycle(flow: Flow, start: Widget, members: Set<Widget>): Cycle {
  const via = new Map<Widget, { from: Widget; transition: Transition }>();
  const queue: Widget[] = [start];
  for (let q = 0; q < queue.length; q++) {
    const w = queue[q]!;
    for (const t of w.transitions) {
      const next = t.target;
      // A widget looping to itself is no-self-loop's: the cycle wanted here goes through others.
      if (!next || !members.has(next) || (next === start && w === start)) continue;
      if (next === start) {
        const widgets: Widget[] = [];
        const transitions: Transition[] = [t];
        for (let at = w; at !== start; at = via.get(at)!.from) {
          widgets.push(at);
          transitions.push(via.get(at)!.transition);
        }
        widgets.push(start);
        return { widgets: widgets.reverse(), transitions: transitions.reverse(), members };
      }
      if (!via.has(next)) {
        via.set(next, { from: w, transition: t });
        queue.push(next);
      }
    }
  }
  // Unreachable for a strongly connected set of two or more widgets; the set itself, in file order, otherwise.
  const widgets = [...members].sort((a, b) => a.index - b.index);
  return { widgets, transitions: [], members };
}

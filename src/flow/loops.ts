/**
 * Loops in a flow's transition graph, for Studio's execution limits (https://www.twilio.com/docs/studio/user-guide/studio-faq):
 * which widgets wait for something outside the flow (the contact, a call, time: the catalog's `waits`), and the
 * cycles made only of widgets that do not. Linear in widgets plus transitions: an iterative Tarjan pass.
 */
import catalog from '../schema/catalog.json' with { type: 'json' };
import type { Flow, Transition, Widget } from './model.js';

const WAITS: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(catalog.widgets as Record<string, { waits?: string }>).map(([type, w]) => [type, w.waits]),
);

/**
 * What a widget waits for before it takes a transition, or undefined when it moves on at once. A type the
 * catalog does not know counts as waiting: the loop rules say nothing they cannot back.
 */
export function waitsFor(widget: Widget): string | undefined {
  if (!(widget.type in WAITS)) return 'an unknown widget type';
  return WAITS[widget.type];
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
  const eligible = (w: Widget | undefined): w is Widget => w !== undefined && runs(flow, w) && waitsFor(w) === undefined;
  const successors = (w: Widget): Widget[] => {
    const out: Widget[] = [];
    for (const t of w.transitions) {
      const next = t.next === undefined ? undefined : flow.byName.get(t.next);
      if (eligible(next)) out.push(next);
    }
    return out;
  };
  const components = stronglyConnected(flow.widgets.filter(eligible), successors);
  const cycles: Cycle[] = [];
  for (const members of components) {
    if (members.size < 2) continue;
    let first: Widget | undefined;
    for (const w of members) if (!first || w.index < first.index) first = w;
    cycles.push(shortestCycle(flow, first!, members));
  }
  return cycles.sort((a, b) => a.widgets[0]!.index - b.widgets[0]!.index);
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
      const next = t.next === undefined ? undefined : flow.byName.get(t.next);
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

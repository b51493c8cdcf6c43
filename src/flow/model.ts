/**
 * The flow model, built once per flow and shared by every rule: widgets by name, the transition graph, the
 * Trigger events whose edges reach each widget, and every Liquid template with the references in it.
 */
import { scanLiquid, mayContainLiquid, type LiquidReference, type LiquidScan } from '../liquid/scan.js';
import { isObject, type FlowDefinition, type FlowEntry } from './load.js';
import type { PointerSegment } from './locate.js';

export const TRIGGER_EVENTS = [
  'incomingMessage',
  'incomingCall',
  'incomingConversationMessage',
  'incomingRequest',
  'incomingParent',
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export interface Transition {
  index: number;
  event: string;
  /** The widget it leads to; undefined when the branch ends (no `next`, or `""`). */
  next: string | undefined;
  /** The widget `next` names (the first of that name), resolved once; undefined when it ends or names none. */
  target: Widget | undefined;
  value: Record<string, unknown>;
}

export interface Widget {
  index: number;
  name: string;
  type: string;
  /** Pointer of the state object inside the file. */
  pointer: PointerSegment[];
  properties: Record<string, unknown>;
  transitions: Transition[];
  /** The Trigger events whose wired edges lead here, directly or through other widgets. */
  reachedBy: Set<TriggerEvent>;
  value: Record<string, unknown>;
}

/** A string in a widget that holds Liquid. */
export interface Template {
  widget: Widget;
  /** Pointer of the string inside the file. */
  pointer: PointerSegment[];
  /** Pointer of the string inside the widget, e.g. ['properties', 'body']. */
  path: PointerSegment[];
  text: string;
  scan: LiquidScan;
}

export interface Reference {
  template: Template;
  ref: LiquidReference;
}

export class Flow {
  readonly widgets: Widget[] = [];
  readonly byName = new Map<string, Widget>();
  readonly trigger: Widget | undefined;
  private templateList: Template[] | undefined;
  private referenceList: Reference[] | undefined;
  private readonly derivedValues = new Map<(flow: Flow) => unknown, unknown>();

  constructor(readonly entry: FlowEntry) {
    const definition: FlowDefinition = entry.definition;
    const states = definition.states;
    for (let index = 0; index < states.length; index++) {
      const state = states[index];
      if (!isObject(state)) continue;
      const transitions: Transition[] = [];
      if (Array.isArray(state.transitions)) {
        state.transitions.forEach((t, i) => {
          if (!isObject(t)) return;
          const next = typeof t.next === 'string' && t.next !== '' ? t.next : undefined;
          transitions.push({ index: i, event: typeof t.event === 'string' ? t.event : '', next, target: undefined, value: t });
        });
      }
      const widget: Widget = {
        index,
        name: typeof state.name === 'string' ? state.name : '',
        type: typeof state.type === 'string' ? state.type : '',
        pointer: [...entry.base, 'states', index],
        properties: isObject(state.properties) ? state.properties : {},
        transitions,
        reachedBy: new Set(),
        value: state,
      };
      this.widgets.push(widget);
      // The first widget of a duplicated name is the one a transition reaches (no-duplicate-widget-name reports the rest).
      if (!this.byName.has(widget.name)) this.byName.set(widget.name, widget);
    }
    for (const widget of this.widgets) for (const t of widget.transitions) if (t.next !== undefined) t.target = this.byName.get(t.next);
    const initial = typeof definition.initial_state === 'string' ? this.byName.get(definition.initial_state) : undefined;
    this.trigger = initial?.type === 'trigger' ? initial : this.widgets.find((w) => w.type === 'trigger');
    this.computeReachability();
  }

  /**
   * A value computed from the flow by `compute`, once per flow: several rules ask for the same analysis (the
   * `trigger.message` reads, the widget that hands the whole trigger on), and a dense flow has thousands of
   * references to go through each time. `compute` must depend on nothing but the flow, and callers must not
   * modify what it returns. Values are kept by the function's identity: pass a function defined once at module
   * level, never an arrow made per call (it would never be found again, and each call would add an entry).
   */
  derived<T>(compute: (flow: Flow) => T): T {
    if (this.derivedValues.has(compute)) return this.derivedValues.get(compute) as T;
    const value = compute(this);
    this.derivedValues.set(compute, value);
    return value;
  }

  /** The Trigger transitions that are wired, by event. */
  wiredTriggerEvents(): Transition[] {
    return this.trigger?.transitions.filter((t) => t.next !== undefined) ?? [];
  }

  /** Whether the Trigger routes this event to a widget. */
  isWired(event: TriggerEvent): boolean {
    return this.trigger?.transitions.some((t) => t.event === event && t.next !== undefined) ?? false;
  }

  triggerTransition(event: string): Transition | undefined {
    return this.trigger?.transitions.find((t) => t.event === event);
  }

  private computeReachability(): void {
    if (!this.trigger) return;
    for (const transition of this.wiredTriggerEvents()) {
      const event = transition.event as TriggerEvent;
      if (!(TRIGGER_EVENTS as readonly string[]).includes(event)) continue;
      const queue: Widget[] = [];
      const first = this.byName.get(transition.next!);
      if (first) queue.push(first);
      while (queue.length > 0) {
        const widget = queue.pop()!;
        if (widget.reachedBy.has(event)) continue;
        widget.reachedBy.add(event);
        for (const t of widget.transitions) {
          const target = t.target;
          if (target && !target.reachedBy.has(event)) queue.push(target);
        }
      }
    }
  }

  /** Every string in `properties` (at any depth) and in split conditions that holds Liquid. */
  get templates(): Template[] {
    return (this.templateList ??= this.collectTemplates());
  }

  get references(): Reference[] {
    return (this.referenceList ??= this.templates.flatMap((template) => template.scan.references.map((ref) => ({ template, ref }))));
  }

  private collectTemplates(): Template[] {
    const templates: Template[] = [];
    for (const widget of this.widgets) {
      if (widget.type === 'trigger') continue;
      // Iterative, with parent links instead of path copies: a deeply nested property must cost neither
      // the stack nor quadratic time. A path is built only for the strings that hold Liquid.
      const stack: WalkEntry[] = [{ value: widget.properties, key: 'properties', parent: undefined }];
      for (const t of widget.transitions) {
        if (!Array.isArray(t.value.conditions)) continue;
        const transitions: WalkEntry = { value: undefined, key: 'transitions', parent: undefined };
        const transition: WalkEntry = { value: undefined, key: t.index, parent: transitions };
        stack.push({ value: t.value.conditions, key: 'conditions', parent: transition });
      }
      while (stack.length > 0) {
        const entry = stack.pop()!;
        const value = entry.value;
        if (typeof value === 'string') {
          if (mayContainLiquid(value)) {
            const path = pathOf(entry);
            templates.push({ widget, pointer: [...widget.pointer, ...path], path, text: value, scan: scanLiquid(value) });
          }
        } else if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: entry });
        } else if (isObject(value)) {
          const keys = Object.keys(value);
          for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]!], key: keys[i]!, parent: entry });
        }
      }
    }
    return templates;
  }
}

interface WalkEntry {
  value: unknown;
  key: PointerSegment;
  parent: WalkEntry | undefined;
}

function pathOf(entry: WalkEntry): PointerSegment[] {
  const path: PointerSegment[] = [];
  for (let e: WalkEntry | undefined = entry; e; e = e.parent) path.push(e.key);
  return path.reverse();
}

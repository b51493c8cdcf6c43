/**
 * The behaviour check after a fix (issue 24): what a fixed flow does for a contact, on each messaging channel,
 * against what the flow did before the fix for the same contact. Before, under the platform its Trigger event
 * belongs to (Incoming Message: Programmable Chat; Incoming Conversation: Flex Conversations); after, under the
 * platform of the event the fixed flow starts that contact from (the move turns Incoming Message into Incoming
 * Conversation). The contexts are src/migration/contexts.ts, every value with its source.
 *
 * Compared, widget by widget where both flows run it: the branch a Split Based On… takes, the rendered Send
 * Message / Send & Wait bodies, a Send to Flex widget's task attributes (key by key) and its other properties,
 * Set Variables values that later widgets read (and through them, what those widgets render), HTTP Request and
 * Run Function bodies and parameters, and every other rendered property. Not compared: the `to` and `from` of
 * the send widgets, which Studio fills with the platform's addresses (`flow.channel.address` is the Twilio
 * number under Chat and the conversation SID under Conversations: migration-semantics §3), and what the outside
 * world answers (a reply, an HTTP response), which is the same on both sides.
 *
 * Only templates that can render differently are rendered: those a fix changed, and those that read the
 * trigger, the channel's addresses or a flow variable whose value differs. Flows repeat their templates, and
 * each text is parsed once (src/liquid/render.ts).
 */
import type { Flow, Template, TriggerEvent, Widget } from '../flow/model.js';
import { conditionMatches } from '../flow/split-conditions.js';
import { render, RenderError, type LiquidScope } from '../liquid/render.js';
import { scanLiquid } from '../liquid/scan.js';
import { CHANNELS, executionContext, lookup, type Channel, type Platform } from './contexts.js';

/**
 * `route`: a split takes another branch; `flex`: what Send to Flex hands to Flex (task attributes, workflow,
 * channel); `value`: any other rendered value (a message body, an HTTP parameter, a flow variable).
 */
export type BehaviourKind = 'route' | 'flex' | 'value';

export interface BehaviourDifference {
  widget: string;
  kind: BehaviourKind;
  /** What differs: `branch` for a split, otherwise the property (`body`, `attributes.name`, `variables.ch`). */
  what: string;
  /** The channels on which it differs so, in CHANNELS order. */
  channels: Channel[];
  /** Before → after on those channels. */
  before: string;
  after: string;
}

/** What a rendered value is when it is absent (a Send to Flex attribute the fix dropped, a branch that ends the flow). */
const ABSENT = '(none)';

const OTHER_MESSAGE_EVENT: Partial<Record<TriggerEvent, TriggerEvent>> = {
  incomingMessage: 'incomingConversationMessage',
  incomingConversationMessage: 'incomingMessage',
};

const platformOf = (event: TriggerEvent): Platform => (event === 'incomingConversationMessage' ? 'conversations' : 'chat');

/** Send widgets' fields that hold the platform's addresses, which Studio fills itself. */
const ADDRESS_FIELDS = new Set(['to', 'from']);
const SEND_WIDGETS = new Set(['send-message', 'send-and-wait-for-reply']);

/**
 * How much rendering one comparison may do, in characters rendered and keyed. A chain of Set Variables widgets each
 * reading the one before grows its values with the chain and renders them over and over (2,500 such widgets took
 * 52 s and 3 GB in a newcomer audit): past this budget the flow is said to be too large to check, a difference its
 * fix is held back for, rather than waved through unchecked. Work, not the length of one value, is bounded: a flow
 * that merely holds a long text is checked like any other.
 */
const RENDER_BUDGET = 50_000_000;
let budgetLeft = RENDER_BUDGET;

class TooLargeToCheck extends Error {}
const TOO_LARGE = 'too large to check';

/** The difference that says a flow could not be compared: held back whether or not the fix moves the flow. */
export function isTooLargeToCheck(d: BehaviourDifference): boolean {
  return d.what === TOO_LARGE;
}

/** How `after` (the fixed flow) behaves differently from `before` for the same contact, channel by channel. */
export function compareBehaviour(before: Flow, after: Flow): BehaviourDifference[] {
  budgetLeft = RENDER_BUDGET;
  try {
    return differences(before, after);
  } catch (error) {
    if (!(error instanceof TooLargeToCheck)) throw error;
    return [tooLargeToCheck(after)];
  }
}

/**
 * The difference compareBehaviour gives a flow it cannot compare, known without a comparison: see surelyTooLargeToCheck.
 */
export function tooLargeToCheck(flow: Flow): BehaviourDifference {
  return { widget: flow.trigger?.name ?? 'Trigger', kind: 'route', what: TOO_LARGE, channels: [...CHANNELS], before: '', after: '' };
}

/**
 * Whether comparing this flow with any fixed version of it is sure to overrun the render budget, before any fix
 * is made: a lower bound of the comparison's work, from the original alone. A fix that changes the flow makes
 * `differences` run every widget the message triggers reach on each channel, and render there, on the original's
 * side, every property template that reads the trigger, the contact or the channel (rendersPerPlatform), each
 * render charged at least its text's length (renderText's key holds it). The fixes never rename a widget or change
 * its type, so each such widget has its counterpart. A 50 MB flow with 600,000 findings was fixed, linted again
 * and half compared, 30 s and 3 GB, only to be held back as too large (issue 26): now it is held back at once.
 */
export function surelyTooLargeToCheck(flow: Flow): boolean {
  let work = 0;
  const templates = templatesOf(flow);
  for (const entry of ['incomingMessage', 'incomingConversationMessage'] as const) {
    if (!flow.isWired(entry)) continue;
    // A Trigger with two transitions for one event (a malformed export): which one the comparison follows after the
    // move is not the one counted here (a second read's case), so nothing is known beforehand.
    if ((flow.trigger?.transitions.filter((t) => t.event === entry).length ?? 0) > 1) return false;
    for (const widget of runOrder(flow, entry)) {
      if (widget.type === 'split-based-on' || widget.type === 'set-variables') continue;
      for (const t of templates.get(widget.name) ?? []) {
        // Templates hold Liquid (mayContainLiquid), so renderText charges each one it is given.
        if (t.path[0] !== 'properties' || isAddressField(widget, t.path) || !t.scan.references.some(readsThePlatform)) continue;
        work += t.text.length * CHANNELS.length;
        if (work > RENDER_BUDGET) return true;
      }
    }
  }
  return false;
}

/** A reference whose value depends on the platform, whatever the flow's variables hold (see rendersPerPlatform). */
function readsThePlatform(ref: { segments: readonly (string | null)[] }): boolean {
  const [root, second] = ref.segments;
  return root === 'trigger' || root === 'contact' || (root === 'flow' && second === 'channel');
}

function differences(before: Flow, after: Flow): BehaviourDifference[] {
  const found = new Map<string, BehaviourDifference>();
  const record = (channel: Channel, widget: string, kind: BehaviourKind, what: string, was: string, now: string) => {
    const key = `${widget}\u0000${what}\u0000${was}\u0000${now}`;
    const existing = found.get(key);
    if (existing) {
      if (!existing.channels.includes(channel)) existing.channels.push(channel);
    } else found.set(key, { widget, kind, what, channels: [channel], before: was, after: now });
  };
  for (const entry of ['incomingMessage', 'incomingConversationMessage'] as const) {
    if (!before.isWired(entry)) continue;
    const other = OTHER_MESSAGE_EVENT[entry]!;
    const afterEntry = after.isWired(entry) ? entry : after.isWired(other) ? other : undefined;
    const trigger = after.trigger?.name ?? 'Trigger';
    if (afterEntry === undefined) {
      for (const channel of CHANNELS) record(channel, trigger, 'route', 'branch', String(before.triggerTransition(entry)?.next), ABSENT);
      continue;
    }
    const side = { before: runOrder(before, entry), after: runOrder(after, afterEntry) };
    if (side.before[0]?.name !== side.after[0]?.name) {
      for (const channel of CHANNELS) record(channel, trigger, 'route', 'branch', side.before[0]?.name ?? ABSENT, side.after[0]?.name ?? ABSENT);
    }
    const changed = changedTemplates(before, after);
    if (changed.size === 0 && platformOf(entry) === platformOf(afterEntry)) continue;
    for (const channel of CHANNELS) {
      const scopes = { before: scopeFor(platformOf(entry), channel), after: scopeFor(platformOf(afterEntry), channel) };
      const variables = { before: setVariables(side.before, scopes.before), after: setVariables(side.after, scopes.after) };
      const differing = new Set<string>();
      for (const key of new Set([...variables.before.values.keys(), ...variables.after.values.keys()])) {
        const a = variables.before.bySetter.get(key);
        const b = variables.after.bySetter.get(key);
        if (variables.before.values.get(key) !== variables.after.values.get(key) || [...(a ?? [])].some(([setter, v]) => b?.get(setter) !== v)) differing.add(key);
      }
      const beforeByName = new Map(side.before.map((w) => [w.name, w]));
      for (const widget of side.after) {
        const was = beforeByName.get(widget.name);
        if (!was || was.type !== widget.type) continue;
        // The places a template stands on either side that a fix changed or that render per platform.
        const paths = new Map<string, Template['path']>();
        for (const t of [...(templatesOf(before).get(widget.name) ?? []), ...(templatesOf(after).get(widget.name) ?? [])]) {
          const key = t.path.join('\u0000');
          if (!paths.has(key) && (changed.has(`${widget.name}\u0000${key}`) || rendersPerPlatform(t, differing))) paths.set(key, t.path);
        }
        if (paths.size === 0) continue;
        const note = (kind: BehaviourKind, what: string, a: string, b: string) => {
          if (a !== b) record(channel, widget.name, kind, what, a, b);
        };
        compareWidget(widget, was, [...paths.values()], { before: scopes.before, after: scopes.after }, { before: variables.before, after: variables.after }, note, readKeys(after));
        // The variables hold their last values above; a key set by several widgets holds each one on some path
        // (a later Set Variables may overwrite it on one branch only): the widget is also run with each setter's value.
        if (widget.type === 'set-variables') continue;
        let variants = 0;
        for (const key of widgetVariables(after, widget)) {
          const setters = variables.before.bySetter.get(key);
          if (!setters || setters.size < 2 || !differing.has(key)) continue;
          for (const [setter, value] of setters) {
            if (++variants > MAX_VARIANTS) break;
            const variant = {
              before: withVariable(scopes.before, key, value),
              after: withVariable(scopes.after, key, variables.after.bySetter.get(key)?.get(setter) ?? ''),
            };
            compareWidget(widget, was, [...paths.values()], variant, { before: variables.before, after: variables.after }, note, readKeys(after));
          }
        }
      }
    }
  }
  return [...found.values()];
}

type Note = (kind: BehaviourKind, what: string, before: string, after: string) => void;
type Sides<T> = { before: T; after: T };

function compareWidget(widget: Widget, was: Widget, paths: Template['path'][], scopes: Sides<LiquidScope>, variables: Sides<VariableState>, note: Note, read: ReadonlySet<string>): void {
  if (widget.type === 'split-based-on') {
    note('route', 'branch', branch(was, scopes.before), branch(widget, scopes.after));
    return;
  }
  if (widget.type === 'set-variables') {
    // What each key holds when this widget has run: compared where a later widget reads it.
    for (const [key, setter] of variables.after.setBy) {
      if (setter !== widget.name || !read.has(key)) continue;
      note('value', `variables.${key}`, variables.before.values.get(key) ?? ABSENT, variables.after.values.get(key) ?? ABSENT);
    }
    return;
  }
  for (const path of paths) {
    const [where, name] = path;
    if (where !== 'properties') continue;
    if (isAddressField(widget, path)) continue;
    const beforeText = valueAt(was.properties, path.slice(1));
    const afterText = valueAt(widget.properties, path.slice(1));
    const a = typeof beforeText === 'string' ? renderText(beforeText, scopes.before) : ABSENT;
    const b = typeof afterText === 'string' ? renderText(afterText, scopes.after) : ABSENT;
    const what = path.slice(1).join('.');
    if (widget.type === 'send-to-flex' && name === 'attributes' && path.length === 2) {
      compareAttributes(a, b, note);
    } else note(widget.type === 'send-to-flex' ? 'flex' : 'value', what, a, b);
  }
}

/** Task attributes key by key when both sides are JSON objects; as text otherwise. */
function compareAttributes(before: string, after: string, note: Note): void {
  const a = parseObject(before);
  const b = parseObject(after);
  if (!a || !b) {
    note('flex', 'attributes', before, after);
    return;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    note('flex', `attributes.${key}`, key in a ? JSON.stringify(a[key]) : ABSENT, key in b ? JSON.stringify(b[key]) : ABSENT);
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The widget a Split Based On… goes to: the first `match` transition whose conditions all hold, else
 * `noMatch` (Split Based On… widget docs, https://www.twilio.com/docs/studio/widget-library/split-based-on).
 */
function branch(widget: Widget, scope: LiquidScope): string {
  const input = typeof widget.properties.input === 'string' ? renderText(widget.properties.input, scope) : '';
  for (const t of widget.transitions) {
    if (t.event !== 'match' || !Array.isArray(t.value.conditions) || t.value.conditions.length === 0) continue;
    const all = t.value.conditions.every((c) => {
      if (c === null || typeof c !== 'object') return false;
      const condition = c as Record<string, unknown>;
      const args = Array.isArray(condition.arguments) && typeof condition.arguments[0] === 'string' ? renderText(condition.arguments[0], scope) : input;
      const raw = condition.value;
      const value = typeof raw === 'string' ? renderText(raw, scope) : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw == null ? '' : JSON.stringify(raw);
      try {
        return conditionMatches(String(condition.type), args, value);
      } catch {
        return false;
      }
    });
    if (all) return t.next ?? ABSENT;
  }
  return widget.transitions.find((t) => t.event === 'noMatch')?.next ?? ABSENT;
}

/**
 * Renderings by scope and text: a scope is one of eight (platform × channel) plus the flow variables set so far,
 * and flows repeat their templates, so a run over many flows renders each distinct pair once. Bounded.
 */
const rendered = new Map<string, string>();
/** Characters the cache holds (keys and renderings): bounded too, as a few thousand long bodies outweigh 50,000 short texts. */
let renderedCharacters = 0;
const RENDERED_CHARACTERS = 20_000_000;
const scopeKeys = new WeakMap<LiquidScope, string>();

const variablesByText = new Map<string, string[] | undefined>();

/** The flow variables a template reads by name; undefined when it reads them some other way (a computed key, the whole object). */
function variablesRead(text: string): string[] | undefined {
  if (!text.includes('variables')) return [];
  if (variablesByText.has(text)) return variablesByText.get(text);
  let keys: string[] | undefined = [];
  for (const ref of scanLiquid(text).references) {
    if (ref.segments[0] !== 'flow' || ref.segments[1] !== 'variables') continue;
    const key = ref.segments[2];
    if (typeof key !== 'string') {
      keys = undefined;
      break;
    }
    keys.push(key);
  }
  if (variablesByText.size > 10_000) variablesByText.clear();
  variablesByText.set(text, keys);
  return keys;
}

/** A template's rendering; a template Liquid cannot render renders as one fixed text, compared like any other. */
function renderText(text: string, scope: LiquidScope): string {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  // Only the flow variables a template reads can change its rendering: they are part of the key, not all of them
  // (a chain of Set Variables widgets would otherwise make every key, and the work, grow with the flow).
  const all = (scope.flow as { variables: Record<string, unknown> }).variables;
  const keys = variablesRead(text);
  const variables = keys === undefined ? JSON.stringify(all) : keys.length === 0 ? '' : JSON.stringify(keys.map((k) => all[k]));
  const key = `${scopeKeys.get(scope) ?? ''}\u0000${variables}\u0000${text}`;
  let out = rendered.get(key);
  budgetLeft -= key.length + (out?.length ?? 0);
  if (budgetLeft < 0) throw new TooLargeToCheck();
  if (out === undefined) {
    out = renderOnce(text, scope);
    budgetLeft -= out.length;
    if (rendered.size > 50_000 || renderedCharacters > RENDERED_CHARACTERS) {
      rendered.clear();
      renderedCharacters = 0;
    }
    rendered.set(key, out);
    renderedCharacters += key.length + out.length;
  }
  return out;
}

function renderOnce(text: string, scope: LiquidScope): string {
  try {
    return render(text, scope);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    // One text for every failure: liquidjs's message quotes the template, which a rename changes, and a template
    // that cannot render before a fix and after it fails the same way (valid-liquid reports it).
    return '<a template Liquid cannot render>';
  }
}

/** A value of a widget at a path of its JSON (array indexes as numbers or strings), as Liquid's lookup finds it. */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return lookup(root, path.map(String));
}

/** How many runs of one widget with other setters' values, at most (each is a few renders). */
const MAX_VARIANTS = 8;

/** The scope with one flow variable set otherwise; it renders with the same cache key as the scope it copies. */
function withVariable(scope: LiquidScope, key: string, value: string): LiquidScope {
  const flow = scope.flow as { variables: Record<string, unknown> };
  const copy: LiquidScope = { ...scope, flow: { ...flow, variables: { ...flow.variables, [key]: value } } };
  scopeKeys.set(copy, scopeKeys.get(scope) ?? '');
  return copy;
}

/** The Set Variables widgets that set a flow variable this widget reads (the fix loop holds their fixes back with it). */
export function settersRead(flow: Flow, widget: Widget): string[] {
  const keys = widgetVariables(flow, widget);
  if (keys.size === 0) return [];
  return flow.widgets
    .filter((w) => w.type === 'set-variables' && Array.isArray(w.properties.variables) && (w.properties.variables as { key?: unknown }[]).some((v) => typeof v?.key === 'string' && keys.has(v.key)))
    .map((w) => w.name);
}

/** The flow variables a widget's templates read by name. */
function widgetVariables(flow: Flow, widget: Widget): Set<string> {
  const keys = new Set<string>();
  for (const t of templatesOf(flow).get(widget.name) ?? []) for (const k of variablesRead(t.text) ?? []) keys.add(k);
  return keys;
}

/** An execution's Liquid scope at its start, for one platform and channel, with its own flow variables. */
function scopeFor(platform: Platform, channel: Channel): LiquidScope {
  const context = executionContext(channel, platform);
  const scope: LiquidScope = {
    trigger: context.trigger,
    flow: { flow_sid: 'FW00000000000000000000000000000001', sid: 'FN00000000000000000000000000000001', channel: { address: context.flowChannelAddress }, variables: {}, data: {} },
    contact: { channel: { address: context.contactAddress } },
    widgets: {},
  };
  scopeKeys.set(scope, `${platform}:${channel}`);
  return scope;
}

interface VariableState {
  /** What each key holds once every Set Variables widget has run (in the order of the run). */
  values: Map<string, string>;
  /** The widget that set it last. */
  setBy: Map<string, string>;
  /** Every value each key is given, by the widget that gives it (a later one overwrites it on one path only). */
  bySetter: Map<string, Map<string, string>>;
}

/**
 * Every Set Variables widget of the run, in the order an execution meets them (breadth first from the
 * Trigger), rendered into the scope's `flow.variables` (Set Variables docs: "flow.variables.<key>").
 */
function setVariables(order: Widget[], scope: LiquidScope): VariableState {
  const state: VariableState = { values: new Map(), setBy: new Map(), bySetter: new Map() };
  const variables = (scope.flow as { variables: Record<string, unknown> }).variables;
  for (const widget of order) {
    if (widget.type !== 'set-variables' || !Array.isArray(widget.properties.variables)) continue;
    // Set Variables renders its values against the variables as they were before the widget (README, Flow tests).
    const rendered: [string, string][] = [];
    for (const variable of widget.properties.variables as unknown[]) {
      if (variable === null || typeof variable !== 'object') continue;
      const { key, value } = variable as { key?: unknown; value?: unknown };
      if (typeof key !== 'string') continue;
      rendered.push([key, typeof value === 'string' ? renderText(value, scope) : JSON.stringify(value ?? '')]);
    }
    for (const [key, value] of rendered) {
      variables[key] = value;
      state.values.set(key, value);
      state.setBy.set(key, widget.name);
      let setters = state.bySetter.get(key);
      if (!setters) state.bySetter.set(key, (setters = new Map<string, string>()));
      setters.set(widget.name, value);
    }
  }
  return state;
}

/** The widgets an execution started by `entry` can run, breadth first from the Trigger's transition. */
function runOrder(flow: Flow, entry: TriggerEvent): Widget[] {
  const first = flow.triggerTransition(entry)?.next;
  const start = first === undefined ? undefined : flow.byName.get(first);
  if (!start) return [];
  const order: Widget[] = [start];
  const seen = new Set([start]);
  for (let i = 0; i < order.length; i++) {
    for (const t of order[i]!.transitions) {
      const next = t.next === undefined ? undefined : flow.byName.get(t.next);
      if (next && !seen.has(next)) {
        seen.add(next);
        order.push(next);
      }
    }
  }
  return order;
}

/** Whether a template reads something whose value depends on the platform, or a flow variable that differs. */
function rendersPerPlatform(template: Template, differing: ReadonlySet<string>): boolean {
  return template.scan.references.some((ref) => {
    if (readsThePlatform(ref)) return true;
    const [root, second, third] = ref.segments;
    return root === 'flow' && second === 'variables' && (typeof third !== 'string' || differing.has(third));
  });
}

/** A send widget's `to` or `from`, which Studio fills with the platform's addresses: not compared (see the header). */
function isAddressField(widget: Widget, path: Template['path']): boolean {
  return SEND_WIDGETS.has(widget.type) && path.length === 2 && path[0] === 'properties' && ADDRESS_FIELDS.has(String(path[1]));
}

/**
 * The places (`widget\u0000path`) where a template stands in either flow and the other flow holds another text
 * (or none): what the fix changed.
 */
function changedTemplates(before: Flow, after: Flow): Set<string> {
  const changed = new Set<string>();
  const visit = (flow: Flow, other: Flow) => {
    for (const t of flow.templates) {
      const counterpart = other.byName.get(t.widget.name);
      const [, ...inProperties] = t.path;
      const otherText = counterpart && t.path[0] === 'properties' ? valueAt(counterpart.properties, inProperties) : counterpart ? valueAt(counterpart.value, t.path) : undefined;
      if (otherText !== t.text) changed.add(`${t.widget.name}\u0000${t.path.join('\u0000')}`);
    }
  };
  visit(after, before);
  visit(before, after);
  return changed;
}

/** A flow's templates by widget name. */
function templatesOf(flow: Flow): Map<string, Template[]> {
  return flow.derived(groupTemplates);
}

function groupTemplates(flow: Flow): Map<string, Template[]> {
  const byWidget = new Map<string, Template[]>();
  for (const t of flow.templates) {
    const list = byWidget.get(t.widget.name);
    if (list) list.push(t);
    else byWidget.set(t.widget.name, [t]);
  }
  return byWidget;
}

/** The flow variables some template reads (`flow.variables.<key>`). */
function readKeys(flow: Flow): ReadonlySet<string> {
  return flow.derived(findReadKeys);
}

function findReadKeys(flow: Flow): Set<string> {
  const keys = new Set<string>();
  for (const { ref } of flow.references) {
    if (ref.segments[0] === 'flow' && ref.segments[1] === 'variables' && typeof ref.segments[2] === 'string') keys.add(ref.segments[2]);
  }
  return keys;
}

/** A difference in words: `'by_channel' takes 'default_agent' on Messenger, was 'fb_agent'`. */
export function describeDifference(d: BehaviourDifference): string {
  const on = d.channels.map((c) => CHANNEL_NAMES[c]).join(', ');
  if (d.what === TOO_LARGE) return `the flow is too large to check: comparing it would render more than ${RENDER_BUDGET.toLocaleString('en-US')} characters (long values, or values that grow from widget to widget), so what it does after the fix cannot be compared`;
  if (d.kind === 'route') return `'${d.widget}' goes to '${d.after}' on ${on}, was '${d.before}'`;
  return `'${d.widget}' ${d.what} is ${quote(d.after)} on ${on}, was ${quote(d.before)}`;
}

const CHANNEL_NAMES: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'webchat', messenger: 'Messenger' };

function quote(value: string): string {
  if (value === ABSENT) return 'not set';
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Runs one flow test case on a flow, the way Studio executes it: from the Trigger's transition for the
 * case's event, widget by widget, rendering each widget's properties with Liquid when it runs, recording
 * `widgets.<name>.*` and `flow.variables.*`, following the transition of the event the widget ends with, and
 * stopping at a widget whose event leads nowhere.
 *
 * Studio's limits (Studio FAQ, https://www.twilio.com/docs/studio/user-guide/studio-faq): "Each Execution
 * ends after 1,000 steps" and "If the same widget runs 10 times in a row during an Execution, that Execution
 * will stop". A case that reaches either fails.
 */
import type { Flow, Transition, Widget } from '../flow/model.js';
import { executionContext, type Platform } from '../migration/contexts.js';
import { conditionMatches, ConditionError } from '../flow/split-conditions.js';
import { render, renderDeep, RenderError, type LiquidScope } from '../liquid/render.js';
import type { FlowTestCase, TriggerSpec, WidgetOutcome } from './testfile.js';
import { semanticsOf } from './widgets.js';

export const MAX_STEPS = 1000;
export const MAX_REPEATS = 10;

export interface SentMessage {
  widget: string;
  body: string;
  to: string;
  from: string;
}

export interface Said {
  widget: string;
  text: string;
}

export interface FlexHandoff {
  widget: string;
  /** The rendered attributes text. */
  raw: string;
  /** The rendered attributes parsed as JSON; undefined when they are not JSON. */
  attributes: unknown;
  workflow: string;
  channel: string;
}

export interface Step {
  widget: string;
  type: string;
  /** The event the widget ended with; undefined when the run stopped at it. */
  event: string | undefined;
  /** The transition followed (its index in the widget's transitions). */
  transition: number | undefined;
}

export interface Execution {
  /** Names of the widgets run, in order (the Trigger is not one). */
  path: string[];
  steps: Step[];
  sent: SentMessage[];
  said: Said[];
  flex: FlexHandoff[];
  variables: Record<string, unknown>;
  /** Why the execution could not be simulated to its end, naming the widget. */
  error?: string;
  /** The Trigger's transition index taken, for coverage. */
  triggerTransition: number | undefined;
}

/** Run a case on a flow: the Trigger platform follows from the event (Incoming Conversation: Conversations; otherwise Chat). */
export function runCase(flow: Flow, testCase: FlowTestCase): Execution {
  const trigger = testCase.trigger;
  const execution: Execution = { path: [], steps: [], sent: [], said: [], flex: [], variables: {}, triggerTransition: undefined };
  const scope = initialScope(trigger, execution.variables);
  const widgets = scope.widgets as Record<string, unknown>;
  const start = flow.triggerTransition(trigger.event);
  if (!flow.trigger) return { ...execution, error: 'the flow has no Trigger widget' };
  execution.triggerTransition = start?.index;
  let next = start?.next;
  let previous: string | undefined;
  let repeats = 0;
  while (next !== undefined) {
    const widget = flow.byName.get(next);
    if (!widget) return { ...execution, error: `a transition leads to '${next}', which is not a widget of the flow` };
    if (execution.steps.length >= MAX_STEPS) return { ...execution, error: `the execution passed Studio's limit of ${MAX_STEPS} steps (a loop?) at '${widget.name}'` };
    repeats = widget.name === previous ? repeats + 1 : 1;
    if (repeats >= MAX_REPEATS) return { ...execution, error: `'${widget.name}' ran ${MAX_REPEATS} times in a row: Studio stops such an execution` };
    previous = widget.name;
    execution.path.push(widget.name);
    const step: Step = { widget: widget.name, type: widget.type, event: undefined, transition: undefined };
    execution.steps.push(step);
    let outcome: Outcome;
    try {
      outcome = runWidget(widget, scope, testCase.widgets[widget.name], execution);
    } catch (error) {
      if (error instanceof RenderError || error instanceof ConditionError) return { ...execution, error: `'${widget.name}' (${widget.type}): ${error.message}` };
      throw error;
    }
    if ('error' in outcome) return { ...execution, error: outcome.error };
    if (outcome.stop) break;
    widgets[widget.name] = outcome.outputs;
    step.event = outcome.transition?.event ?? outcome.event;
    step.transition = outcome.transition?.index;
    next = outcome.transition?.next;
  }
  return execution;
}

type Outcome =
  | { error: string }
  | { stop: true }
  | { stop?: false; event: string; transition: Transition | undefined; outputs: Record<string, unknown> };

function runWidget(widget: Widget, scope: LiquidScope, mock: WidgetOutcome | undefined, execution: Execution): Outcome {
  const semantics = semanticsOf(widget.type);
  const props = renderDeep(widget.properties, scope) as Record<string, unknown>;
  const flowScope = scope.flow as { channel: { address?: string } };
  const contactScope = scope.contact as { channel: { address?: string } };
  const text = (key: string) => asText(props[key]);

  // What the widget does whatever the outside world answers.
  switch (widget.type) {
    case 'set-variables': {
      // Set Variables (https://www.twilio.com/docs/studio/widget-library/set-variables): each key becomes
      // flow.variables.<key> with its rendered value (a string; "Parse as JSON object" makes it an object).
      const variables = Array.isArray(widget.properties.variables) ? widget.properties.variables : [];
      const rendered = Array.isArray(props.variables) ? props.variables : [];
      variables.forEach((v, i) => {
        const r = rendered[i] as Record<string, unknown> | undefined;
        if (!r || typeof r.key !== 'string') return;
        const value = asText(r.value);
        execution.variables[r.key] = r.type === 'json_object' ? parseJson(value) ?? value : value;
      });
      break;
    }
    case 'split-based-on': {
      if (mock?.event !== undefined) return { error: `'${widget.name}' is a Split Based On…: the simulator evaluates it, it takes no outcome in "widgets"` };
      return { ...split(widget, scope, text('input')), outputs: {} };
    }
    case 'send-message':
    case 'send-and-wait-for-reply':
      // Send Message (https://www.twilio.com/docs/studio/widget-library/send-message): "Send Message From"
      // defaults to {{flow.channel.address}}, "Send Message To" to {{contact.channel.address}}. Send & Wait For
      // Reply has no "to": it answers the contact.
      execution.sent.push({
        widget: widget.name,
        body: text('body'),
        to: (widget.type === 'send-message' && text('to')) || (contactScope.channel.address ?? ''),
        from: text('from') || (flowScope.channel.address ?? ''),
      });
      break;
    case 'say-play':
    case 'gather-input-on-call':
      // Say/Play and Gather Input On Call speak `say` or play the `play` URL (https://www.twilio.com/docs/studio/widget-library/sayplay).
      if (text('say') !== '' || text('play') !== '') execution.said.push({ widget: widget.name, text: text('say') || text('play') });
      break;
    case 'send-to-flex': {
      // Send to Flex (https://www.twilio.com/docs/studio/widget-library/send-flex): attributes is a JSON
      // string with Liquid, rendered when the widget runs, that becomes the task's attributes.
      const raw = text('attributes');
      execution.flex.push({ widget: widget.name, raw, attributes: parseJson(raw), workflow: text('workflow'), channel: text('channel') });
      break;
    }
  }

  const events = semantics.events;
  if (mock?.event !== undefined && events && !events.includes(mock.event)) {
    return { error: `'${widget.name}' (${widget.type}) has no event '${mock.event}' (its events: ${events.join(', ')})` };
  }
  // A reply, keys pressed or an HTTP status say which event the widget ends with when the test names none.
  const event = mock?.event ?? (mock && semantics.impliedEvent?.(mock.outputs)) ?? semantics.defaultEvent;
  if (event === undefined) {
    // Nothing the outside world answers matters when no event of the widget leads anywhere: the execution ends here.
    if (!widget.transitions.some((t) => t.next !== undefined)) return { stop: true };
    return {
      error: `'${widget.name}' (${widget.type}) depends on the outside world: say how it ends in "widgets": { "${widget.name}": { "event": ${events ? events.map((e) => `"${e}"`).join(' | ') : '…'}${semantics.outputsHint ? `, ${semantics.outputsHint}` : ''} } }`,
    };
  }
  const outputs = semantics.outputs(mock?.outputs ?? {});
  return { event, transition: widget.transitions.find((t) => t.event === event), outputs };
}

/**
 * Split Based On…: the `match` transitions are tried in order, each matching when all its conditions do;
 * none matching takes `noMatch` (https://www.twilio.com/docs/studio/widget-library/split-based-on). A
 * condition tests the widget's Variable to Test (`input`) against its rendered `value`.
 */
function split(widget: Widget, scope: LiquidScope, input: string): { transition: Transition | undefined; event: string } {
  for (const t of widget.transitions) {
    if (t.event !== 'match' || !Array.isArray(t.value.conditions) || t.value.conditions.length === 0) continue;
    const all = t.value.conditions.every((c) => {
      const condition = c as Record<string, unknown>;
      const value = typeof condition.value === 'string' ? render(condition.value, scope) : asText(condition.value);
      return conditionMatches(String(condition.type), input, value);
    });
    if (all) return { transition: t, event: 'match' };
  }
  return { transition: widget.transitions.find((t) => t.event === 'noMatch'), event: 'noMatch' };
}

/** A property's value as the text Studio would use: strings as they are, numbers and booleans written out, objects as JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Liquid scope at the start of an execution: the preset's trigger with the case's values over it. */
function initialScope(trigger: TriggerSpec, variables: Record<string, unknown>): LiquidScope {
  const platform: Platform = trigger.event === 'incomingConversationMessage' ? 'conversations' : 'chat';
  const context = executionContext(trigger.channel, platform);
  const triggerValue: Record<string, unknown> = {};
  switch (trigger.event) {
    case 'incomingMessage':
      triggerValue.message = merge(context.trigger.message, trigger.message);
      break;
    case 'incomingConversationMessage':
      triggerValue.conversation = merge(context.trigger.conversation, trigger.conversation);
      break;
    case 'incomingCall':
      triggerValue.call = merge(context.trigger.call, trigger.call);
      break;
    case 'incomingRequest':
      triggerValue.request = merge(context.trigger.request, trigger.request);
      break;
    case 'incomingParent':
      triggerValue.parent = merge({}, trigger.parent);
      break;
  }
  return {
    trigger: triggerValue,
    flow: {
      flow_sid: 'FW00000000000000000000000000000001',
      sid: 'FN00000000000000000000000000000001',
      channel: { address: context.flowChannelAddress },
      variables,
      data: merge({}, trigger.data),
    },
    contact: { channel: { address: context.contactAddress } },
    widgets: {},
  };
}

/** Objects merge key by key; other values replace; null removes the key. */
export function merge(base: unknown, over: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  if (!over) return out;
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else if (typeof value === 'object' && !Array.isArray(value)) out[key] = merge(out[key], value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

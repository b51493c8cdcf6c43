/**
 * The `*.flowtest.json` format: which flow, and cases of a trigger, the outside world's answers, and what
 * the execution must do. Validated by hand so that every problem names its JSON pointer.
 */
import { parse as parseYaml } from 'yaml';
import { PRESETS, type Preset } from '../migration/contexts.js';
import { TRIGGER_EVENTS, type TriggerEvent } from '../flow/model.js';
import { pointerToString as formatPointer, type PointerSegment } from '../flow/locate.js';

export const FLOWTEST_SUFFIX = '.flowtest.json';
/** Test files may be YAML too: the same structure, the same pointers. */
export const FLOWTEST_SUFFIXES = [FLOWTEST_SUFFIX, '.flowtest.yaml', '.flowtest.yml'] as const;
export const isFlowTestFile = (file: string) => FLOWTEST_SUFFIXES.some((suffix) => file.endsWith(suffix));

export interface TriggerSpec {
  event: TriggerEvent;
  /** The channel preset (default: voice for calls, rest for REST API and subflow executions, sms otherwise). */
  channel: Preset;
  /** Values over the preset's, merged key by key (objects merge, other values replace, null removes). */
  message?: Record<string, unknown>;
  conversation?: Record<string, unknown>;
  call?: Record<string, unknown>;
  request?: Record<string, unknown>;
  /** `flow.data`: a REST API execution's parameters, a subflow's parameters. */
  data?: Record<string, unknown>;
  /** `trigger.parent`: what the parent flow passes to a subflow. */
  parent?: Record<string, unknown>;
}

/** What a widget that depends on the outside world ends with: its event and the outputs it exposes. */
export interface WidgetOutcome {
  event?: string;
  outputs: Record<string, unknown>;
}

export interface SentExpectation {
  widget?: string;
  body?: string;
  to?: string;
  from?: string;
}

export interface SaidExpectation {
  widget?: string;
  text: string;
}

export interface Expectations {
  path?: string[];
  end?: string;
  sent?: SentExpectation[];
  flex?: { widget?: string; attributes?: unknown };
  variables?: Record<string, unknown>;
  said?: SaidExpectation[];
}

export interface FlowTestCase {
  name: string;
  trigger: TriggerSpec;
  widgets: Record<string, WidgetOutcome>;
  expect: Expectations;
  /** Pointer of the case in its file. */
  pointer: string;
}

export interface FlowTestFile {
  /** The flow file, as written (relative to the test file's folder). */
  flow: string;
  cases: FlowTestCase[];
}

export class FlowTestError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which preset each trigger event may run with. */
const PRESETS_FOR: Record<TriggerEvent, readonly Preset[]> = {
  incomingMessage: ['sms', 'whatsapp', 'webchat', 'messenger'],
  incomingConversationMessage: ['sms', 'whatsapp', 'webchat', 'messenger'],
  incomingCall: ['voice'],
  incomingRequest: ['rest'],
  incomingParent: ['rest', 'voice', 'sms', 'whatsapp', 'webchat', 'messenger'],
};
const DEFAULT_PRESET: Record<TriggerEvent, Preset> = {
  incomingMessage: 'sms',
  incomingConversationMessage: 'sms',
  incomingCall: 'voice',
  incomingRequest: 'rest',
  incomingParent: 'rest',
};

/** Parse and validate a flow test file's text; throws FlowTestError naming the pointer of the first problem. */
export function parseFlowTest(text: string, syntax: 'json' | 'yaml' = 'json'): FlowTestFile {
  let value: unknown;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    value = syntax === 'yaml' ? parseYaml(source) : JSON.parse(source);
  } catch (error) {
    throw new FlowTestError('', `invalid ${syntax === 'yaml' ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message.split('\n')[0]!.replace(/:$/, '') : String(error)}`);
  }
  const root = object(value, []);
  keys(root, [], ['$schema', 'flow', 'cases'], ['flow', 'cases']);
  const flow = string(root.flow, ['flow']);
  const cases = array(root.cases, ['cases']);
  if (cases.length === 0) throw new FlowTestError('/cases', 'no cases: a flow test needs at least one');
  const names = new Set<string>();
  return {
    flow,
    cases: cases.map((c, i) => {
      const parsed = parseCase(c, ['cases', i]);
      if (names.has(parsed.name)) throw new FlowTestError(formatPointer(['cases', i, 'name']), `two cases are named ${JSON.stringify(parsed.name)}`);
      names.add(parsed.name);
      return parsed;
    }),
  };
}

function parseCase(value: unknown, at: PointerSegment[]): FlowTestCase {
  const c = object(value, at);
  keys(c, at, ['name', 'trigger', 'widgets', 'expect'], ['name', 'trigger']);
  const name = string(c.name, [...at, 'name']);
  const trigger = parseTrigger(c.trigger, [...at, 'trigger']);
  const widgets: Record<string, WidgetOutcome> = {};
  if (c.widgets !== undefined) {
    for (const [widget, outcome] of Object.entries(object(c.widgets, [...at, 'widgets']))) {
      const where = [...at, 'widgets', widget];
      const { event, ...outputs } = object(outcome, where);
      if (event !== undefined) string(event, [...where, 'event']);
      widgets[widget] = { event: event as string | undefined, outputs };
    }
  }
  const expect = c.expect === undefined ? {} : parseExpect(c.expect, [...at, 'expect']);
  return { name, trigger, widgets, expect, pointer: formatPointer(at) };
}

function parseTrigger(value: unknown, at: PointerSegment[]): TriggerSpec {
  const t = object(value, at);
  keys(t, at, ['event', 'channel', 'message', 'conversation', 'call', 'request', 'data', 'parent'], ['event']);
  const event = string(t.event, [...at, 'event']);
  if (!(TRIGGER_EVENTS as readonly string[]).includes(event)) {
    throw new FlowTestError(formatPointer([...at, 'event']), `unknown trigger event ${JSON.stringify(event)} (one of ${TRIGGER_EVENTS.join(', ')})`);
  }
  const triggerEvent = event as TriggerEvent;
  let channel = DEFAULT_PRESET[triggerEvent];
  if (t.channel !== undefined) {
    const given = string(t.channel, [...at, 'channel']);
    if (!(PRESETS as readonly string[]).includes(given)) {
      throw new FlowTestError(formatPointer([...at, 'channel']), `unknown channel preset ${JSON.stringify(given)} (one of ${PRESETS.join(', ')})`);
    }
    if (!PRESETS_FOR[triggerEvent].includes(given as Preset)) {
      throw new FlowTestError(formatPointer([...at, 'channel']), `the ${given} preset cannot start ${event} (it goes with ${PRESETS_FOR[triggerEvent].join(', ')})`);
    }
    channel = given as Preset;
  }
  const spec: TriggerSpec = { event: triggerEvent, channel };
  for (const key of ['message', 'conversation', 'call', 'request', 'data', 'parent'] as const) {
    if (t[key] !== undefined) spec[key] = object(t[key], [...at, key]);
  }
  return spec;
}

function parseExpect(value: unknown, at: PointerSegment[]): Expectations {
  const e = object(value, at);
  keys(e, at, ['path', 'end', 'sent', 'flex', 'variables', 'said']);
  const out: Expectations = {};
  if (e.path !== undefined) out.path = array(e.path, [...at, 'path']).map((p, i) => string(p, [...at, 'path', i]));
  if (e.end !== undefined) out.end = string(e.end, [...at, 'end']);
  if (e.sent !== undefined) {
    out.sent = array(e.sent, [...at, 'sent']).map((s, i) => {
      const where = [...at, 'sent', i];
      const m = object(s, where);
      keys(m, where, ['widget', 'body', 'to', 'from']);
      const sent: SentExpectation = {};
      for (const key of ['widget', 'body', 'to', 'from'] as const) if (m[key] !== undefined) sent[key] = string(m[key], [...where, key]);
      return sent;
    });
  }
  if (e.flex !== undefined) {
    const f = object(e.flex, [...at, 'flex']);
    keys(f, [...at, 'flex'], ['widget', 'attributes']);
    out.flex = {};
    if (f.widget !== undefined) out.flex.widget = string(f.widget, [...at, 'flex', 'widget']);
    if (f.attributes !== undefined) out.flex.attributes = f.attributes;
  }
  if (e.variables !== undefined) out.variables = object(e.variables, [...at, 'variables']);
  if (e.said !== undefined) {
    out.said = array(e.said, [...at, 'said']).map((s, i) => {
      const where = [...at, 'said', i];
      if (typeof s === 'string') return { text: s };
      const m = object(s, where);
      keys(m, where, ['widget', 'text']);
      const said: SaidExpectation = { text: string(m.text, [...where, 'text']) };
      if (m.widget !== undefined) said.widget = string(m.widget, [...where, 'widget']);
      return said;
    });
  }
  return out;
}

function object(value: unknown, at: PointerSegment[]): Json {
  if (!isObject(value)) throw new FlowTestError(formatPointer(at), `expected an object, found ${describe(value)}`);
  return value;
}

function array(value: unknown, at: PointerSegment[]): unknown[] {
  if (!Array.isArray(value)) throw new FlowTestError(formatPointer(at), `expected an array, found ${describe(value)}`);
  return value;
}

function string(value: unknown, at: PointerSegment[]): string {
  if (typeof value !== 'string') throw new FlowTestError(formatPointer(at), `expected a string, found ${describe(value)}`);
  return value;
}

function keys(value: Json, at: PointerSegment[], allowed: string[], required: string[] = []): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new FlowTestError(formatPointer([...at, key]), `unknown key ${JSON.stringify(key)} (expected one of ${allowed.join(', ')})`);
  }
  for (const key of required) if (!(key in value)) throw new FlowTestError(formatPointer(at), `missing "${key}"`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

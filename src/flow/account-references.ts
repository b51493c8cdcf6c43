/**
 * The account-specific values a flow holds: what must change when the flow moves to another account (issue 27,
 * `push --promote`). Each is found with the JSON pointer of its string and, inside that string, the exact
 * [start, end) range of decoded characters, so that a rewrite is a text edit of those characters alone
 * (src/fixers/edits.ts `replaceInString`), whether the string is the whole value (`"service_sid": "ZS…"`), a
 * Liquid template, a Send to Flex `attributes` JSON text or a URL.
 *
 * What is found, in every string under a widget's `properties` (parameters included):
 *
 * - **SIDs by prefix**: two capital letters and 32 hexadecimal digits ("What is a SID?",
 *   https://www.twilio.com/docs/glossary/what-is-a-sid). The prefix says the resource: ZS Serverless Service,
 *   ZE Environment, ZH Function (https://www.twilio.com/docs/serverless/api), FW Studio Flow, WW TaskRouter
 *   Workflow, WQ TaskQueue, TC TaskChannel, WS Workspace (https://www.twilio.com/docs/taskrouter/api), MG
 *   Messaging Service (https://www.twilio.com/docs/messaging/api/service-resource), PN IncomingPhoneNumber
 *   (https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource). Any other prefix is kept as a
 *   SID of that prefix: still account-specific, still never pushed to another account unchanged.
 *   Where the widget type says which property holds which resource (Run Function's `service_sid`,
 *   `environment_sid`, `function_sid`: https://www.twilio.com/docs/studio/widget-library/run-function; Run
 *   Subflow's `flow_sid`: https://www.twilio.com/docs/studio/widget-library/run-subflow; Send to Flex's
 *   `workflow` and `channel`: https://www.twilio.com/docs/studio/widget-library/send-flex; Enqueue Call's
 *   `workflow_sid`: https://www.twilio.com/docs/studio/widget-library/enqueue-call; Send Message's and Send &
 *   Wait For Reply's `service`, the Messaging Service: https://www.twilio.com/docs/studio/widget-library/send-message),
 *   `expected` names the kind the property must hold; a SID of another prefix there is reported as what its
 *   prefix says.
 * - **Function domains**: the host of an `https://<domain>.twil.io/<path>` URL, the domain of a Serverless
 *   Environment ("using the Service unique name, a randomly-generated Service suffix, and an optional
 *   Environment domain suffix", https://www.twilio.com/docs/serverless/api/resource/environment), with the
 *   URL's path (the Function's path) beside it. Run Function's `url` holds one; any other string may.
 * - **The account's phone numbers**: an E.164 number that is a whole `from` of Send Message, Send & Wait For
 *   Reply or Make Outgoing Call, or `caller_id` of Connect Call To: the widget sends or calls from it, so it is
 *   one of the account's numbers (the widget docs' "Send Message From: the 'from' phone number"). A number in
 *   `to` is the contact's and stays.
 *
 * Terraform `${…}` placeholders are left as they are: a template fills them per environment
 * (src/liquid/mask.ts); a value inside one is not a reference. Liquid is read as text: a SID written inside a
 * Liquid tag is still that SID.
 *
 * A pure module: definition in, references out; no I/O.
 */
import { terraformPlaceholderRanges } from '../liquid/mask.js';
import { isObject, type FlowDefinition } from './load.js';
import type { PointerSegment } from './locate.js';

export type AccountResourceKind =
  | 'serverless-service'
  | 'serverless-environment'
  | 'function'
  | 'function-domain'
  | 'flow'
  | 'workflow'
  | 'task-queue'
  | 'task-channel'
  | 'workspace'
  | 'messaging-service'
  | 'phone-number'
  | 'sid';

/** The resource kind a SID prefix names; `sid` for the others. */
export const SID_PREFIXES: Readonly<Record<string, AccountResourceKind>> = {
  ZS: 'serverless-service',
  ZE: 'serverless-environment',
  ZH: 'function',
  FW: 'flow',
  WW: 'workflow',
  WQ: 'task-queue',
  TC: 'task-channel',
  WS: 'workspace',
  MG: 'messaging-service',
  PN: 'phone-number',
};

export interface AccountReference {
  kind: AccountResourceKind;
  /** The exact characters found: a SID, a domain (`name-1234-dev.twil.io`) or an E.164 number. */
  value: string;
  /** The pointer of the string that holds it, inside the definition. */
  pointer: PointerSegment[];
  /** Decoded character offsets of `value` inside that string. */
  start: number;
  end: number;
  /** The widget and its type; `property` the path inside its properties (`parameters[0].value`). */
  widget: string;
  widgetType: string;
  property: string;
  /** What the widget type says the property holds, when it says so. */
  expected?: AccountResourceKind;
  /** A Function domain's URL path (`/sfdc/query`): which Function of the environment it calls. */
  urlPath?: string;
}

/**
 * The properties whose value the widget type says is one resource of the account, by widget type (sources
 * in the module comment).
 */
export const TYPED_PROPERTIES: Readonly<Record<string, Readonly<Record<string, AccountResourceKind>>>> = {
  'run-function': { service_sid: 'serverless-service', environment_sid: 'serverless-environment', function_sid: 'function', url: 'function-domain' },
  'run-subflow': { flow_sid: 'flow' },
  'send-to-flex': { workflow: 'workflow', channel: 'task-channel' },
  'enqueue-call': { workflow_sid: 'workflow' },
  'send-message': { service: 'messaging-service', from: 'phone-number' },
  'send-and-wait-for-reply': { service: 'messaging-service', from: 'phone-number' },
  'make-outgoing-call-v2': { from: 'phone-number' },
  'connect-call-to': { caller_id: 'phone-number' },
};

const SID = /(?<![A-Za-z0-9])([A-Z]{2})[0-9a-fA-F]{32}(?![A-Za-z0-9])/g;
/** `https://<host>.twil.io` and the path after it, up to what cannot be part of a URL or starts Liquid. */
const FUNCTION_URL = /\bhttps?:\/\/((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+twil\.io)(?![A-Za-z0-9.-])(\/[^\s"'{}?#<>]*)?/g;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Every account-specific value of the definition, in document order (widgets, properties, offsets). */
export function accountReferences(definition: FlowDefinition): AccountReference[] {
  const found: AccountReference[] = [];
  const states = Array.isArray(definition.states) ? definition.states : [];
  states.forEach((state, index) => {
    if (!isObject(state) || !isObject(state.properties)) return;
    const widget = typeof state.name === 'string' ? state.name : `#${index}`;
    const widgetType = typeof state.type === 'string' ? state.type : '';
    const typed = TYPED_PROPERTIES[widgetType] ?? {};
    walk(state.properties, ['states', index, 'properties'], '', (text, pointer, property) => {
      const expected = pointer.length === 4 ? typed[property] : undefined;
      const base = { pointer, widget, widgetType, property, ...(expected ? { expected } : {}) };
      const here: AccountReference[] = [];
      const placeholders = terraformPlaceholderRanges(text);
      const inPlaceholder = (start: number, end: number) => placeholders.some((p) => start < p.end && end > p.start);
      for (const m of text.matchAll(SID)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!inPlaceholder(start, end)) here.push({ kind: SID_PREFIXES[m[1]!] ?? 'sid', value: m[0], start, end, ...base });
      }
      for (const m of text.matchAll(FUNCTION_URL)) {
        const start = m.index + m[0].indexOf(m[1]!, m[0].indexOf('//'));
        const end = start + m[1]!.length;
        if (!inPlaceholder(start, end)) here.push({ kind: 'function-domain', value: m[1]!, start, end, urlPath: m[2] ?? '/', ...base });
      }
      if (expected === 'phone-number') {
        const trimmed = text.trim();
        if (E164.test(trimmed)) {
          const start = text.indexOf(trimmed);
          here.push({ kind: 'phone-number', value: trimmed, start, end: start + trimmed.length, ...base });
        }
      }
      found.push(...here.sort((a, b) => a.start - b.start));
    });
  });
  return found;
}

/** A literal text (a key of an environment's map) where it occurs in a widget's properties. */
export interface LiteralOccurrence {
  value: string;
  pointer: PointerSegment[];
  start: number;
  end: number;
  widget: string;
  property: string;
}

/**
 * Every occurrence of each of `literals` in the strings of the widgets' properties, longest literal first where
 * two would overlap (a full URL over its domain); an occurrence inside a Terraform `${…}` placeholder is left.
 */
export function literalOccurrences(definition: FlowDefinition, literals: readonly string[]): LiteralOccurrence[] {
  const found: LiteralOccurrence[] = [];
  const keys = literals.filter((l) => l.length > 0).sort((a, b) => b.length - a.length);
  if (!keys.length) return found;
  const states = Array.isArray(definition.states) ? definition.states : [];
  states.forEach((state, index) => {
    if (!isObject(state) || !isObject(state.properties)) return;
    const widget = typeof state.name === 'string' ? state.name : `#${index}`;
    walk(state.properties, ['states', index, 'properties'], '', (text, pointer, property) => {
      const placeholders = terraformPlaceholderRanges(text);
      const here: LiteralOccurrence[] = [];
      for (const key of keys) {
        for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + key.length)) {
          const end = i + key.length;
          if (placeholders.some((p) => i < p.end && end > p.start) || here.some((o) => i < o.end && end > o.start)) continue;
          here.push({ value: key, pointer, start: i, end, widget, property });
        }
      }
      found.push(...here.sort((a, b) => a.start - b.start));
    });
  });
  return found;
}

/** Calls `visit` with every string under `value`, its pointer and its path from the properties. */
function walk(value: unknown, pointer: PointerSegment[], property: string, visit: (text: string, pointer: PointerSegment[], property: string) => void): void {
  if (typeof value === 'string') visit(value, pointer, property);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...pointer, i], `${property}[${i}]`, visit));
  else if (isObject(value)) for (const [key, v] of Object.entries(value)) walk(v, [...pointer, key], property ? `${property}.${key}` : key, visit);
}

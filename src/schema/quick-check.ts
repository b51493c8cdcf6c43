/**
 * A quick check that a flow definition passes the flow schema, for the common case where it does.
 *
 * The schema's ajv validator (generated/validate-flow.js, from scripts/generate-schema.mjs) is 2,400 lines of
 * code unrolled per widget type; on 1,000 realistic flows it costs about a tenth of a lint, most of it before
 * V8 has compiled the branches it runs. This loop walks the same catalog as data. It answers `true` only when
 * the schema certainly accepts the definition; anything it does not recognise answers `false`, and the rule
 * then runs the validator, which finds and words the errors. So the report is the validator's in every case:
 * the quick check may say `false` for a valid definition, never `true` for an invalid one (a differential
 * test, test/schema.test.ts, holds it to that on the corpus and on mutations of it).
 *
 * It mirrors `flowSchema()` in scripts/generate-schema.mjs, with ajv's own tests: `x.key !== undefined` for
 * presence (as `required` and `properties` test it), `for … in` for additional properties. A change to the
 * schema must change this too.
 */
import catalog from './catalog.json' with { type: 'json' };

interface WidgetSchema {
  events: string[];
  properties: Record<string, string>;
}

/** Own entries only: a state whose type is `constructor` must not find Object's. */
const WIDGETS = new Map<string, WidgetSchema>(Object.entries(catalog.widgets as Record<string, WidgetSchema>));
/** The catalog's property checks per widget type, as [name, JSON type] pairs. */
const PROPERTY_TYPES = new Map<string, [string, string][]>([...WIDGETS].map(([type, widget]) => [type, Object.entries(widget.properties)]));

const MAX_STATES = 2000;

type Json = Record<string, unknown>;

/** ajv's `type: 'object'`. */
function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ajv's JSON types, as the catalog names them. */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return false; // a type this check does not know: leave it to the validator
  }
}

const nonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';

export function surelyValidFlow(definition: unknown): boolean {
  if (!isObject(definition)) return false;
  const { states, initial_state: initial, description, flags } = definition;
  if (states === undefined || initial === undefined) return false;
  if (description !== undefined && typeof description !== 'string') return false;
  if (!Array.isArray(states) || states.length < 1 || states.length > MAX_STATES) return false;
  if (!nonEmptyString(initial)) return false;
  if (flags !== undefined) {
    if (!isObject(flags)) return false;
    if (flags.allow_concurrent_calls !== undefined && typeof flags.allow_concurrent_calls !== 'boolean') return false;
  }
  for (const state of states) if (!surelyValidState(state)) return false;
  return true;
}

function surelyValidState(state: unknown): boolean {
  if (!isObject(state)) return false;
  const { name, type, transitions, properties } = state;
  if (!nonEmptyString(name) || !nonEmptyString(type)) return false;
  const widget = WIDGETS.get(type as string);
  if (!widget || !Array.isArray(transitions) || !isObject(properties)) return false;
  for (const transition of transitions) if (!surelyValidTransition(transition, widget.events)) return false;
  for (const [key, jsonType] of PROPERTY_TYPES.get(type as string)!) {
    const value = properties[key];
    if (value !== undefined && !hasType(value, jsonType)) return false;
  }
  return true;
}

function surelyValidTransition(transition: unknown, events: string[]): boolean {
  if (!isObject(transition)) return false;
  for (const key in transition) if (key !== 'event' && key !== 'next' && key !== 'conditions') return false;
  const { event, next, conditions } = transition;
  if (typeof event !== 'string' || !events.includes(event)) return false;
  if (next !== undefined && typeof next !== 'string') return false;
  if (conditions === undefined) return true;
  if (!Array.isArray(conditions)) return false;
  for (const condition of conditions) {
    if (!isObject(condition)) return false;
    const { arguments: args, type, value, friendly_name: friendlyName } = condition;
    if (!Array.isArray(args) || typeof type !== 'string' || typeof value !== 'string') return false;
    if (friendlyName !== undefined && typeof friendlyName !== 'string') return false;
    for (const arg of args) if (typeof arg !== 'string') return false;
  }
  return true;
}

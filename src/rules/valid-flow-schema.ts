import catalog from '../schema/catalog.json' with { type: 'json' };
import validateFlow, { type SchemaError } from '../schema/generated/validate-flow.js';
import { surelyValidFlow } from '../schema/quick-check.js';
import { parsePointer, type PointerSegment } from '../flow/locate.js';
import type { Location, Report, Rule, RuleContext } from './types.js';

const WIDGETS: Record<string, { events: string[]; properties: Record<string, string> }> = catalog.widgets;

export const validFlowSchema: Rule = {
  meta: {
    id: 'valid-flow-schema',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    reportsWarnings: 'an unknown widget type (a widget Studio may have added since the catalog was written)',
    description: 'The flow definition breaks the rules Twilio validates: property types, transition events and keys.',
    // {{field}} and {{where}} name the place in Studio's words: "send-to-flex `priority`", "widget 'menu'".
    messages: {
      wrongType: '{{field}} must be {{expected}}{{example}}{{inWidget}}',
      unknownEvent: "{{where}} has no transition event '{{event}}': its events are {{events}}",
      unknownTransitionKey: "a transition of {{where}} has an unknown key '{{key}}'{{hint}}: a transition takes event, next and conditions",
      missing: '{{what}} has no `{{missing}}`',
      empty: '{{field}} must not be empty',
      noStates: 'a flow needs at least one state (the Trigger)',
      tooManyStates: 'the flow has {{count}} widgets: Studio allows at most 2,000',
      other: '{{field}}: {{error}}',
      duplicateEvent: "{{type}} '{{name}}' has a second transition for event '{{event}}': each event takes one transition; remove one of them",
      unknownType: "unknown widget type '{{type}}': Studio may not accept it (known types: see studio-lint explain valid-flow-schema)",
    },
    docs: {
      what:
        'Checks the flow against a JSON Schema compiled ahead of time: the envelope (`states`, `initial_state`, `flags`), every state’s name, type, transitions and properties, the JSON type of the properties Twilio checks strictly (send-to-flex `priority`/`timeout` are strings, `stop_gather` a boolean, gather `timeout`/`loop` integers, …), the transition events each widget type has, and the keys a transition may have. An unknown widget type is reported as a warning.',
      why:
        'Studio’s REST API refuses a definition that breaks these rules, so a push or a Terraform apply fails, often far from the edit that caused it. A transition written with `name` where `next` was meant is accepted by nothing and leads nowhere: the branch silently ends.',
      example: {
        before: '{"name": "to_agent", "type": "send-to-flex", "properties": {"priority": 0}, "transitions": [{"name": "retry", "event": "failedToEnqueue"}]}',
        after: '{"name": "to_agent", "type": "send-to-flex", "properties": {"priority": "0"}, "transitions": [{"next": "retry", "event": "failedToEnqueue"}]}',
      },
    },
  },
  check(context) {
    const { flow } = context;
    const definition = flow.entry.definition;
    // The quick check passes most flows at a fraction of the validator's cost; the validator has the last word.
    if (!surelyValidFlow(definition) && !validateFlow(definition)) {
      for (const error of validateFlow.errors ?? []) {
        const described = describe(error, context);
        if (described) context.report(described);
      }
    }
    for (const widget of flow.widgets) {
      // Two transitions for one event: only one of them can be the branch taken, and which one is not
      // visible in the Studio canvas, which draws one edge per event. Except a split's `match`: Studio writes
      // one `match` transition per condition (studio-reference.md §1; every split of the public corpus).
      // (A widget has a handful of transitions: comparing pairs allocates nothing, for 75,000 widgets too.)
      const transitions = widget.transitions;
      for (let k = 1; k < transitions.length; k++) {
        const t = transitions[k]!;
        if (t.event === 'match' && widget.type === 'split-based-on') continue;
        let earlier = false;
        for (let j = 0; j < k && !earlier; j++) earlier = transitions[j]!.event === t.event;
        if (!t.event || !earlier) continue;
        context.report({
          at: { pointer: [...widget.pointer, 'transitions', t.index, 'event'] },
          widget,
          messageId: 'duplicateEvent',
          data: { type: widget.type || 'widget', name: widget.name, event: t.event },
        });
      }
      if (widget.type && !(widget.type in WIDGETS)) {
        context.report({
          at: { pointer: [...widget.pointer, 'type'] },
          widget,
          severity: 'warn',
          messageId: 'unknownType',
          data: { type: widget.type },
        });
      }
    }
  },
};

function describe(error: SchemaError, context: RuleContext): Pick<Report, 'at' | 'widget' | 'messageId' | 'data'> | undefined {
  // The discriminator fails for an unknown or missing widget type, which check() and `required` report.
  if (error.keyword === 'discriminator' || error.keyword === 'oneOf') return undefined;
  const base = context.flow.entry.base;
  const path = parsePointer(error.instancePath);
  const at: Location = { pointer: [...base, ...path] };
  const widget = path[0] === 'states' && typeof path[1] === 'number' ? context.flow.widgets.find((w) => w.index === path[1]) : undefined;
  const value = valueAt(context.flow.entry.definition, path);
  const last = path[path.length - 1];
  const where = widget ? `${widget.type || 'widget'} '${widget.name || `#${widget.index}`}'` : 'the flow';
  const field =
    path[2] === 'properties' && path.length === 4
      ? `${widget?.type ?? 'widget'} \`${String(last)}\``
      : path[2] === 'transitions' && path.length === 4
        ? `transition ${String(last)} of ${where}`
        : typeof last === 'number'
          ? `item ${last} of \`${path.filter((s) => typeof s === 'string').pop() ?? 'value'}\``
          : `\`${path.filter((s) => typeof s === 'string').pop() ?? 'value'}\``;

  switch (error.keyword) {
    case 'type': {
      const type = String(error.params.type);
      const inWidget = widget && path.length > 2 && !field.includes(where) ? ` (in ${where})` : '';
      return { at, widget, messageId: 'wrongType', data: { field, expected: `${article(type)} ${type}`, example: example(type, value), inWidget } };
    }
    case 'enum': {
      const events = (error.params.allowedValues as string[]).join(', ');
      return { at, widget, messageId: 'unknownEvent', data: { where, event: String(value), events } };
    }
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const hint = key === 'name' ? ' (did you mean "next"? As written, this branch leads nowhere)' : '';
      return { at: { pointer: [...at.pointer, key], key: true }, widget, messageId: 'unknownTransitionKey', data: { where, key, hint } };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const what = path.length === 0 ? 'the flow' : path[0] === 'states' && path.length === 2 ? where : `\`${String(last)}\` in ${where}`;
      return { at, widget, messageId: 'missing', data: { what, missing } };
    }
    case 'not':
      return { at, widget, messageId: 'empty', data: { field } };
    case 'minItems':
      return { at, messageId: 'noStates' };
    case 'maxItems':
      return { at, messageId: 'tooManyStates', data: { count: (value as unknown[]).length } };
    default:
      return { at, widget, messageId: 'other', data: { field, error: error.message ?? error.keyword } };
  }
}

function valueAt(root: unknown, path: PointerSegment[]): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

/** "such as "0"": the value as it should be written. */
function example(type: string, value: unknown): string {
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return ` such as ${JSON.stringify(String(value))}`;
  if (type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return ` such as ${Number(value)}`;
  if (type === 'boolean' && (value === 'true' || value === 'false')) return ` such as ${value}`;
  return '';
}

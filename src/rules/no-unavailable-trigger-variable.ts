import { canRewrite, isChatBoilerplate, messageVariableReferences } from '../migration/scope.js';
import { formatPath, messageVariableFate } from '../migration/trigger-variables.js';
import { planRename, toTextEdits } from '../fixers/rename-variable.js';
import type { Rule } from './types.js';

export const noUnavailableTriggerVariable: Rule = {
  meta: {
    id: 'no-unavailable-trigger-variable',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    description: 'A trigger.message variable that Flex Conversations does not provide (To, geo fields, media, WebhookSid, …).',
    fixableWithOptions: 'unsafe',
    schema: {
      type: 'object',
      properties: {
        // Also the config's top-level variableMap (every rule sees it), which this option overrides.
        variableMap: {
          type: 'object',
          description:
            'A team’s own replacement for trigger.message variables that have none, applied as an unsafe fix: { "trigger.message.To": "flow.variables.twilio_number" }.',
          propertyNames: { pattern: '^trigger\\.message\\.[A-Za-z_][\\w.]*$' },
          additionalProperties: { type: 'string', pattern: '^[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)*$' },
        },
      },
    },
    messages: { unavailable: "'{{variable}}'{{via}} is not available under Flex Conversations{{note}}" },
    docs: {
      what:
        'Reports `trigger.message.X` variables that have no Incoming Conversation counterpart: the Twilio number (`To`), the SMS geo fields, `NumMedia`, `MediaUrl{N}`, `WebhookSid` and anything else outside the replacement table, also when read through an alias (`{% assign m = trigger.message %}{{ m.To }}`). `From` has a replacement (no-message-trigger-variable, unsafe). Nothing is suggested for `To`: `flow.channel.address` is the conversation SID under Conversations, not the Twilio number (techmatters/flex-plugins pass it as conversationSid).',
      why:
        'Twilio’s migration guide: Twilio Number (`{{trigger.message.To}}`) and From Number (`{{trigger.message.From}}`) were available in Programmable Chat but are no longer available with Conversations. Left in place they render empty.',
      example: {
        before: '"body": "You texted {{trigger.message.To}}"',
        after: '"body": "You texted {{flow.variables.twilio_number}}"  (a value your flow sets itself)',
      },
      fixSafety:
        'Never fixed automatically: there is no datum to read instead. A team that knows its mapping can set `variableMap` in the config (for example `"trigger.message.To": "flow.variables.twilio_number"`), which turns it into an unsafe fix.',
    },
  },
  check(context) {
    const variableMap = (context.options.variableMap ?? {}) as Record<string, string>;
    for (const read of messageVariableReferences(context.flow)) {
      const fate = messageVariableFate(read.ref.segments);
      if (fate.kind !== 'unavailable' || isChatBoilerplate(read.template)) continue;
      const { ref, template } = read;
      const name = formatPath(ref.segments.slice(0, 3));
      const via = ref.alias ? ` (through '${ref.alias.name}')` : '';
      const mapped = variableMap[name];
      // A team's own mapping, as an unsafe fix: not through an alias (its other uses would move too), and not
      // where Incoming Message still reaches the widget while it stays wired.
      const plan = mapped && !ref.alias && canRewrite(read.context) ? planRename(read, { consumes: 3, replacement: mapped.split('.') }) : undefined;
      context.report({
        at: { pointer: template.pointer, slice: [ref.start, ref.end] },
        widget: template.widget,
        messageId: 'unavailable',
        data: { variable: name, via, note: fate.note ? ` (${fate.note})` : '' },
        fix:
          plan && typeof plan !== 'string'
            ? { safety: 'unsafe', description: `use ${mapped} (variableMap)`, edits: () => toTextEdits(context.locator, read, plan) }
            : undefined,
      });
    }
  },
};

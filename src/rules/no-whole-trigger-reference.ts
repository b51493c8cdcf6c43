import { isWholeTriggerRead, readContext } from '../migration/scope.js';
import { formatPath } from '../migration/trigger-variables.js';
import type { Rule } from './types.js';

export const noWholeTriggerReference: Rule = {
  meta: {
    id: 'no-whole-trigger-reference',
    type: 'suggestion',
    category: 'migration',
    defaultSeverity: 'warn',
    description: '`trigger` or `trigger.message` used as a whole object, handing its shape to other code.',
    messages: {
      chatShape:
        "'{{path}}'{{via}} is used as a whole object{{how}}: the code that reads it depends on the Programmable Chat message shape, which Flex Conversations replaces with trigger.conversation",
      empty: "'{{path}}'{{via}} is used as a whole object{{how}}, and is empty under Flex Conversations: pass trigger.conversation and update the code that reads it",
    },
    docs: {
      what:
        'Reports `trigger` or `trigger.message` used whole, for example `{{trigger.message | to_json}}` sent to a Function, read through an alias (`{% assign m = trigger.message %}{{ m | to_json }}`), or indexed with a computed key. `trigger` whole only where an Incoming Message execution can reach (in a flow on Incoming Conversation it is the Conversations shape the receiver reads, migration-semantics §4); `trigger.message` whole also where Incoming Conversation starts the execution, since it is empty there.',
      why:
        'The code that receives the object depends on the Programmable Chat message’s field names. Under Flex Conversations the data arrives as `trigger.conversation` with other fields, so the Function or webhook must change together with the flow; the linter cannot see that code.',
      example: {
        before: '{"key": "event", "value": "{{trigger.message | to_json}}"}',
        after: '{"key": "event", "value": "{{trigger.conversation | to_json}}"}  (and update the Function that reads it)',
      },
    },
  },
  check(context) {
    for (const { template, ref } of context.flow.references) {
      const whole = isWholeTriggerRead(ref);
      if (!whole) continue;
      const wholeTrigger = whole === 'trigger';
      const where = readContext(context.flow, template.widget);
      const chatReaches = where === 'migrates' || where === 'shared';
      // `trigger` whole is a problem only where an Incoming Message execution hands the Chat shape on
      // (migration-semantics §4): in a flow on Incoming Conversation it *is* the Conversations shape. `trigger.message`
      // whole is empty wherever Incoming Conversation starts the execution.
      if (wholeTrigger ? !chatReaches : where === 'other' || where === 'chat-branch') continue;
      const path = formatPath(ref.segments.slice(0, ref.segments[2] === null ? 3 : 2));
      const via = ref.alias ? ` (through '${ref.alias.name}')` : '';
      const how = ref.filters.length ? ` with '| ${ref.filters.join(' | ')}'` : '';
      context.report({
        at: { pointer: template.pointer, slice: [ref.start, ref.end] },
        widget: template.widget,
        messageId: chatReaches ? 'chatShape' : 'empty',
        data: { path, via, how },
      });
    }
  },
};

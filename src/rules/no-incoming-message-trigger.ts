import { moveTriggerWiringEdits } from '../fixers/trigger.js';
import type { Rule } from './types.js';

export const noIncomingMessageTrigger: Rule = {
  meta: {
    id: 'no-incoming-message-trigger',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The Trigger routes Incoming Message, which Flex Conversations addresses never fire.',
    fixable: 'safe',
    docs: {
      what:
        'Reports a Trigger whose `incomingMessage` transition leads to a widget. The fix moves that wiring to `incomingConversationMessage` (Incoming Conversation), creating the transition in older exports that lack it, and leaves Incoming Message unwired.',
      why:
        'Under Flex Conversations a message reaches Studio through a Conversations address, which starts the flow from Incoming Conversation. A flow wired only from Incoming Message never runs for those messages (Twilio’s migration guide, "Migrate Studio flows").',
      example: {
        before: '"transitions": [{"next": "greeting", "event": "incomingMessage"}, {"event": "incomingConversationMessage"}]',
        after: '"transitions": [{"event": "incomingMessage"}, {"next": "greeting", "event": "incomingConversationMessage"}]',
      },
      fixSafety:
        'Safe: the same widgets run, now for executions started by a Conversations address. Messages sent to a number still wired to the flow by its SMS webhook (not a Conversations address) stop starting it, which is the point of the migration. When Incoming Conversation is already wired to another widget there is no fix: two paths must be merged by a person.',
    },
  },
  check(context) {
    const { flow } = context;
    const trigger = flow.trigger;
    const from = flow.triggerTransition('incomingMessage');
    if (!trigger || !from?.next) return;
    const to = flow.triggerTransition('incomingConversationMessage');
    const at = { pointer: [...trigger.pointer, 'transitions', from.index] };
    if (to?.next && to.next !== from.next) {
      context.report({
        at,
        widget: trigger,
        message: `the Trigger routes Incoming Message to '${from.next}' and Incoming Conversation to '${to.next}': a person must merge the two paths, then unwire Incoming Message`,
      });
      return;
    }
    context.report({
      at,
      widget: trigger,
      message: `the Trigger routes Incoming Message to '${from.next}': Flex Conversations starts flows from Incoming Conversation (incomingConversationMessage)`,
      fix: {
        safety: 'safe',
        description: 'wire Incoming Conversation instead of Incoming Message',
        edits: () => moveTriggerWiringEdits(context.locator, trigger, from, to),
      },
    });
  },
};

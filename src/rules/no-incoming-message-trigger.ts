import { moveTriggerWiringEdits } from '../fixers/trigger.js';
import { triggerMoveBlocker } from '../migration/trigger-move.js';
import type { Rule } from './types.js';

export const noIncomingMessageTrigger: Rule = {
  meta: {
    id: 'no-incoming-message-trigger',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    description: 'The Trigger routes Incoming Message, which Flex Conversations addresses never fire.',
    fixable: 'safe-and-unsafe',
    messages: {
      move: "the Trigger routes Incoming Message to '{{from}}': Flex Conversations starts flows from Incoming Conversation (incomingConversationMessage)",
      moveUnsafe:
        "the Trigger routes Incoming Message to '{{from}}': Flex Conversations starts flows from Incoming Conversation (incomingConversationMessage); the move is an unsafe fix here: {{reason}}",
      merge: "the Trigger routes Incoming Message to '{{from}}' and {{other}} to '{{to}}': a person must merge the two paths, then unwire Incoming Message",
      dual:
        "the Trigger routes both Incoming Message and Incoming Conversation to '{{from}}': unwire Incoming Message once no legacy Chat address starts this flow (an unsafe fix: until then Chat contacts would go unanswered)",
    },
    docs: {
      what:
        'Reports a Trigger whose `incomingMessage` transition leads to a widget, in a flow the migration concerns (see Scope: a plain SMS flow on a number’s webhook is not reported). The fix moves that wiring to `incomingConversationMessage` (Incoming Conversation), creating the transition in older exports that lack it, and leaves Incoming Message unwired. Every wired `incomingMessage` transition is reported; a second one to the same widget is unwired too.',
      why:
        'Under Flex Conversations a message reaches Studio through a Conversations address, which starts the flow from Incoming Conversation. A flow wired only from Incoming Message never runs for those messages (Twilio’s migration guide, "Migrate Studio flows").',
      example: {
        before: '"transitions": [{"next": "greeting", "event": "incomingMessage"}, {"event": "incomingConversationMessage"}]',
        after: '"transitions": [{"event": "incomingMessage"}, {"next": "greeting", "event": "incomingConversationMessage"}]',
      },
      fixSafety:
        'Safe only when every widget the move hands to Incoming Conversation renders the same there for the same contact on every channel, once `--fix` has renamed its reads: each `trigger.message` read it reaches has a safe rename (ChannelSid, Body, …), and none reads To, From, Chat channel attributes or other values that differ or are gone, nor `flow.channel.address` as data (the Twilio number under Programmable Chat, the conversation SID under Conversations). Then the same widgets run with the same values (the seed guide, "Migrate Studio flows"). Otherwise the move is unsafe (`--fix --unsafe-fixes`), and so is every rename that only makes sense with it, so `--fix` never leaves a flow half-moved: the message says which widget stops it. A flow that already routes Incoming Conversation to the same widget serves both platforms on purpose (its reads are often guarded with `{% if trigger.conversation %}`): unwiring Incoming Message there changes nothing for Conversations and stops the flow for every Chat contact still on a legacy address, so that fix is always unsafe. A widget that passes the whole trigger object on (`{{trigger | to_json}}` to a Function) also makes it unsafe: the receiving code gets the Conversations shape and must change with it. Flows that only a number’s messaging webhook starts are out of scope and never moved. When Incoming Conversation is already wired to another widget there is no fix: two paths must be merged by a person.',
    },
  },
  check(context) {
    const { flow } = context;
    const trigger = flow.trigger;
    if (!trigger) return;
    // Every wired incomingMessage transition (a hand-edited file may hold two): the first is moved, a later
    // one that leads to the same widget is unwired, one that leads elsewhere is a second path for a person.
    const wired = trigger.transitions.filter((t) => t.event === 'incomingMessage' && t.next !== undefined);
    const to = flow.triggerTransition('incomingConversationMessage');
    // The move is safe only when every widget it hands to Incoming Conversation renders the same there once
    // --fix has renamed its reads (src/migration/trigger-move.ts).
    const blocker = triggerMoveBlocker(flow);
    const safety = blocker ? 'unsafe' : 'safe';
    wired.forEach((from, i) => {
      const at = { pointer: [...trigger.pointer, 'transitions', from.index] };
      const target = i === 0 ? to : { ...wired[0]!, event: 'incomingConversationMessage' };
      if (i === 0 && target?.next === from.next) {
        // Both events already lead here: the flow serves Chat and Conversations at once, by design (a newcomer audit
        // found --fix unwiring such a flow, guards and all). Unwiring is the team's cutover decision, never safe.
        context.report({
          at,
          widget: trigger,
          messageId: 'dual',
          data: { from: String(from.next) },
          fix: { safety: 'unsafe', description: 'unwire Incoming Message', edits: () => moveTriggerWiringEdits(context.locator, trigger, from, target) },
        });
        return;
      }
      if (target?.next && target.next !== from.next) {
        context.report({
          at,
          widget: trigger,
          messageId: 'merge',
          data: { from: String(from.next), other: i === 0 ? 'Incoming Conversation' : 'Incoming Message again', to: target.next },
        });
        return;
      }
      context.report({
        at,
        widget: trigger,
        messageId: blocker ? 'moveUnsafe' : 'move',
        data: blocker ? { from: String(from.next), reason: blocker.reason } : { from: String(from.next) },
        fix: {
          safety,
          description: 'wire Incoming Conversation instead of Incoming Message',
          edits: () => moveTriggerWiringEdits(context.locator, trigger, from, target),
        },
      });
    });
  },
};

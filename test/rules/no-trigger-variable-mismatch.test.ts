import { flow, ruleTester, studioText, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

// reports a trigger variable that none of the events reaching the widget sets
ruleTester('no-trigger-variable-mismatch', {
  valid: [
    studioText(flow({ incomingCall: 'a' }, send('a', undefined, '{{trigger.call.From}}'))),
    // Issue 24: an intentional dual-mode guard, in a flow still on Incoming Message, and in one on Incoming Conversation.
    studioText(flow({ incomingMessage: 'a' }, send('a', undefined, '{% if trigger.conversation %}{{trigger.conversation.AccountSid}}{% else %}{{trigger.message.AccountSid}}{% endif %}'))),
    studioText(flow({ incomingConversationMessage: 'a' }, send('a', undefined, '{% if trigger.message %}{{trigger.message.Body}}{% else %}{{trigger.conversation.Body}}{% endif %}'))),
    // Studio's chat boilerplate in a voice flow's SMS widget.
    studioText(flow({ incomingCall: 'a' }, widget('a', 'send-message', {}, { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'x' }))),
    // trigger.message where Incoming Conversation reaches is the migration rules' finding.
    studioText(flow({ incomingConversationMessage: 'a' }, send('a', undefined, '{{trigger.message.Body}}'))),
    studioText(flow({ incomingCall: 'a', incomingConversationMessage: 'a' }, send('a', undefined, '{{trigger.call.From}} {{trigger.conversation.Body}}'))),
  ],
  invalid: [
    {
      // Only a presence test and its own branch are a guard: a read in the branch that runs when the object is unset is not.
      code: studioText(flow({ incomingMessage: 'a' }, send('a', undefined, '{% if trigger.conversation %}x{% else %}{{trigger.conversation.Body}}{% endif %}'))),
      errors: [{ text: 'trigger.conversation.Body', messageId: 'mismatch' }],
    },
    {
      code: studioText(flow({ incomingMessage: 'a' }, send('a', undefined, '{{trigger.call.From}} {{trigger.conversation.Body}}'))),
      errors: [
        { text: 'trigger.call.From', message: "trigger.call.From is read in 'a', which only incomingMessage reaches: trigger.call is set by incomingCall and is empty here" },
        { text: 'trigger.conversation.Body' },
      ],
    },
    { code: studioText(flow({ incomingCall: 'a' }, send('a', undefined, 'You said {{trigger.message.Body}}'))), errors: [{ text: 'trigger.message.Body', message: /only incomingCall reaches/ }] },
  ],
});

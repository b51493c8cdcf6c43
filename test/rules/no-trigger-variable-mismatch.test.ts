import { flow, ruleTester, studioText, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

// reports a trigger variable that none of the events reaching the widget sets
ruleTester('no-trigger-variable-mismatch', {
  valid: [
    studioText(flow({ incomingCall: 'a' }, send('a', undefined, '{{trigger.call.From}}'))),
    // Studio's chat boilerplate in a voice flow's SMS widget.
    studioText(flow({ incomingCall: 'a' }, widget('a', 'send-message', {}, { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'x' }))),
    // trigger.message where Incoming Conversation reaches is the migration rules' finding.
    studioText(flow({ incomingConversationMessage: 'a' }, send('a', undefined, '{{trigger.message.Body}}'))),
    studioText(flow({ incomingCall: 'a', incomingConversationMessage: 'a' }, send('a', undefined, '{{trigger.call.From}} {{trigger.conversation.Body}}'))),
  ],
  invalid: [
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

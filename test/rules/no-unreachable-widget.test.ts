import { flow, ruleTester, studioText, widget } from '../helpers.js';

const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

// reports widgets no wired Trigger event reaches
ruleTester('no-unreachable-widget', {
  valid: [studioText(flow({ incomingConversationMessage: 'a', incomingCall: 'b' }, send('a'), send('b')))],
  invalid: [
    {
      code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('orphan', 'tail'), send('tail'))),
      errors: [
        { text: '"orphan"', message: "widget 'orphan' never runs: no wired Trigger event reaches it (no transition leads to it)" },
        { text: '"tail"', occurrence: 2, message: /only unreachable widgets lead to it/ },
      ],
    },
    {
      // The same findings by message id and data.
      code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('orphan', 'tail'), send('tail'))),
      errors: [
        { text: '"orphan"', messageId: 'unreachable', data: { name: 'orphan', how: 'no transition leads to it' } },
        { text: '"tail"', occurrence: 2, messageId: 'unreachable' },
      ],
    },
  ],
});

import { flow, ruleTester, studioText, widget } from '../helpers.js';

const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

ruleTester('no-duplicate-widget-name', {
  valid: [{ name: 'distinct names', code: studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'b'), send('b'))) }],
  invalid: [
    {
      name: 'reports the second widget of a name',
      code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('a', undefined, 'x'))),
      errors: [{ text: '"a"', occurrence: 3, message: /already used by state #1/ }],
    },
    {
      name: 'by message id and data',
      code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('a', undefined, 'x'))),
      errors: [{ text: '"a"', occurrence: 3, messageId: 'duplicate', data: { name: 'a', earlier: 1 } }],
    },
  ],
});

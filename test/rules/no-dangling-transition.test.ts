import { flow, ruleTester, studioText, widget } from '../helpers.js';

const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

ruleTester('no-dangling-transition', {
  valid: [{ name: 'every next names a widget', code: studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'b'), send('b'))) }],
  invalid: [
    {
      name: 'reports a next that names no widget, with the closest name',
      code: studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'send_to_agnet'), send('send_to_agent'))),
      errors: [{ text: '"send_to_agnet"', message: "the 'sent' transition of 'a' leads to 'send_to_agnet', which is not a widget in this flow (did you mean 'send_to_agent'?)" }],
    },
  ],
});

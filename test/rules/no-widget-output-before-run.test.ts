import { flow, ruleTester, studioText, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

const ask = (next?: string) => widget('ask', 'send-and-wait-for-reply', { incomingMessage: next }, { body: 'name?' });

// reports a read of widgets.X where no path runs X first
ruleTester('no-widget-output-before-run', {
  valid: [studioText(flow({ incomingConversationMessage: 'ask' }, ask('greet'), send('greet', undefined, 'Hi {{widgets.ask.inbound.Body}}')))],
  invalid: [
    {
      code: studioText(flow({ incomingConversationMessage: 'greet' }, send('greet', 'ask', 'Hi {{widgets.ask.inbound.Body}}'), ask())),
      errors: [{ text: 'widgets.ask.inbound.Body', message: "'greet' reads widgets.ask, but no path runs 'ask' before 'greet': the value is empty here" }],
    },
  ],
});

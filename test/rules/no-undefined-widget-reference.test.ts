import { flow, ruleTester, studioText, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

// reports widgets.X when no widget is named X, at the name
ruleTester('no-undefined-widget-reference', {
  valid: [studioText(flow({ incomingConversationMessage: 'ask' }, widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'b' }, { body: 'name?' }), send('b', undefined, '{{widgets.ask.inbound.Body}} {{widgets.${tf}.x}}')))],
  invalid: [
    {
      code: studioText(flow({ incomingConversationMessage: 'ask' }, widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'b' }, { body: 'name?' }), send('b', undefined, "Hi {{widgets.Ask.inbound.Body}} {{ widgets['gone'].x }}"))),
      errors: [
        { text: 'Ask', within: 'widgets.Ask', message: "widgets.Ask: no widget in this flow is named 'Ask' (did you mean 'ask'?)" },
        { text: "['gone']", message: "widgets.gone: no widget in this flow is named 'gone'" },
      ],
    },
  ],
});

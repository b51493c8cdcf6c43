import { describe, it } from 'vitest';
import { flow, studioText, testRule, widget } from '../helpers.js';

const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

describe('no-dangling-transition', () => {
  it('reports a next that names no widget, with the closest name', () => {
    testRule('no-dangling-transition', {
      valid: [studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'b'), send('b')))],
      invalid: [
        {
          code: studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'send_to_agnet'), send('send_to_agent'))),
          errors: [{ text: '"send_to_agnet"', message: "the 'sent' transition of 'a' leads to 'send_to_agnet', which is not a widget in this flow (did you mean 'send_to_agent'?)" }],
        },
      ],
    });
  });
});

describe('no-unreachable-widget', () => {
  it('reports widgets no wired Trigger event reaches', () => {
    testRule('no-unreachable-widget', {
      valid: [studioText(flow({ incomingConversationMessage: 'a', incomingCall: 'b' }, send('a'), send('b')))],
      invalid: [
        {
          code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('orphan', 'tail'), send('tail'))),
          errors: [
            { text: '"orphan"', message: "widget 'orphan' never runs: no wired Trigger event reaches it (no transition leads to it)" },
            { text: '"tail"', occurrence: 2, message: /only unreachable widgets lead to it/ },
          ],
        },
      ],
    });
  });
});

describe('no-duplicate-widget-name', () => {
  it('reports the second widget of a name', () => {
    testRule('no-duplicate-widget-name', {
      valid: [studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'b'), send('b')))],
      invalid: [{ code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('a', undefined, 'x'))), errors: [{ text: '"a"', occurrence: 3, message: /already used by state #1/ }] }],
    });
  });
});

describe('no-undefined-widget-reference', () => {
  it('reports widgets.X when no widget is named X, at the name', () => {
    testRule('no-undefined-widget-reference', {
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
  });
});

describe('no-widget-output-before-run', () => {
  it('reports a read of widgets.X where no path runs X first', () => {
    const ask = (next?: string) => widget('ask', 'send-and-wait-for-reply', { incomingMessage: next }, { body: 'name?' });
    testRule('no-widget-output-before-run', {
      valid: [studioText(flow({ incomingConversationMessage: 'ask' }, ask('greet'), send('greet', undefined, 'Hi {{widgets.ask.inbound.Body}}')))],
      invalid: [
        {
          code: studioText(flow({ incomingConversationMessage: 'greet' }, send('greet', 'ask', 'Hi {{widgets.ask.inbound.Body}}'), ask())),
          errors: [{ text: 'widgets.ask.inbound.Body', message: "'greet' reads widgets.ask, but no path runs 'ask' before 'greet': the value is empty here" }],
        },
      ],
    });
  });
});

describe('no-trigger-variable-mismatch', () => {
  it('reports a trigger variable that none of the events reaching the widget sets', () => {
    testRule('no-trigger-variable-mismatch', {
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
  });
});

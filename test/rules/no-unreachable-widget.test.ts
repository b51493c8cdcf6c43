import { describe, it } from 'vitest';
import { flow, studioText, testRule, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

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

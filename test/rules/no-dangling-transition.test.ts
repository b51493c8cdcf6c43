import { describe, it } from 'vitest';
import { expectMetaAgrees, flow, studioText, testRule, widget } from '../helpers.js';
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

describe('no-dangling-transition meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-dangling-transition'));
});

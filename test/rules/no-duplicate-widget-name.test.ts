import { describe, it } from 'vitest';
import { expectMetaAgrees, flow, studioText, testRule, widget } from '../helpers.js';
const send = (name: string, next?: string, body = 'hi') => widget(name, 'send-message', { sent: next }, { body });

describe('no-duplicate-widget-name', () => {
  it('reports the second widget of a name', () => {
    testRule('no-duplicate-widget-name', {
      valid: [studioText(flow({ incomingConversationMessage: 'a' }, send('a', 'b'), send('b')))],
      invalid: [{ code: studioText(flow({ incomingConversationMessage: 'a' }, send('a'), send('a', undefined, 'x'))), errors: [{ text: '"a"', occurrence: 3, message: /already used by state #1/ }] }],
    });
  });
});

describe('no-duplicate-widget-name meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-duplicate-widget-name'));
});

import { describe, it } from 'vitest';
import { conversationFlowWith, expectMetaAgrees, testRule } from '../helpers.js';

describe('no-autopilot-widget', () => {
  it('reports the send-to-auto-pilot type', () => {
    testRule('no-autopilot-widget', {
      valid: [conversationFlowWith('send-message', { body: 'hi' })],
      invalid: [{ code: conversationFlowWith('send-to-auto-pilot', { autopilot_assistant_sid: 'UA1' }), errors: [{ text: '"send-to-auto-pilot"', message: /Autopilot, which has been retired/ }] }],
    });
  });
});

describe('no-autopilot-widget meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-autopilot-widget'));
});

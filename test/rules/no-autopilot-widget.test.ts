import { describe, it } from 'vitest';
import { conversationFlowWith, testRule } from '../helpers.js';

describe('no-autopilot-widget', () => {
  it('reports the send-to-auto-pilot type', () => {
    testRule('no-autopilot-widget', {
      valid: [conversationFlowWith('send-message', { body: 'hi' })],
      invalid: [{ code: conversationFlowWith('send-to-auto-pilot', { autopilot_assistant_sid: 'UA1' }), errors: [{ text: '"send-to-auto-pilot"', message: /Autopilot, which has been retired/ }] }],
    });
  });
});

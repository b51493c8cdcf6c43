import { conversationFlowWith, ruleTester } from '../helpers.js';

ruleTester('no-autopilot-widget', {
  valid: [{ name: 'a send-message widget', code: conversationFlowWith('send-message', { body: 'hi' }) }],
  invalid: [
    {
      name: 'reports the send-to-auto-pilot type',
      code: conversationFlowWith('send-to-auto-pilot', { autopilot_assistant_sid: 'UA1' }),
      errors: [{ text: '"send-to-auto-pilot"', message: /Autopilot, which has been retired/, messageId: 'autopilot', data: { name: 'w' } }],
    },
  ],
});

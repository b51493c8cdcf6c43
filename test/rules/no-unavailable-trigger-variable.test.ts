import { conversationFlowWith, ruleTester } from '../helpers.js';

const body = (text: string) => conversationFlowWith('send-message', { body: text });
const variableMap = { 'trigger.message.To': 'flow.variables.twilioNumber' };

ruleTester('no-unavailable-trigger-variable', {
  valid: [
    {
      // From has a replacement now (no-message-trigger-variable, unsafe).
      name: 'variables with a replacement, and Conversations variables',
      code: body('{{trigger.message.Body}} {{trigger.message.From}} {{contact.channel.address}} {{trigger.conversation.Author}}'),
    },
  ],
  invalid: [
    {
      name: 'To and the fields with no replacement; nothing suggested for To',
      code: body('{{trigger.message.To}} {{trigger.message.FromCity}} {{trigger.message.MediaUrl0}} {{trigger.message.WebhookSid}}'),
      errors: [
        // flow.channel.address is the conversation SID under Conversations, not the Twilio number: not suggested.
        {
          text: 'trigger.message.To',
          messageId: 'unavailable',
          data: { variable: 'trigger.message.To', via: '', note: ' (the Twilio number is not part of the Incoming Conversation trigger)' },
          message: "'trigger.message.To' is not available under Flex Conversations (the Twilio number is not part of the Incoming Conversation trigger)",
          suggestions: [],
        },
        { text: 'trigger.message.FromCity', messageId: 'unavailable', data: { variable: 'trigger.message.FromCity', via: '', note: '' }, message: "'trigger.message.FromCity' is not available under Flex Conversations" },
        { text: 'trigger.message.MediaUrl0', messageId: 'unavailable' },
        { text: 'trigger.message.WebhookSid', messageId: 'unavailable' },
      ],
    },
    {
      name: 'through an alias',
      code: body('{% assign m = trigger.message %}{{ m.To }}'),
      errors: [{ text: 'm.To', messageId: 'unavailable', data: { variable: 'trigger.message.To', via: " (through 'm')", note: ' (the Twilio number is not part of the Incoming Conversation trigger)' } }],
    },
    {
      name: 'a team’s variableMap, applied as an unsafe fix only',
      code: body('To {{trigger.message.To}}'),
      options: { variableMap },
      errors: [{ text: 'trigger.message.To', messageId: 'unavailable' }],
      output: body('To {{trigger.message.To}}'),
      unsafeOutput: body('To {{flow.variables.twilioNumber}}'),
    },
    {
      name: 'no variableMap fix through an alias: its other uses would move too',
      code: body('{% assign m = trigger.message %}{{ m.To }}'),
      options: { variableMap },
      errors: [{ text: 'm.To', messageId: 'unavailable' }],
      unsafeOutput: body('{% assign m = trigger.message %}{{ m.To }}'),
    },
  ],
});

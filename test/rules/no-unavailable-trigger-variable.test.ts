import { describe, expect, it } from 'vitest';
import { conversationFlowWith, expectMetaAgrees, fixRule, lintRule, testRule } from '../helpers.js';

const RULE = 'no-unavailable-trigger-variable';
const body = (text: string) => conversationFlowWith('send-message', { body: text });

describe(RULE, () => {
  it('reports To and the fields with no replacement, and suggests nothing for To', () => {
    testRule(RULE, {
      // From has a replacement now (no-message-trigger-variable, unsafe).
      valid: [body('{{trigger.message.Body}} {{trigger.message.From}} {{contact.channel.address}} {{trigger.conversation.Author}}')],
      invalid: [
        {
          code: body('{{trigger.message.To}} {{trigger.message.FromCity}} {{trigger.message.MediaUrl0}} {{trigger.message.WebhookSid}}'),
          errors: [
            // flow.channel.address is the conversation SID under Conversations, not the Twilio number: not suggested.
            { text: 'trigger.message.To', message: "'trigger.message.To' is not available under Flex Conversations (the Twilio number is not part of the Incoming Conversation trigger)" },
            { text: 'trigger.message.FromCity', message: "'trigger.message.FromCity' is not available under Flex Conversations" },
            { text: 'trigger.message.MediaUrl0' },
            { text: 'trigger.message.WebhookSid' },
          ],
        },
      ],
    });
    expect(lintRule(RULE, body('{{trigger.message.To}}'))[0]!.suggestions).toBeUndefined();
  });

  it('follows aliases', () => {
    const code = body('{% assign m = trigger.message %}{{ m.To }}');
    testRule(RULE, { valid: [], invalid: [{ code, errors: [{ text: 'm.To', message: /^'trigger\.message\.To' \(through 'm'\)/ }] }] });
  });

  it('applies a team’s variableMap as an unsafe fix', () => {
    const code = body('To {{trigger.message.To}}');
    const options = { variableMap: { 'trigger.message.To': 'flow.variables.twilioNumber' } };
    expect(fixRule(RULE, code, { options })).toBe(code);
    expect(fixRule(RULE, code, { options, unsafe: true })).toBe(body('To {{flow.variables.twilioNumber}}'));
    testRule(RULE, { valid: [], invalid: [{ code, options, errors: [{ text: 'trigger.message.To' }], unsafeOutput: body('To {{flow.variables.twilioNumber}}') }] });
  });
});

describe('no-unavailable-trigger-variable meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-unavailable-trigger-variable'));
});

import { describe, expect, it } from 'vitest';
import { conversationFlowWith, fixRule, lintRule, testRule } from '../helpers.js';

const RULE = 'no-unavailable-trigger-variable';
const body = (text: string) => conversationFlowWith('send-message', { body: text });

describe(RULE, () => {
  it('reports To, From and the fields with no replacement, with what to use instead', () => {
    testRule(RULE, {
      valid: [body('{{trigger.message.Body}} {{contact.channel.address}} {{trigger.conversation.Author}}')],
      invalid: [
        {
          code: body('{{trigger.message.To}} {{trigger.message.From}} {{trigger.message.FromCity}} {{trigger.message.MediaUrl0}}'),
          errors: [
            { text: 'trigger.message.To', message: "'trigger.message.To' is not available under Flex Conversations; consider 'flow.channel.address'" },
            { text: 'trigger.message.From', message: /consider 'trigger\.conversation\.Author' or 'contact\.channel\.address'/ },
            { text: 'trigger.message.FromCity', message: "'trigger.message.FromCity' is not available under Flex Conversations" },
            { text: 'trigger.message.MediaUrl0' },
          ],
        },
      ],
    });
  });

  it('follows aliases', () => {
    const code = body('{% assign m = trigger.message %}{{ m.From }}');
    testRule(RULE, { valid: [], invalid: [{ code, errors: [{ text: 'm.From', message: /^'trigger\.message\.From' \(through 'm'\)/ }] }] });
  });

  it('offers suggestions with edits, and never applies them, even with --unsafe-fixes', () => {
    const code = body('From {{trigger.message.From}}');
    const [m] = lintRule(RULE, code);
    expect(m!.fix).toBeUndefined();
    expect(m!.suggestions!.map((s) => s.desc)).toEqual(['use trigger.conversation.Author', 'use contact.channel.address']);
    const { range, text } = m!.suggestions![1]!.fix!;
    expect(code.slice(0, range[0]) + text + code.slice(range[1])).toBe(body('From {{contact.channel.address}}'));
    expect(fixRule(RULE, code, { unsafe: true })).toBe(code);
  });

  it('applies a team’s variableMap as an unsafe fix', () => {
    const code = body('From {{trigger.message.From}}');
    const options = { variableMap: { 'trigger.message.From': 'trigger.conversation.Author' } };
    expect(fixRule(RULE, code, { options })).toBe(code);
    expect(fixRule(RULE, code, { options, unsafe: true })).toBe(body('From {{trigger.conversation.Author}}'));
  });
});

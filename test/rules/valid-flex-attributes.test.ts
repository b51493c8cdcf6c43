import { describe, expect, it } from 'vitest';
import { maskPlaceholders } from '../../src/liquid/mask.js';
import { conversationFlowWith, ruleTester } from '../helpers.js';

const flex = (attributes: string) => conversationFlowWith('send-to-flex', { attributes, workflow: 'WW1', channel: 'TC1' });
const long = `{"x": "${'y'.repeat(1100)}"}`;

// JSON objects once Liquid is rendered, quoted or not, and Terraform placeholders, are accepted; the finding
// points at the character where the JSON breaks.
ruleTester('valid-flex-attributes', {
  valid: [
    { name: 'Liquid inside and outside strings', code: flex('{"name": "{{trigger.conversation.ChannelAttributes.from}}", "memory": {{widgets.bot.memory | to_json}}}') },
    { name: 'a Terraform placeholder inside a string', code: flex('{"helpline": "${vars["helpline"]}"}') },
    { name: 'a Terraform placeholder for the whole value', code: flex('${channel_attributes.default}') },
    { name: 'a tag outside strings (no verdict)', code: flex('{"a": 1{% if x %}, "b": 2{% endif %}}') },
  ],
  invalid: [
    {
      name: 'a trailing comma, at the comma',
      code: flex('{"name": "{{trigger.conversation.Author}}", }'),
      errors: [
        {
          text: ',',
          within: '", }"',
          messageId: 'invalidJson',
          data: { error: "trailing comma before '}'" },
          message: "send-to-flex attributes are not valid JSON once rendered: trailing comma before '}'",
        },
      ],
    },
    {
      name: 'JSON that is not an object',
      code: flex('["a"]'),
      errors: [{ text: '"[\\"a\\"]"', messageId: 'notObject', message: 'send-to-flex attributes must be a JSON object ({…})' }],
    },
    {
      name: 'longer than 1,024 characters',
      code: flex(long),
      errors: [{ text: JSON.stringify(long), messageId: 'tooLong', data: { length: 1109, max: 1024 }, message: 'send-to-flex attributes are 1109 characters long: Studio allows at most 1024' }],
    },
  ],
});

describe('the Liquid masker valid-flex-attributes uses', () => {
  it('masks Liquid with same-length stand-ins', () => {
    const template = '{"a": "{{x}}", "b": {{y | to_json}}}';
    const { text } = maskPlaceholders(template, 'liquid');
    expect(text).toHaveLength(template.length);
    expect(JSON.parse(text)).toEqual({ a: 'xxxxx', b: 0 });
  });
});

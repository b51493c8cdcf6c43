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
    {
      name: 'outputs outside quotes that render JSON whatever the value',
      code: flex('{"a": {{x | json}}, "b": {{- widgets.w.list | size -}}, "c": {{ 3 }}, "d": {{true}}, "e": {{x | default: "y|z" | to_json}}}'),
    },
    // JSON text a widget or a variable built: it may be the object itself.
    { name: 'one output alone', code: flex('{{flow.variables.attributes}}') },
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
      // The audit's case: Webchat's pre-engagement question, a text, rendered bare.
      name: 'a text output outside quotes, at the output, with two suggestions',
      code: flex('{"channelSid": "{{trigger.conversation.ChannelSid}}", "question": {{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}}'),
      errors: [
        {
          text: '{{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}',
          messageId: 'unquotedOutput',
          data: { output: '{{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}' },
          message:
            "'{{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}' stands outside quotes in send-to-flex attributes: what it renders goes in as it is, JSON only when that is a number, true, false or JSON text (a name or a question is not, and an absent value renders nothing): add '| to_json', or quote it",
          suggestions: [
            {
              desc: "add '| to_json': the value rendered as JSON (a text quoted and escaped, null when absent)",
              output: flex('{"channelSid": "{{trigger.conversation.ChannelSid}}", "question": {{trigger.conversation.ChannelAttributes.pre_engagement_data.question | to_json}}}'),
            },
            {
              desc: 'quote it: the value as a JSON string (broken by a value that holds a quote)',
              output: flex('{"channelSid": "{{trigger.conversation.ChannelSid}}", "question": "{{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}"}'),
            },
          ],
        },
      ],
    },
    {
      // A filter that keeps text; whitespace control stays in place.
      name: 'a text filter, and whitespace control',
      code: flex('{"a": {{- x | downcase -}}, "b": {{ y }}}'),
      errors: [
        {
          text: '{{- x | downcase -}}',
          messageId: 'unquotedOutput',
          suggestions: [
            { desc: "add '| to_json': the value rendered as JSON (a text quoted and escaped, null when absent)", output: flex('{"a": {{- x | downcase | to_json -}}, "b": {{ y }}}') },
            { desc: 'quote it: the value as a JSON string (broken by a value that holds a quote)', output: flex('{"a": "{{- x | downcase -}}", "b": {{ y }}}') },
          ],
        },
        {
          text: '{{ y }}',
          messageId: 'unquotedOutput',
          suggestions: [
            { desc: "add '| to_json': the value rendered as JSON (a text quoted and escaped, null when absent)", output: flex('{"a": {{- x | downcase -}}, "b": {{ y | to_json }}}') },
            { desc: 'quote it: the value as a JSON string (broken by a value that holds a quote)', output: flex('{"a": {{- x | downcase -}}, "b": "{{ y }}"}') },
          ],
        },
      ],
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

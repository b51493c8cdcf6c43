import { describe, expect, it } from 'vitest';
import { maskLiquid } from '../../src/liquid/mask.js';
import { conversationFlowWith, expectMetaAgrees, lintRule, testRule } from '../helpers.js';

describe('valid-flex-attributes', () => {
  const flex = (attributes: string) => conversationFlowWith('send-to-flex', { attributes, workflow: 'WW1', channel: 'TC1' });
  it('accepts JSON objects once Liquid is rendered, quoted or not, and Terraform placeholders', () => {
    for (const attributes of [
      '{"name": "{{trigger.conversation.ChannelAttributes.from}}", "memory": {{widgets.bot.memory | to_json}}}',
      '{"helpline": "${vars["helpline"]}"}',
      '${channel_attributes.default}',
      '{"a": 1{% if x %}, "b": 2{% endif %}}',
    ]) {
      expect(lintRule('valid-flex-attributes', flex(attributes)), attributes).toEqual([]);
    }
  });

  it('reports the character where the JSON breaks, a non-object, and over-long attributes', () => {
    testRule('valid-flex-attributes', {
      valid: [],
      invalid: [
        {
          code: flex('{"name": "{{trigger.conversation.Author}}", }'),
          errors: [{ text: '}', within: ', }"', message: "send-to-flex attributes are not valid JSON once rendered: trailing comma before '}'" }],
        },
        { code: flex('["a"]'), errors: [{ text: '"[\\"a\\"]"', message: 'send-to-flex attributes must be a JSON object ({…})' }] },
      ],
    });
    const long = `{"x": "${'y'.repeat(1100)}"}`;
    expect(lintRule('valid-flex-attributes', flex(long)).map((m) => m.message)).toEqual(['send-to-flex attributes are 1109 characters long: Studio allows at most 1024']);
  });

  it('masks Liquid with same-length stand-ins', () => {
    const template = '{"a": "{{x}}", "b": {{y | to_json}}}';
    const { text } = maskLiquid(template);
    expect(text).toHaveLength(template.length);
    expect(JSON.parse(text)).toEqual({ a: 'xxxxx', b: 0 });
  });
});

describe('valid-flex-attributes meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('valid-flex-attributes'));
});

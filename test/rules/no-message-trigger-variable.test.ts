import { describe, expect, it } from 'vitest';
import { conversationFlowWith, fixRule, flow, lintRule, studioText, testRule, widget } from '../helpers.js';

const RULE = 'no-message-trigger-variable';
const body = (text: string) => conversationFlowWith('send-message', { body: text });

describe(RULE, () => {
  it('rewrites each variable of the replacement table', () => {
    const cases: [string, string][] = [
      ['trigger.message.ChannelSid', 'trigger.conversation.ConversationSid'],
      ['trigger.message.InstanceSid', 'trigger.conversation.InstanceSid'],
      ['trigger.message.Body', 'trigger.conversation.Body'],
      ['trigger.message.MessageSid', 'trigger.conversation.MessageSid'],
      ['trigger.message.AccountSid', 'trigger.conversation.AccountSid'],
      ['trigger.message.DateCreated', 'trigger.conversation.DateCreated'],
      ['trigger.message.MessagingServiceSid', 'trigger.conversation.MessagingServiceSid'],
      ['trigger.message.ChannelAttributes.pre_engagement_data.email', 'trigger.conversation.ChannelAttributes.pre_engagement_data.email'],
    ];
    for (const [from, to] of cases) {
      const code = body(`Ref: {{${from}}}`);
      testRule(RULE, {
        valid: [body(`Ref: {{${to}}}`)],
        invalid: [{ code, errors: [{ text: from, message: `'${from}' is not set under Flex Conversations: use '${to}'` }], output: body(`Ref: {{${to}}}`) }],
      });
    }
  });

  it('keeps spacing and filters, and turns bracket paths into dot paths', () => {
    const code = body("{{ trigger.message['ChannelSid'] | upcase }}");
    testRule(RULE, {
      valid: [],
      invalid: [{ code, errors: [{ text: "trigger.message['ChannelSid']" }], output: body('{{ trigger.conversation.ConversationSid | upcase }}') }],
    });
  });

  it('points inside a JSON string that holds JSON with escaped quotes', () => {
    const attributes = '{"name": "{{trigger.message.ChannelAttributes.from}}", "channelSid": "{{trigger.message.ChannelSid}}"}';
    const code = conversationFlowWith('send-to-flex', { attributes });
    const fixed = conversationFlowWith('send-to-flex', {
      attributes: '{"name": "{{trigger.conversation.ChannelAttributes.from}}", "channelSid": "{{trigger.conversation.ConversationSid}}"}',
    });
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: 'trigger.message.ChannelAttributes.from' }, { text: 'trigger.message.ChannelSid' }],
          output: fixed,
        },
      ],
    });
  });

  it('finds variables in tags, filter arguments, nested properties and split conditions', () => {
    const code = studioText(
      flow(
        { incomingConversationMessage: 'split' },
        {
          name: 'split',
          type: 'split-based-on',
          transitions: [
            { next: 'fn', event: 'noMatch' },
            { next: 'fn', event: 'match', conditions: [{ friendly_name: 'x', arguments: ['{{trigger.message.Body}}'], type: 'equal_to', value: '{{trigger.message.AccountSid}}' }] },
          ],
          properties: { input: '{% if trigger.message.Body contains "hi" %}yes{% endif %}', offset: { x: 0, y: 0 } },
        },
        widget('fn', 'run-function', { success: undefined }, { parameters: [{ key: 'c', value: "{{ 'x' | append: trigger.message.MessageSid }}" }] }),
      ),
    );
    const found = lintRule(RULE, code).map((m) => m.message.split("'")[1]);
    expect(found).toEqual(['trigger.message.Body', 'trigger.message.AccountSid', 'trigger.message.Body', 'trigger.message.MessageSid']);
  });

  it('reports once at an assign whose source holds the rename, and fixes the source', () => {
    const code = body('{% assign form = trigger.message.ChannelAttributes.pre_engagement_data %}{{ form.email }}');
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: 'trigger.message.ChannelAttributes.pre_engagement_data' }],
          output: body('{% assign form = trigger.conversation.ChannelAttributes.pre_engagement_data %}{{ form.email }}'),
        },
      ],
    });
  });

  it('rewrites the alias source and the read when the rename reaches past the alias', () => {
    const code = body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.Body }}');
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: 'm.ChannelSid', message: /through 'm'/ }, { text: 'm.Body' }],
          output: body('{% assign m = trigger.conversation %}{{ m.ConversationSid }} {{ m.Body }}'),
        },
      ],
    });
  });

  it('does not fix through an alias that is also read for a variable with no replacement', () => {
    const code = body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.From }}');
    testRule(RULE, { valid: [], invalid: [{ code, errors: [{ text: 'm.ChannelSid', message: /not fixed automatically: alias 'm' is also read as trigger\.message\.From/ }] }] });
  });

  it('grades channel_type and undocumented variables as unsafe', () => {
    const code = body('{{trigger.message.ChannelAttributes.channel_type}} {{trigger.message.Attributes}}');
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: 'trigger.message.ChannelAttributes.channel_type', message: /Source \| downcase' \(values differ/ }, { text: 'trigger.message.Attributes' }],
          output: code,
          unsafeOutput: body('{{trigger.conversation.Source | downcase}} {{trigger.conversation.Attributes}}'),
        },
      ],
    });
    expect(lintRule(RULE, code).map((m) => m.fixSafety)).toEqual(['unsafe', 'unsafe']);
  });

  it('does not add a filter where Liquid cannot take one (inside a condition)', () => {
    const code = body("{% if trigger.message.ChannelAttributes.channel_type == 'sms' %}x{% endif %}");
    testRule(RULE, { valid: [], invalid: [{ code, errors: [{ text: 'trigger.message.ChannelAttributes.channel_type', message: /not fixed automatically/ }], unsafeOutput: code }] });
  });

  it('ignores Studio boilerplate in widgets that only voice, REST or subflow executions reach', () => {
    const props = { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'hours' };
    for (const event of ['incomingCall', 'incomingRequest', 'incomingParent']) {
      expect(lintRule(RULE, studioText(flow({ [event]: 'sms' }, widget('sms', 'send-message', {}, props))))).toEqual([]);
    }
    // Reached by nothing: still reported, nobody can tell which trigger will run it.
    expect(lintRule(RULE, studioText(flow({}, widget('sms', 'send-message', {}, props))))).toHaveLength(2);
  });

  it('finds the variable in a file with CRLF line endings and a BOM, at the right column', () => {
    const code = '\uFEFF' + body('Hi {{trigger.message.Body}}').replace(/\n/g, '\r\n');
    const [m] = lintRule(RULE, code);
    const line = code.slice(1).split('\r\n').findIndex((l) => l.includes('trigger.message.Body')) + 1;
    expect(m).toMatchObject({ line, column: code.slice(1).split('\r\n')[line - 1]!.indexOf('trigger.message.Body') + 1 });
    // The fix loop works on the text without its BOM; the writer puts the BOM back.
    expect(fixRule(RULE, code)).toBe(code.slice(1).replace('trigger.message.Body', 'trigger.conversation.Body'));
  });
});

import { describe, expect, it } from 'vitest';
import { conversationFlowWith, expectMetaAgrees, fixRule, flow, lintRule, studioText, testRule, widget } from '../helpers.js';

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

  it('points inside a JSON string that holds JSON with escaped quotes; ChannelAttributes other than pre_engagement_data is unsafe', () => {
    const attributes = '{"name": "{{trigger.message.ChannelAttributes.from}}", "channelSid": "{{trigger.message.ChannelSid}}"}';
    const code = conversationFlowWith('send-to-flex', { attributes });
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [
            { text: 'trigger.message.ChannelAttributes.from', message: /empty for SMS and WhatsApp/ },
            { text: 'trigger.message.ChannelSid' },
          ],
          // `from` is empty for SMS and WhatsApp conversations (migration-semantics §2): only --unsafe-fixes moves it.
          output: conversationFlowWith('send-to-flex', {
            attributes: '{"name": "{{trigger.message.ChannelAttributes.from}}", "channelSid": "{{trigger.conversation.ConversationSid}}"}',
          }),
          unsafeOutput: conversationFlowWith('send-to-flex', {
            attributes: '{"name": "{{trigger.conversation.ChannelAttributes.from}}", "channelSid": "{{trigger.conversation.ConversationSid}}"}',
          }),
        },
      ],
    });
  });

  it('moves From to trigger.conversation.From as an unsafe fix only (the guide calls it unavailable)', () => {
    const code = body('From {{trigger.message.From}}');
    testRule(RULE, {
      valid: [],
      invalid: [{ code, errors: [{ text: 'trigger.message.From', message: /use 'trigger\.conversation\.From'/ }], output: code, unsafeOutput: body('From {{trigger.conversation.From}}') }],
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
    const code = body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.To }}');
    testRule(RULE, { valid: [], invalid: [{ code, errors: [{ text: 'm.ChannelSid', message: /not fixed automatically: alias 'm' is also read as trigger\.message\.To/ }] }] });
  });

  it('moves channel_type to the team’s own attribute with Source as the fallback, unsafe, keeping filters and never doubling one', () => {
    const guarded = (filters: string) =>
      `{% if trigger.conversation.ChannelAttributes.channel_type %}{{ trigger.conversation.ChannelAttributes.channel_type${filters} }}{% else %}{{ trigger.conversation.Source${filters || ' | downcase'} }}{% endif %}`;
    const code = body('{{ trigger.message.ChannelAttributes.channel_type }} {{ trigger.message.ChannelAttributes.channel_type | downcase }} {{trigger.message.Attributes}}');
    testRule(RULE, {
      valid: [],
      invalid: [
        {
          code,
          errors: [
            { text: 'trigger.message.ChannelAttributes.channel_type', message: /falling back on 'trigger\.conversation\.Source \| downcase'/ },
            { text: 'trigger.message.ChannelAttributes.channel_type', occurrence: 2 },
            { text: 'trigger.message.Attributes' },
          ],
          output: code,
          unsafeOutput: body(`${guarded('')} ${guarded(' | downcase')} {{trigger.conversation.Attributes}}`),
        },
      ],
    });
    expect(lintRule(RULE, code).map((m) => m.fixSafety)).toEqual(['unsafe', 'unsafe', 'unsafe']);
  });

  it('rewrites a trigger.message path inside a tag condition in the condition, and keeps a guard the team wrote', () => {
    const code = body(
      "{% if trigger.message.ChannelAttributes.channel_type == 'web' %}w{% endif %}" +
        '{% if trigger.message.ChannelAttributes.channel_type %}{{trigger.message.ChannelAttributes.channel_type}}{% else %}{{trigger.message.Source | downcase}}{% endif %}',
    );
    const fixed = body(
      "{% if trigger.conversation.ChannelAttributes.channel_type == 'web' %}w{% endif %}" +
        '{% if trigger.conversation.ChannelAttributes.channel_type %}{{trigger.conversation.ChannelAttributes.channel_type}}{% else %}{{trigger.conversation.Source | downcase}}{% endif %}',
    );
    expect(lintRule(RULE, code)).toHaveLength(4);
    expect(fixRule(RULE, code, { unsafe: true })).toBe(fixed);
  });

  it('leaves dual-mode guards alone: the trigger.message branch is for Incoming Message executions', () => {
    testRule(RULE, {
      valid: [
        body('{% if trigger.conversation %}{{trigger.conversation.AccountSid}}{% else %}{{trigger.message.AccountSid}}{% endif %}'),
        body('{% if trigger.message %}{{trigger.message.Body}}{% else %}{{trigger.conversation.Body}}{% endif %}'),
      ],
      invalid: [],
    });
  });

  it('in a flow wired both ways: leaves the Chat branch alone, and reports shared widgets without a fix', () => {
    const code = studioText(
      flow(
        { incomingMessage: 'chat_only', incomingConversationMessage: 'conv_only' },
        widget('chat_only', 'send-message', { sent: 'shared' }, { body: '{{trigger.message.Body}}' }),
        widget('conv_only', 'send-message', { sent: 'shared' }, { body: '{{trigger.conversation.Body}}' }),
        widget('shared', 'send-message', {}, { body: 'Got {{trigger.message.MessageSid}}' }),
      ),
    );
    testRule(RULE, {
      valid: [],
      invalid: [{ code, errors: [{ text: 'trigger.message.MessageSid', message: /Incoming Message also reaches 'shared' while it stays wired/ }] }],
    });
  });

  it('renames Studio’s service/channel pre-fill with the rest in a flow it migrates (a warning), and leaves it alone in a Conversations flow', () => {
    const props = { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'hours' };
    const chat = studioText(flow({ incomingMessage: 'to_agent' }, widget('to_agent', 'send-to-flex', {}, { channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }), widget('sms', 'send-message', {}, props)));
    const messages = lintRule(RULE, chat);
    expect(messages.map((m) => [m.severity, m.fixSafety])).toEqual([
      [2, 'safe'],
      [1, 'safe'],
      [1, 'safe'],
    ]);
    expect(messages[1]!.message).toMatch(/pre-fill, harmless/);
    expect(fixRule(RULE, chat)).toContain('"service": "{{trigger.conversation.InstanceSid}}"');
    // Already on Incoming Conversation: the pre-fill works as it is (flex-project-template's park-interaction flow).
    expect(lintRule(RULE, studioText(flow({ incomingConversationMessage: 'sms' }, widget('sms', 'send-message', {}, props))))).toEqual([]);
  });

  it('ignores Studio boilerplate in widgets that only voice, REST or subflow executions reach', () => {
    const props = { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'hours' };
    for (const event of ['incomingCall', 'incomingRequest', 'incomingParent']) {
      expect(lintRule(RULE, studioText(flow({ [event]: 'sms' }, widget('sms', 'send-message', {}, props))))).toEqual([]);
    }
  });

  it('finds the variable in a file with CRLF line endings and a BOM, at the right column', () => {
    const code = '\uFEFF' + body('Hi {{trigger.message.Body}}').replace(/\n/g, '\r\n');
    const [m] = lintRule(RULE, code);
    const line = code.slice(1).split('\r\n').findIndex((l) => l.includes('trigger.message.Body')) + 1;
    expect(m).toMatchObject({ line, column: code.slice(1).split('\r\n')[line - 1]!.indexOf('trigger.message.Body') + 1 });
    // The fix loop works on the text without its BOM; the writer puts the BOM back.
    expect(fixRule(RULE, code)).toBe(code.slice(1).replace('trigger.message.Body', 'trigger.conversation.Body'));
  });

  it('rewrites reads that move with the Trigger only together with the move: unsafe where the move is', () => {
    const code = studioText(
      flow(
        { incomingMessage: 'notify' },
        widget('notify', 'run-function', { success: 'to_agent' }, { parameters: [{ key: 'event', value: '{{trigger | to_json}}' }] }),
        widget('to_agent', 'send-to-flex', {}, { attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }),
      ),
    );
    expect(lintRule(RULE, code).map((m) => m.fixSafety)).toEqual(['unsafe']);
    expect(fixRule(RULE, code)).toBe(code);
  });
});

describe('no-message-trigger-variable meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-message-trigger-variable'));
});

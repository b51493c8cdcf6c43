import { describe, expect, it } from 'vitest';
import { conversationFlowWith, expectMetaAgrees, fixRule, flow, lintRule, studioText, testRule, widget } from '../helpers.js';

const RULE = 'no-legacy-channel-type';
const split = (input: string, type: string, value: string) =>
  studioText(
    flow(
      { incomingConversationMessage: 'split' },
      {
        name: 'split',
        type: 'split-based-on',
        transitions: [{ event: 'noMatch' }, { next: 'x', event: 'match', conditions: [{ friendly_name: 'c', arguments: [input], type, value }] }],
        properties: { input, offset: { x: 0, y: 0 } },
      },
      widget('x', 'send-message', {}, { body: 'x' }),
    ),
  );

describe(RULE, () => {
  it('reports split conditions comparing Source with web or facebook, says what Source gives, and never rewrites the value', () => {
    const source = '{{trigger.conversation.Source | downcase}}';
    const own = '{{trigger.conversation.ChannelAttributes.channel_type}}';
    testRule(RULE, {
      valid: [
        split(source, 'equal_to', 'sms'),
        split('{{widgets.menu.inbound.Body}}', 'equal_to', 'web'),
        // The team's own attribute: people kept comparing it with web and facebook (techmatters/flex-plugins).
        split(own, 'equal_to', 'web'),
        split('{{trigger.message.ChannelAttributes.channel_type}}', 'matches_any_of', 'facebook,web'),
      ],
      invalid: [
        { code: split(source, 'equal_to', 'web'), errors: [{ text: 'web', within: '"value": "web', message: /never a Conversations Source: webchat conversations have Source 'API' or 'SDK'/ }] },
        { code: split(source, 'matches_any_of', 'sms, facebook'), errors: [{ text: 'facebook' }] },
      ],
    });
    const code = split(source, 'equal_to', 'web');
    expect(fixRule(RULE, code, { unsafe: true })).toBe(code);
    expect(lintRule(RULE, code)[0]!.fix).toBeUndefined();
  });

  it('reports Liquid comparisons and case/when on Source, not on the team’s attribute', () => {
    const body = (t: string) => conversationFlowWith('send-message', { body: t });
    testRule(RULE, {
      valid: [
        body("{% if trigger.conversation.Source == 'SMS' %}x{% endif %}"),
        body("{% if widgets.a.b == 'web' %}x{% endif %}"),
        body("{% if trigger.conversation.ChannelAttributes.channel_type == 'facebook' %}x{% endif %}"),
      ],
      invalid: [
        { code: body("{% assign s = trigger.conversation.Source | downcase %}{% if trigger.conversation.Source == 'web' %}x{% endif %}"), errors: [{ text: 'web', within: "== 'web'" }] },
        { code: body("{% case trigger.conversation.Source %}{% when 'facebook' %}w{% endcase %}"), errors: [{ text: 'facebook' }] },
      ],
    });
  });
});

describe('no-legacy-channel-type meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-legacy-channel-type'));
});

import { describe, it } from 'vitest';
import { conversationFlowWith, flow, studioText, testRule, widget } from '../helpers.js';

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
  it('reports split conditions comparing a channel type with facebook or web; the unsafe fix renames the value', () => {
    const input = '{{trigger.message.ChannelAttributes.channel_type}}';
    testRule(RULE, {
      valid: [
        split(input, 'equal_to', 'sms'),
        split('{{widgets.menu.inbound.Body}}', 'equal_to', 'web'),
        split(input, 'equal_to', 'chat'),
        // The list already names the new value: the old one is harmless.
        split(input, 'matches_any_of', 'facebook,messenger,web,chat'),
      ],
      invalid: [
        { code: split(input, 'equal_to', 'web'), errors: [{ text: 'web', within: '"value": "web', message: "channel type 'web' is 'chat' under Flex Conversations: this comparison will not match" }], unsafeOutput: split(input, 'equal_to', 'chat') },
        { code: split(input, 'matches_any_of', 'sms, facebook'), errors: [{ text: 'facebook' }], unsafeOutput: split(input, 'matches_any_of', 'sms, messenger') },
      ],
    });
  });

  it('reports Liquid comparisons and case/when on a channel type', () => {
    const body = (t: string) => conversationFlowWith('send-message', { body: t });
    testRule(RULE, {
      valid: [body("{% if trigger.conversation.Source == 'SMS' %}x{% endif %}"), body("{% if widgets.a.b == 'web' %}x{% endif %}")],
      invalid: [
        {
          code: body("{% if trigger.message.ChannelAttributes.channel_type == 'facebook' %}x{% endif %}"),
          errors: [{ text: 'facebook' }],
          unsafeOutput: body("{% if trigger.message.ChannelAttributes.channel_type == 'messenger' %}x{% endif %}"),
        },
        {
          code: body("{% case flow.variables.channelType %}{% when 'web' %}w{% endcase %}"),
          errors: [{ text: 'web', occurrence: 1 }],
        },
      ],
    });
  });
});

import { conversationFlowWith, flow, ruleTester, studioText, widget } from '../helpers.js';

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
const source = '{{trigger.conversation.Source | downcase}}';
const own = '{{trigger.conversation.ChannelAttributes.channel_type}}';
const body = (t: string) => conversationFlowWith('send-message', { body: t });

// Split conditions and Liquid comparisons of Source with web or facebook: says what Source gives, and never
// rewrites the value.
ruleTester('no-legacy-channel-type', {
  valid: [
    { name: 'a split comparing Source with sms', code: split(source, 'equal_to', 'sms') },
    { name: 'a split comparing another value with web', code: split('{{widgets.menu.inbound.Body}}', 'equal_to', 'web') },
    // The team's own attribute: people kept comparing it with web and facebook (techmatters/flex-plugins).
    { name: 'a split on the team’s own channel_type attribute', code: split(own, 'equal_to', 'web') },
    { name: 'a split on the Chat-era channel_type attribute', code: split('{{trigger.message.ChannelAttributes.channel_type}}', 'matches_any_of', 'facebook,web') },
    { name: 'Liquid comparing Source with SMS', code: body("{% if trigger.conversation.Source == 'SMS' %}x{% endif %}") },
    { name: 'Liquid comparing another value with web', code: body("{% if widgets.a.b == 'web' %}x{% endif %}") },
    { name: 'Liquid on the team’s attribute', code: body("{% if trigger.conversation.ChannelAttributes.channel_type == 'facebook' %}x{% endif %}") },
    // A literal is compared with web and facebook, never looked up: 'constructor' is no channel type.
    { name: 'Liquid comparing Source with a word that is an Object member', code: body("{% if trigger.conversation.Source == 'constructor' %}x{% endif %}") },
  ],
  invalid: [
    {
      name: 'a split comparing Source with web: no fix, not even unsafe',
      code: split(source, 'equal_to', 'web'),
      errors: [
        {
          text: 'web',
          within: '"value": "web',
          messageId: 'web',
          data: { word: 'web' },
          message: "'web' is a Programmable Chat channel type, never a Conversations Source: webchat conversations have Source 'API' or 'SDK' ('api'/'sdk' after | downcase); this comparison will not match",
        },
      ],
      unsafeOutput: split(source, 'equal_to', 'web'),
    },
    {
      name: 'an item of a matches_any_of list',
      code: split(source, 'matches_any_of', 'sms, facebook'),
      errors: [
        {
          text: 'facebook',
          messageId: 'facebook',
          data: { word: 'facebook' },
          message:
            "'facebook' is a Programmable Chat channel type, never a Conversations Source: Messenger conversations do not have Source facebook; check the value your account shows; this comparison will not match",
        },
      ],
    },
    {
      name: 'a Liquid comparison on Source (an assign of Source alone is no comparison)',
      code: body("{% assign s = trigger.conversation.Source | downcase %}{% if trigger.conversation.Source == 'web' %}x{% endif %}"),
      errors: [{ text: 'web', within: "== 'web'", messageId: 'web', data: { word: 'web' } }],
    },
    {
      name: 'case/when on Source',
      code: body("{% case trigger.conversation.Source %}{% when 'facebook' %}w{% endcase %}"),
      errors: [{ text: 'facebook', messageId: 'facebook', data: { word: 'facebook' } }],
    },
    {
      name: 'the word as written, in any case',
      code: split(source, 'equal_to', 'Web'),
      errors: [{ text: 'Web', within: '"value": "Web', messageId: 'web', data: { word: 'Web' } }],
    },
  ],
});

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
/** A Set Variables widget that keeps `value` as flow.variables.ch, and a split on it that compares with `word`. */
const withVariable = (value: string, word: string) =>
  studioText(
    flow(
      { incomingConversationMessage: 'set_channel' },
      widget('set_channel', 'set-variables', { next: 'split' }, { variables: [{ key: 'ch', value }] }),
      {
        name: 'split',
        type: 'split-based-on',
        transitions: [{ event: 'noMatch' }, { next: 'x', event: 'match', conditions: [{ friendly_name: 'c', arguments: ['{{flow.variables.ch}}'], type: 'equal_to', value: word }] }],
        properties: { input: '{{flow.variables.ch}}', offset: { x: 0, y: 0 } },
      },
      widget('x', 'send-message', {}, { body: 'x' }),
    ),
  );
const guarded = '{% if trigger.conversation.ChannelAttributes.channel_type %}{{trigger.conversation.ChannelAttributes.channel_type}}{% else %}{{trigger.conversation.Source | downcase}}{% endif %}';

// Split conditions and Liquid comparisons of Source with web or facebook: says what Source gives, and never
// rewrites the value.
ruleTester('no-legacy-channel-type', {
  valid: [
    { name: 'a split comparing Source with sms', code: split(source, 'equal_to', 'sms') },
    { name: 'a split comparing another value with web', code: split('{{widgets.menu.inbound.Body}}', 'equal_to', 'web') },
    { name: 'a split on the Chat-era channel_type attribute', code: split('{{trigger.message.ChannelAttributes.channel_type}}', 'matches_any_of', 'facebook,web') },
    { name: 'Liquid comparing Source with SMS', code: body("{% if trigger.conversation.Source == 'SMS' %}x{% endif %}") },
    { name: 'Liquid comparing another value with web', code: body("{% if widgets.a.b == 'web' %}x{% endif %}") },
    { name: 'the team’s attribute compared with messenger', code: body("{% if trigger.conversation.ChannelAttributes.channel_type == 'messenger' %}x{% endif %}") },
    // 'chat' was never a Flex Flow channel type the team's attribute held.
    { name: 'the team’s attribute compared with chat', code: split(own, 'equal_to', 'chat') },
    { name: 'a flow variable that holds something else', code: withVariable('{{widgets.menu.inbound.Body}}', 'web') },
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
          data: { word: 'web', via: '' },
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
          data: { word: 'facebook', via: '' },
          message:
            "'facebook' is a Programmable Chat channel type, never a Conversations Source: Messenger conversations do not have Source facebook; check the value your account shows; this comparison will not match",
        },
      ],
    },
    {
      name: 'a Liquid comparison on Source (an assign of Source alone is no comparison)',
      code: body("{% assign s = trigger.conversation.Source | downcase %}{% if trigger.conversation.Source == 'web' %}x{% endif %}"),
      errors: [{ text: 'web', within: "== 'web'", messageId: 'web', data: { word: 'web', via: '' } }],
    },
    {
      name: 'case/when on Source',
      code: body("{% case trigger.conversation.Source %}{% when 'facebook' %}w{% endcase %}"),
      errors: [{ text: 'facebook', messageId: 'facebook', data: { word: 'facebook', via: '' } }],
    },
    {
      name: 'the word as written, in any case',
      code: split(source, 'equal_to', 'Web'),
      errors: [{ text: 'Web', within: '"value": "Web', messageId: 'web', data: { word: 'Web', via: '' } }],
    },
    {
      name: 'Source compared with chat',
      code: body("{% if trigger.conversation.Source == 'chat' %}x{% endif %}"),
      errors: [{ text: 'chat', messageId: 'web', data: { word: 'chat', via: '' } }],
    },
    {
      // Issue 24: what --fix --unsafe-fixes writes for a Chat-era split on channel_type; Messenger falls to the default branch.
      name: 'the team’s own channel_type attribute, as the fix writes it (guarded by Source), compared with facebook',
      code: split(guarded, 'equal_to', 'facebook'),
      errors: [
        {
          text: 'facebook',
          within: '"value": "facebook',
          messageId: 'guardedFacebook',
          data: { word: 'facebook', via: '' },
          message:
            "'facebook' is Programmable Chat's channel type for Messenger; under Flex Conversations the conversation's channel_type attribute is set only where your code writes it, and Messenger's channel type is 'messenger' (the migration guide): compare with 'messenger', or keep 'facebook' if your code writes channel_type 'facebook' (then accept this finding in the baseline)",
        },
      ],
      unsafeOutput: split(guarded, 'equal_to', 'facebook'),
    },
    {
      // The attribute read alone has no Source to fall back on: the advice is to compare Source, not 'sdk' with it.
      name: 'the team’s own attribute compared with web, in Liquid, without a fallback',
      code: body("{% if trigger.conversation.ChannelAttributes.channel_type == 'web' %}x{% endif %}"),
      errors: [
        {
          text: 'web',
          within: "== 'web'",
          messageId: 'attributeWeb',
          data: { word: 'web', via: '' },
          message:
            "'web' is Programmable Chat's channel type for webchat; under Flex Conversations the conversation's channel_type attribute is set only where your code writes it, and read here without a fallback it is empty on a webchat conversation nothing writes it on, so this comparison will not match: to tell webchat apart, compare trigger.conversation.Source with 'SDK' and 'API' (a webchat conversation's Source), or keep 'web' if your code writes channel_type 'web' (then accept this finding in the baseline)",
        },
      ],
    },
    {
      name: 'the guarded attribute the fix writes compared with web: Source is its fallback',
      code: split(guarded, 'equal_to', 'web'),
      errors: [
        {
          text: 'web',
          within: '"value": "web',
          messageId: 'guardedWeb',
          data: { word: 'web', via: '' },
          message:
            "'web' is Programmable Chat's channel type for webchat; under Flex Conversations the conversation's channel_type attribute is set only where your code writes it, and the Source it falls back on is 'api' or 'sdk' for webchat: compare with 'sdk' and 'api', or keep 'web' if your code writes channel_type 'web' (then accept this finding in the baseline)",
        },
      ],
    },
    {
      name: 'a matches_any_of list on the team’s attribute',
      code: split(own, 'matches_any_of', 'facebook,web'),
      errors: [
        {
          text: 'facebook',
          within: '"value": "facebook',
          messageId: 'attributeFacebook',
          data: { word: 'facebook', via: '' },
          message: /read here without a fallback it is empty on a Messenger conversation nothing writes it on, so this comparison will not match: to tell Messenger apart, compare trigger\.conversation\.Source /,
        },
        { text: 'web', within: ',web"', messageId: 'attributeWeb', data: { word: 'web', via: '' } },
      ],
    },
    {
      name: 'through a flow variable a Set Variables widget fills with the channel type',
      code: withVariable(guarded, 'facebook'),
      errors: [{ text: 'facebook', within: '"value": "facebook', messageId: 'guardedFacebook', data: { word: 'facebook', via: " (through flow.variables.ch, set in 'set_channel')" } }],
    },
    {
      name: 'through a flow variable filled from Source',
      code: withVariable(source, 'web'),
      errors: [{ text: 'web', within: '"value": "web', messageId: 'web', data: { word: 'web', via: " (through flow.variables.ch, set in 'set_channel')" } }],
    },
  ],
});

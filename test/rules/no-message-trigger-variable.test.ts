import { conversationFlowWith, flow, ruleTester, studioText, widget, type InvalidCase } from '../helpers.js';

const body = (text: string) => conversationFlowWith('send-message', { body: text });
const nulPath = body("{{trigger.message['ChannelSid\u0000x']}} {{trigger.message.ChannelSid.x}}");
/** The data of a plain rename's message: no alias, fallback, note or reason it is not fixed. */
const renamed = (variable: string, replacement: string, extra: Record<string, string> = {}) => ({
  variable,
  via: '',
  replacement,
  fallback: '',
  note: '',
  notFixed: '',
  shared: '',
  ...extra,
});

const TABLE: [from: string, to: string][] = [
  ['trigger.message.ChannelSid', 'trigger.conversation.ConversationSid'],
  ['trigger.message.InstanceSid', 'trigger.conversation.InstanceSid'],
  ['trigger.message.Body', 'trigger.conversation.Body'],
  ['trigger.message.MessageSid', 'trigger.conversation.MessageSid'],
  ['trigger.message.AccountSid', 'trigger.conversation.AccountSid'],
  ['trigger.message.DateCreated', 'trigger.conversation.DateCreated'],
  ['trigger.message.ChannelAttributes.pre_engagement_data.email', 'trigger.conversation.ChannelAttributes.pre_engagement_data.email'],
];

const guarded = (filters: string) =>
  `{% if trigger.conversation.ChannelAttributes.channel_type %}{{ trigger.conversation.ChannelAttributes.channel_type${filters} }}{% else %}{{ trigger.conversation.Source${filters || ' | downcase'} }}{% endif %}`;
const channelType = body('{{ trigger.message.ChannelAttributes.channel_type }} {{ trigger.message.ChannelAttributes.channel_type | downcase }} {{trigger.message.Attributes}}');
const tagConditions = (ns: string) =>
  body(
    `{% if trigger.${ns}.ChannelAttributes.channel_type == 'web' %}w{% endif %}` +
      `{% if trigger.${ns}.ChannelAttributes.channel_type %}{{trigger.${ns}.ChannelAttributes.channel_type}}{% else %}{{trigger.${ns}.Source | downcase}}{% endif %}`,
  );
const everywhere = studioText(
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
const bothWays = studioText(
  flow(
    { incomingMessage: 'chat_only', incomingConversationMessage: 'conv_only' },
    widget('chat_only', 'send-message', { sent: 'shared' }, { body: '{{trigger.message.Body}}' }),
    widget('conv_only', 'send-message', { sent: 'shared' }, { body: '{{trigger.conversation.Body}}' }),
    widget('shared', 'send-message', {}, { body: 'Got {{trigger.message.MessageSid}}' }),
  ),
);
// Studio's service/channel pre-fill in Send Message ("only apply to Flows that use Programmable Chat").
const preFill = { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', body: 'hours' };
const chatWithPreFill = studioText(
  flow(
    { incomingMessage: 'to_agent' },
    widget('to_agent', 'send-to-flex', {}, { channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }),
    widget('sms', 'send-message', {}, preFill),
  ),
);
const crlf = '\uFEFF' + body('Hi {{trigger.message.Body}}').replace(/\n/g, '\r\n');
const crlfLine = crlf.slice(1).split('\r\n').findIndex((l) => l.includes('trigger.message.Body')) + 1;
const crlfColumn = crlf.slice(1).split('\r\n')[crlfLine - 1]!.indexOf('trigger.message.Body') + 1;
const movesWithTrigger = (ns: string, sid: string) =>
  studioText(
    flow(
      { incomingMessage: 'notify' },
      widget('notify', 'run-function', { success: 'to_agent' }, { parameters: [{ key: 'event', value: '{{trigger | to_json}}' }] }),
      widget('to_agent', 'send-to-flex', {}, { attributes: `{"channelSid": "{{trigger.${ns}.${sid}}}"}` }),
    ),
  );

ruleTester('no-message-trigger-variable', {
  valid: [
    ...TABLE.map(([, to]) => ({ name: `the replacement ${to}`, code: body(`Ref: {{${to}}}`) })),
    // The trigger.message branch of a dual-mode guard is for Incoming Message executions.
    { name: 'a dual-mode guard on trigger.conversation', code: body('{% if trigger.conversation %}{{trigger.conversation.AccountSid}}{% else %}{{trigger.message.AccountSid}}{% endif %}') },
    { name: 'a dual-mode guard on trigger.message', code: body('{% if trigger.message %}{{trigger.message.Body}}{% else %}{{trigger.conversation.Body}}{% endif %}') },
    // Already on Incoming Conversation, the pre-fill works as it is (flex-project-template's park-interaction flow).
    { name: 'the pre-fill in a flow already on Incoming Conversation', code: studioText(flow({ incomingConversationMessage: 'sms' }, widget('sms', 'send-message', {}, preFill))) },
    ...['incomingCall', 'incomingRequest', 'incomingParent'].map((event) => ({
      name: `the pre-fill in a widget only ${event} reaches`,
      code: studioText(flow({ [event]: 'sms' }, widget('sms', 'send-message', {}, preFill))),
    })),
    {
      // A number's messaging webhook keeps firing Incoming Message: no part of the migration.
      name: 'a plain SMS flow',
      code: studioText(
        flow({ incomingMessage: 'reply' }, widget('reply', 'send-message', {}, { body: 'Thanks {{trigger.message.From}}, we got "{{trigger.message.Body}}"', to: '{{contact.channel.address}}' })),
      ),
    },
  ],
  invalid: [
    ...TABLE.map(
      ([from, to]): InvalidCase & { name: string } => ({
        name: `rewrites ${from}`,
        code: body(`Ref: {{${from}}}`),
        errors: [{ text: from, messageId: 'renamed', data: renamed(from, to), message: `'${from}' is not set under Flex Conversations: use '${to}'` }],
        output: body(`Ref: {{${to}}}`),
      }),
    ),
    {
      name: 'keeps spacing and filters, and turns bracket paths into dot paths',
      code: body("{{ trigger.message['ChannelSid'] | upcase }}"),
      errors: [{ text: "trigger.message['ChannelSid']", messageId: 'renamed', data: renamed('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid') }],
      output: body('{{ trigger.conversation.ConversationSid | upcase }}'),
    },
    {
      // `from` is empty for SMS and WhatsApp conversations (migration-semantics §2): only --unsafe-fixes moves it.
      name: 'inside a JSON string that holds JSON with escaped quotes; ChannelAttributes other than pre_engagement_data is unsafe',
      code: conversationFlowWith('send-to-flex', { attributes: '{"caller": "{{trigger.message.ChannelAttributes.from}}", "channelSid": "{{trigger.message.ChannelSid}}"}' }),
      errors: [
        { text: 'trigger.message.ChannelAttributes.from', messageId: 'renamed', message: /empty for SMS and WhatsApp/ },
        { text: 'trigger.message.ChannelSid', messageId: 'renamed', data: renamed('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid') },
      ],
      output: conversationFlowWith('send-to-flex', { attributes: '{"caller": "{{trigger.message.ChannelAttributes.from}}", "channelSid": "{{trigger.conversation.ConversationSid}}"}' }),
      unsafeOutput: conversationFlowWith('send-to-flex', { attributes: '{"caller": "{{trigger.conversation.ChannelAttributes.from}}", "channelSid": "{{trigger.conversation.ConversationSid}}"}' }),
    },
    {
      name: 'From to trigger.conversation.From, as an unsafe fix only (the guide calls it unavailable)',
      code: body('From {{trigger.message.From}}'),
      errors: [{ text: 'trigger.message.From', messageId: 'renamed', message: /use 'trigger\.conversation\.From'/ }],
      unsafeOutput: body('From {{trigger.conversation.From}}'),
    },
    {
      // Programmable Chat's message event has no MessagingServiceSid: it rendered empty, and renders an MG SID on
      // SMS and WhatsApp once moved (found by a newcomer audit: the safe fix changed a body and a Function parameter).
      name: 'MessagingServiceSid, as an unsafe fix only (Chat set none)',
      code: body('Svc {{trigger.message.MessagingServiceSid}}'),
      errors: [{ text: 'trigger.message.MessagingServiceSid', messageId: 'renamed', message: /use 'trigger\.conversation\.MessagingServiceSid'.*Programmable Chat set no MessagingServiceSid/ }],
      unsafeOutput: body('Svc {{trigger.conversation.MessagingServiceSid}}'),
    },
    {
      name: 'in tags, filter arguments, nested properties and split conditions',
      code: everywhere,
      errors: [
        { text: 'trigger.message.Body', messageId: 'renamed', data: renamed('trigger.message.Body', 'trigger.conversation.Body') },
        { text: 'trigger.message.AccountSid', messageId: 'renamed', data: renamed('trigger.message.AccountSid', 'trigger.conversation.AccountSid') },
        { text: 'trigger.message.Body', occurrence: 2, messageId: 'renamed', data: renamed('trigger.message.Body', 'trigger.conversation.Body') },
        { text: 'trigger.message.MessageSid', messageId: 'renamed', data: renamed('trigger.message.MessageSid', 'trigger.conversation.MessageSid') },
      ],
      output: everywhere.replace(/trigger\.message\./g, 'trigger.conversation.'),
    },
    {
      name: 'once at an assign whose source holds the rename, fixing the source',
      code: body('{% assign form = trigger.message.ChannelAttributes.pre_engagement_data %}{{ form.email }}'),
      errors: [{ text: 'trigger.message.ChannelAttributes.pre_engagement_data', messageId: 'renamed' }],
      output: body('{% assign form = trigger.conversation.ChannelAttributes.pre_engagement_data %}{{ form.email }}'),
    },
    {
      name: 'the alias source and the read, when the rename reaches past the alias',
      code: body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.Body }}'),
      errors: [
        {
          text: 'm.ChannelSid',
          messageId: 'renamed',
          data: renamed('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid', { via: " (through 'm', assigned from trigger.message)" }),
          message: "'trigger.message.ChannelSid' (through 'm', assigned from trigger.message) is not set under Flex Conversations: use 'trigger.conversation.ConversationSid'",
        },
        { text: 'm.Body', messageId: 'renamed' },
      ],
      output: body('{% assign m = trigger.conversation %}{{ m.ConversationSid }} {{ m.Body }}'),
    },
    {
      name: 'no fix through an alias that is also read for a variable with no replacement',
      code: body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.To }}'),
      errors: [
        {
          text: 'm.ChannelSid',
          messageId: 'renamed',
          data: renamed('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid', {
            via: " (through 'm', assigned from trigger.message)",
            notFixed: "; not fixed automatically: alias 'm' is also read as trigger.message.To, which has no replacement",
          }),
        },
      ],
      unsafeOutput: body('{% assign m = trigger.message %}{{ m.ChannelSid }} {{ m.To }}'),
    },
    {
      name: 'channel_type to the team’s own attribute with Source as the fallback, unsafe, keeping filters and never doubling one',
      code: channelType,
      errors: [
        { text: 'trigger.message.ChannelAttributes.channel_type', messageId: 'renamed', message: /falling back on 'trigger\.conversation\.Source \| downcase'/ },
        { text: 'trigger.message.ChannelAttributes.channel_type', occurrence: 2, messageId: 'renamed' },
        { text: 'trigger.message.Attributes', messageId: 'renamed' },
      ],
      unsafeOutput: body(`${guarded('')} ${guarded(' | downcase')} {{trigger.conversation.Attributes}}`),
    },
    {
      name: 'a trigger.message path inside a tag condition, in the condition, keeping a guard the team wrote',
      code: tagConditions('message'),
      errors: [
        { text: 'trigger.message.ChannelAttributes.channel_type', messageId: 'renamed' },
        { text: 'trigger.message.ChannelAttributes.channel_type', occurrence: 2, messageId: 'renamed' },
        { text: 'trigger.message.ChannelAttributes.channel_type', occurrence: 3, messageId: 'renamed' },
        { text: 'trigger.message.Source', messageId: 'renamed' },
      ],
      unsafeOutput: tagConditions('conversation'),
    },
    {
      // Issue 24: the Chat branch's reads are the worklist of the person who merges the two paths (warnings, no fix).
      name: 'in a flow wired both ways: the Chat branch is listed, not fixed; a shared widget is reported without a fix',
      code: bothWays,
      errors: [
        {
          text: 'trigger.message.Body',
          messageId: 'chatBranch',
          severity: 1,
          data: { variable: 'trigger.message.Body', name: 'chat_only', replacement: 'trigger.conversation.Body', note: '' },
        },
        {
          text: 'trigger.message.MessageSid',
          messageId: 'renamed',
          data: renamed('trigger.message.MessageSid', 'trigger.conversation.MessageSid', {
            shared: "; not fixed automatically: Incoming Message also reaches 'shared' while it stays wired (unwire it, or guard the read with {% if trigger.conversation %})",
          }),
        },
      ],
      unsafeOutput: bothWays,
    },
    {
      name: 'Studio’s pre-fill in a flow it migrates: a warning, renamed with the rest',
      code: chatWithPreFill,
      errors: [
        { text: 'trigger.message.ChannelSid', messageId: 'renamed', severity: 2 },
        {
          text: 'trigger.message.InstanceSid',
          messageId: 'preFill',
          data: renamed('trigger.message.InstanceSid', 'trigger.conversation.InstanceSid'),
          message: "'trigger.message.InstanceSid' is not set under Flex Conversations: use 'trigger.conversation.InstanceSid' (Studio’s Programmable Chat pre-fill, harmless: renamed with the rest of the migration)",
          severity: 1,
        },
        { text: 'trigger.message.ChannelSid', occurrence: 2, messageId: 'preFill', severity: 1 },
      ],
      output: chatWithPreFill.replace(/trigger\.message\.ChannelSid/g, 'trigger.conversation.ConversationSid').replace('trigger.message.InstanceSid', 'trigger.conversation.InstanceSid'),
    },
    {
      name: 'in a file with CRLF line endings and a BOM, at the right column; the fix works on the text without its BOM',
      code: crlf,
      errors: [{ text: 'trigger.message.Body', line: crlfLine, column: crlfColumn, endLine: crlfLine, endColumn: crlfColumn + 'trigger.message.Body'.length, messageId: 'renamed' }],
      output: crlf.slice(1).replace('trigger.message.Body', 'trigger.conversation.Body'),
    },
    {
      // A plain read's analysis is kept by its path, its segments joined by NUL: a bracketed name holding a NUL must
      // not pass for the path it joins into (a second read's case).
      name: 'a bracketed name that holds the separator of the analyses by path is not taken for another path',
      code: nulPath,
      errors: [{ text: 'trigger.message.ChannelSid.x', messageId: 'renamed', data: renamed('trigger.message.ChannelSid.x', 'trigger.conversation.ConversationSid.x') }],
      output: nulPath.replace('trigger.message.ChannelSid.x', 'trigger.conversation.ConversationSid.x'),
    },
    {
      name: 'reads that move with the Trigger are rewritten only together with the move: unsafe where the move is',
      code: movesWithTrigger('message', 'ChannelSid'),
      errors: [{ text: 'trigger.message.ChannelSid', messageId: 'renamed' }],
      unsafeOutput: movesWithTrigger('conversation', 'ConversationSid'),
    },
  ],
});

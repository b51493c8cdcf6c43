import { flow, ruleTester, studioText, widget } from '../helpers.js';

/** A Send to Flex widget with these attributes (a JSON text holding Liquid), reached from `event`. */
const flexFlow = (event: string, attributes: string) =>
  studioText(flow({ [event]: 'agent' }, widget('agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes })));

// Twilio's Chat-era default attributes (migration-semantics §5).
const chatDefault =
  '{"name": "{{trigger.message.ChannelAttributes.from}}", "channelType": "{{trigger.message.ChannelAttributes.channel_type}}", "channelSid": "{{trigger.message.ChannelSid}}"}';
const EMPTY_EVERYWHERE = 'renders empty on SMS, WhatsApp, webchat and Messenger in place of the value Send to Flex sets';
const renamedDefault = chatDefault.replaceAll('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid').replaceAll('trigger.message', 'trigger.conversation');

ruleTester('no-flex-owned-attribute', {
  valid: [
    { name: 'keys Send to Flex does not set', code: flexFlow('incomingConversationMessage', '{"channelSid": "{{trigger.conversation.ChannelSid}}", "order": "{{trigger.conversation.ChannelAttributes.order}}"}') },
    { name: 'a Flex-owned key from Conversations data', code: flexFlow('incomingConversationMessage', '{"name": "{{trigger.conversation.From}}"}') },
    // Webchat's pre-engagement data is set under Conversations too (Twilio's pre-engagement docs).
    { name: 'a Flex-owned key from pre-engagement data', code: flexFlow('incomingConversationMessage', '{"name": "{{trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName}}"}') },
    { name: 'a voice flow', code: flexFlow('incomingCall', renamedDefault) },
    // Before the fix: no-message-trigger-variable reports the trigger.message reads.
    { name: 'the Chat-era default attributes before the fix', code: flexFlow('incomingMessage', chatDefault) },
    {
      // The Chat branch of a flow that serves both triggers runs under Programmable Chat while Incoming Message stays wired.
      name: 'the Chat branch of a flow wired both ways',
      code: studioText(
        flow(
          { incomingMessage: 'agent', incomingConversationMessage: 'conv' },
          widget('agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: chatDefault }),
          widget('conv', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{}' }),
        ),
      ),
    },
    { name: 'attributes that are not a JSON object', code: flexFlow('incomingConversationMessage', '{{trigger.conversation.ChannelAttributes | to_json}}') },
  ],
  invalid: [
    {
      // What --fix --unsafe-fixes writes for Twilio's Chat-era default attributes (no-message-trigger-variable renames them).
      name: 'the Chat-era default attributes, renamed: a suggestion drops each Flex-owned key, channelSid stays',
      code: flexFlow('incomingConversationMessage', renamedDefault),
      errors: [
        {
          text: '\\"name\\"',
          messageId: 'owned',
          message: /as written it renders empty on SMS, WhatsApp, webchat and Messenger in place of the value Send to Flex sets: /,
          data: { key: 'name', variable: 'trigger.conversation.ChannelAttributes.from', effect: EMPTY_EVERYWHERE },
          suggestions: [{ desc: "drop 'name': Send to Flex sets it under Flex Conversations", output: flexFlow('incomingConversationMessage', renamedDefault.replace('"name": "{{trigger.conversation.ChannelAttributes.from}}", ', '')) }],
        },
        {
          text: '\\"channelType\\"',
          messageId: 'owned',
          data: { key: 'channelType', variable: 'trigger.conversation.ChannelAttributes.channel_type', effect: EMPTY_EVERYWHERE },
          suggestions: [
            { desc: "drop 'channelType': Send to Flex sets it under Flex Conversations", output: flexFlow('incomingConversationMessage', renamedDefault.replace('"channelType": "{{trigger.conversation.ChannelAttributes.channel_type}}", ', '')) },
          ],
        },
      ],
    },
    {
      // Issue 24: in a flow already on Incoming Conversation a rename turned channelType "" into "sdk" for webchat.
      // What --fix --unsafe-fixes writes for channel_type: with the Source fallback it renders 'sms' and 'whatsapp',
      // what Send to Flex sets there, so the message names only the channels where it differs.
      name: 'a renamed or guarded channel type in a flow already on Incoming Conversation, as the last member',
      code: flexFlow(
        'incomingConversationMessage',
        '{"channelSid": "{{trigger.conversation.ChannelSid}}", "channelType": "{% if trigger.conversation.ChannelAttributes.channel_type %}{{trigger.conversation.ChannelAttributes.channel_type}}{% else %}{{trigger.conversation.Source | downcase}}{% endif %}"}',
      ),
      errors: [
        {
          text: '\\"channelType\\"',
          messageId: 'owned',
          message:
            "'channelType' is a task attribute Send to Flex sets itself under Flex Conversations; filled from 'trigger.conversation.ChannelAttributes.channel_type', Programmable Chat data that a Conversations address sets only where your code writes it, as written it renders 'sdk' or 'api' on webchat and empty on Messenger in place of the value Send to Flex sets (on SMS and WhatsApp it renders what Send to Flex sets: 'sms', 'whatsapp'): drop the key, or keep it if your code writes that attribute",
          data: {
            key: 'channelType',
            variable: 'trigger.conversation.ChannelAttributes.channel_type',
            effect: "renders 'sdk' or 'api' on webchat and empty on Messenger in place of the value Send to Flex sets (on SMS and WhatsApp it renders what Send to Flex sets: 'sms', 'whatsapp')",
          },
          suggestions: [{ desc: "drop 'channelType': Send to Flex sets it under Flex Conversations", output: flexFlow('incomingConversationMessage', '{"channelSid": "{{trigger.conversation.ChannelSid}}"}') }],
        },
      ],
    },
    {
      // A widget's output has no value offline: the message says only what is known.
      name: 'a Flex-owned key that also reads a widget',
      code: flexFlow('incomingConversationMessage', '{"name": "{{trigger.conversation.ChannelAttributes.from}} {{widgets.form.name}}"}'),
      errors: [
        {
          text: '\\"name\\"',
          messageId: 'owned',
          message: /as written it puts in place of the value Send to Flex sets a text of that attribute \(empty where nothing writes it\) and of values known only at run time: /,
          data: {
            key: 'name',
            variable: 'trigger.conversation.ChannelAttributes.from',
            effect: 'puts in place of the value Send to Flex sets a text of that attribute (empty where nothing writes it) and of values known only at run time',
          },
          suggestions: [{ desc: "drop 'name': Send to Flex sets it under Flex Conversations", output: flexFlow('incomingConversationMessage', '{}') }],
        },
      ],
    },
    {
      name: 'the only member',
      code: flexFlow('incomingConversationMessage', '{"customerName": "{{trigger.conversation.ChannelAttributes.from}}"}'),
      errors: [{ text: '\\"customerName\\"', messageId: 'owned', suggestions: [{ desc: "drop 'customerName': Send to Flex sets it under Flex Conversations", output: flexFlow('incomingConversationMessage', '{}') }] }],
    },
  ],
});

import { FLEX_OWNED_KEYS, attributeMembers, flexOwnedValueEffect, isFlexAttributes, readsChatChannelAttribute } from '../migration/flex-attributes.js';
import { readContext } from '../migration/scope.js';
import { formatPath } from '../migration/trigger-variables.js';
import { replaceInString } from '../fixers/edits.js';
import type { Rule } from './types.js';

export const noFlexOwnedAttribute: Rule = {
  meta: {
    id: 'no-flex-owned-attribute',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    description: 'A Send to Flex attribute that Send to Flex sets itself under Flex Conversations, filled from Programmable Chat channel attributes.',
    hasSuggestions: true,
    messages: {
      owned:
        "'{{key}}' is a task attribute Send to Flex sets itself under Flex Conversations; filled from '{{variable}}', Programmable Chat data that a Conversations address sets only where your code writes it, as written it {{effect}}: drop the key, or keep it if your code writes that attribute",
    },
    docs: {
      what:
        'Reports a member of a Send to Flex widget’s `attributes` whose key is one Send to Flex sets itself under Flex Conversations (`name`, `channelType`, `from`, `customerAddress`, `customerName`) and whose value reads the conversation’s `ChannelAttributes` that Programmable Chat used to set for every channel (`from`, `channel_type`, …; not Webchat’s `pre_engagement_data`), in a widget Incoming Conversation reaches: what `--fix --unsafe-fixes` writes for Twilio’s Chat-era default attributes. The finding points at the key, and its message says what the value as written renders on each channel (rendered with each channel’s Conversations trigger, webchat with `Source` `SDK` and `API`): the guarded `channelType` the fix writes renders `sms` and `whatsapp`, what Send to Flex sets there, but `sdk` or `api` on webchat and nothing on Messenger. A value that renders what Send to Flex sets on every channel is not reported. A `trigger.message` read there is reported by `no-message-trigger-variable` first.',
      why:
        'Under Flex Conversations Send to Flex “will create a new Interaction using the /Interactions endpoint” (Send to Flex widget docs, https://www.twilio.com/docs/studio/widget-library/send-flex) and adds `channelType`, `customerAddress`, `from`, `name` and `customerName` to the task itself. Twilio’s Chat-era default attributes filled `name` and `channelType` from `ChannelAttributes.from` and `ChannelAttributes.channel_type`; renamed key by key they render `name: ""` on SMS and WhatsApp and `channelType: "sdk"` for webchat (migration-semantics §5) and override the good values the widget would set: agents see no customer name, and routing on `channelType` goes wrong.',
      example: {
        before: '"attributes": "{\\"name\\": \\"{{trigger.message.ChannelAttributes.from}}\\", \\"channelSid\\": \\"{{trigger.message.ChannelSid}}\\"}"',
        after: '"attributes": "{\\"channelSid\\": \\"{{trigger.conversation.ConversationSid}}\\"}"',
      },
      fixSafety:
        'Never fixed automatically; a suggestion removes the member, so that the task gets the value Send to Flex sets itself. Which is right depends on the team: where its own code writes `from` or `channel_type` into the conversation’s attributes (techmatters’ webchat backend writes `channel_type`, migration-semantics §2), the renamed key keeps working, and people who migrated by hand kept it (techmatters/flex-plugins); where nothing writes them, it overrides Flex’s value with an empty one. Whether an explicit empty value overrides the widget’s own is not documented (migration-semantics §5). So `--fix --unsafe-fixes` renames the read as people did (`no-message-trigger-variable`), and this finding stays until a person drops the key or accepts it (the baseline, or the rule turned off for the files whose code writes those attributes).',
    },
  },
  check(context) {
    const { flow } = context;
    for (const template of flow.templates) {
      if (!isFlexAttributes(template)) continue;
      if (readContext(flow, template.widget) !== 'conversation') continue;
      const reads = template.scan.references.filter(readsChatChannelAttribute);
      if (reads.length === 0) continue;
      for (const member of attributeMembers(template.text)) {
        if (!FLEX_OWNED_KEYS.has(member.name)) continue;
        const read = reads.find((r) => r.start >= member.value.start && r.end <= member.value.end);
        if (!read) continue;
        // The verdict comes from the value actually written, channel by channel: the guarded rename the fix writes
        // for channel_type renders 'sms' and 'whatsapp' (what Send to Flex sets) but 'sdk' or 'api' on webchat.
        const memberReads = template.scan.references.filter((r) => r.start >= member.value.start && r.end <= member.value.end);
        const effect = flexOwnedValueEffect(member.name, template.text.slice(member.value.start, member.value.end), memberReads);
        if (effect === undefined) continue;
        context.report({
          at: { pointer: template.pointer, slice: [member.key.start, member.key.end] },
          widget: template.widget,
          messageId: 'owned',
          data: { key: member.name, variable: formatPath(read.segments), effect },
          suggestions: [
            {
              description: `drop '${member.name}': Send to Flex sets it under Flex Conversations`,
              edits: () => [replaceInString(context.locator, template.pointer, member.removal.start, member.removal.end, '')],
            },
          ],
        });
      }
    }
  },
};

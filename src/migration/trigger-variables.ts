/**
 * What becomes of each `trigger.message.*` variable under Flex Conversations: the one place the rules and
 * their fixes read it from. The evidence is migration-semantics.md §2–§3 (Twilio's Incoming Conversation
 * trigger docs, https://www.twilio.com/docs/studio/widget-library/trigger-start, and 27 flows their authors
 * migrated by hand). A fix is safe only where the datum is the same for the same contact on every channel
 * (src/migration/contexts.ts; test/render-safety.test.ts renders every safe fix of the corpus to prove it).
 */
import type { FixSafety } from '../fixers/edits.js';
import { channelsWhereRenameDiffers, lookup, renderValue } from './contexts.js';
import { flatConcat } from '../flow/flat-text.js';

export type MessageVariableFate =
  | {
      kind: 'renamed';
      /** How many resolved segments the replacement stands for (trigger.message.ChannelSid: 3; trigger.message: 2). */
      consumes: number;
      /** The new segments for those. */
      replacement: string[];
      /**
       * Where the new path may be empty, the value to fall back on in an output: `{% if new %}{{new}}{% else %}{{fallback}}{% endif %}`.
       * The fallback's text, with the filter that makes it comparable (`trigger.conversation.Source | downcase`).
       */
      fallback?: string;
      safety: FixSafety;
      note?: string;
    }
  | { kind: 'unavailable'; note?: string }
  | { kind: 'whole' };

/**
 * The same name and the same datum under Incoming Conversation: documented in Twilio's trigger table (Body,
 * MessageSid, AccountSid, DateCreated), or, for InstanceSid, not in that table but set under Conversations on the
 * evidence of production flows (109 uses in the corpus; techmatters PR #2532; migration-semantics §2): the service
 * SID is one datum on both platforms (contexts.ts).
 */
const SAME_NAME_SAFE = new Set(['InstanceSid', 'Body', 'MessageSid', 'AccountSid', 'DateCreated']);
/** Set on Conversations too according to production flows, but not in Twilio's documentation. */
const SAME_NAME_UNVERIFIED = new Set(['Attributes', 'EventType', 'Index', 'Source', 'RetryCount']);

const CONVERSATION = ['trigger', 'conversation'];

/** `segments` is a resolved path starting with trigger, message. */
export function messageVariableFate(segments: readonly (string | null)[]): MessageVariableFate {
  const name = segments[2];
  if (name === undefined || name === null) return { kind: 'whole' };
  // The seed guide's own example: {{trigger.message.ChannelSid}} becomes {{trigger.conversation.ConversationSid}}.
  // The Chat channel is the conversation, with the same SID (contexts.ts).
  if (name === 'ChannelSid') return { kind: 'renamed', consumes: 3, replacement: [...CONVERSATION, 'ConversationSid'], safety: 'safe' };
  if (SAME_NAME_SAFE.has(name)) return { kind: 'renamed', consumes: 3, replacement: [...CONVERSATION, name], safety: 'safe' };
  if (name === 'ChannelAttributes') return channelAttributesFate(segments[3]);
  if (name === 'From') {
    // Documented on the Incoming Conversation trigger, but the guide says "From Number" is no longer
    // available: sources disagree, so the fix is unsafe (migration-semantics §3).
    return {
      kind: 'renamed',
      consumes: 3,
      replacement: [...CONVERSATION, 'From'],
      safety: 'unsafe',
      note: 'the guide calls From Number unavailable; trigger.conversation.From is the author, with channel prefixes such as whatsapp:',
    };
  }
  if (name === 'MessagingServiceSid') {
    // Documented on the Incoming Conversation trigger (the messaging service of an SMS or WhatsApp conversation),
    // and migration-semantics §3 calls the rename safe; but Programmable Chat's message event carries no
    // MessagingServiceSid (Chat webhook docs, onMessageSent: https://www.twilio.com/docs/chat/webhook-events), so
    // a read that rendered empty under Chat renders an MG SID after the move. Sources disagree and the value
    // changes: unsafe.
    return {
      kind: 'renamed',
      consumes: 3,
      replacement: [...CONVERSATION, name],
      safety: 'unsafe',
      note: 'Programmable Chat set no MessagingServiceSid (it rendered empty); under Conversations it is the messaging service SID of SMS and WhatsApp conversations',
    };
  }
  if (SAME_NAME_UNVERIFIED.has(name)) {
    return {
      kind: 'renamed',
      consumes: 3,
      replacement: [...CONVERSATION, name],
      safety: 'unsafe',
      note: 'not in Twilio’s documentation of the Incoming Conversation trigger',
    };
  }
  if (name === 'To') {
    // No replacement. flow.channel.address is the conversation SID under Conversations, not the Twilio
    // number (techmatters pass it as conversationSid), so it is not suggested.
    return { kind: 'unavailable', note: 'the Twilio number is not part of the Incoming Conversation trigger' };
  }
  return { kind: 'unavailable' };
}

function channelAttributesFate(key: string | null | undefined): MessageVariableFate {
  if (key === 'pre_engagement_data') {
    // Twilio's pre-engagement docs read {{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}.
    return { kind: 'renamed', consumes: 2, replacement: CONVERSATION, safety: 'safe' };
  }
  if (key === 'channel_type') {
    // People kept their own attribute (techmatters' webchat backend writes channel_type), or guarded it with
    // Source as the fallback. Source alone is api/sdk for webchat, never web or chat.
    return {
      kind: 'renamed',
      consumes: 4,
      replacement: [...CONVERSATION, 'ChannelAttributes', 'channel_type'],
      fallback: 'trigger.conversation.Source | downcase',
      safety: 'unsafe',
      note: 'set only where your code writes it to the conversation’s attributes; Source, the fallback, is sms, whatsapp, or api/sdk for webchat',
    };
  }
  // The conversation's attributes hold only what the channel integration or your code wrote: no `from` for
  // SMS or WhatsApp conversations (migration-semantics §2).
  return {
    kind: 'renamed',
    consumes: 2,
    replacement: CONVERSATION,
    safety: 'unsafe',
    note: 'the conversation’s attributes hold only what your code or the channel writes: empty for SMS and WhatsApp',
  };
}

export function isTriggerMessagePath(segments: readonly (string | null)[]): boolean {
  return segments[0] === 'trigger' && segments[1] === 'message';
}

/** Renders segments as a dot path (`trigger.message.From`); a dynamic index shows as [...]. */
export function formatPath(segments: readonly (string | null)[]): string {
  // One flat string (src/flow/flat-text.ts): messages keep these.
  const pieces: string[] = [];
  for (const s of segments) {
    if (s === null) pieces.push('[…]');
    else if (/^[A-Za-z_][\w-]*$/.test(s)) pieces.push(pieces.length ? '.' : '', s);
    else pieces.push(`['${s}']`);
  }
  return flatConcat(pieces);
}

const path = (p: string) => p.split('.');
const channels = (list: string[]) => (list.length ? `renders differently on ${list.join(', ')}` : 'renders the same on every channel');

/**
 * The fix safety of the replacement table, for `explain` and the rule docs: for each unsafe rename, on which
 * channels the same contact's value differs (computed from src/migration/contexts.ts, not written by hand).
 */
export function replacementTableSafety(): string {
  const from = channelsWhereRenameDiffers(path('trigger.message.From'), path('trigger.conversation.From'));
  const attribute = channelsWhereRenameDiffers(path('trigger.message.ChannelAttributes.from'), path('trigger.conversation.ChannelAttributes.from'));
  const channelType = channelsWhereRenameDiffers(path('trigger.message.ChannelAttributes.channel_type'), (trigger) => {
    const own = renderValue(lookup({ trigger }, path('trigger.conversation.ChannelAttributes.channel_type')));
    return own || renderValue(lookup({ trigger }, path('trigger.conversation.Source'))).toLowerCase();
  });
  // Every safe rename of the table, from the table itself, so that the sentence below cannot leave one out.
  const safe = ['ChannelSid', ...SAME_NAME_SAFE, 'ChannelAttributes.pre_engagement_data.friendlyName'].map((name) =>
    channelsWhereRenameDiffers(path(`trigger.message.${name}`), path(`trigger.conversation.${name === 'ChannelSid' ? 'ConversationSid' : name}`)),
  );
  const messagingService = channelsWhereRenameDiffers(path('trigger.message.MessagingServiceSid'), path('trigger.conversation.MessagingServiceSid'));
  return [
    `Safe (applied by --fix) where the Incoming Conversation trigger holds the same datum: documented in Twilio's trigger table, ChannelSid → ConversationSid (the seed guide's own example; a Chat channel is the conversation, with the same SID), Body, MessageSid, AccountSid, DateCreated; not in that table but set under Conversations on the evidence of migration-semantics §2, InstanceSid (109 uses in production flows, techmatters PR #2532) and ChannelAttributes.pre_engagement_data.* (Twilio's pre-engagement docs read it under trigger.conversation). Rendered for the same contact before under Programmable Chat and after under Conversations, these ${safe.every((c) => c.length === 0) ? 'render the same on every channel' : 'DIFFER'} (SMS, WhatsApp, webchat, Messenger; test/render-safety.test.ts checks every safe fix of the public corpus).`,
    `Unsafe (--fix --unsafe-fixes): From → trigger.conversation.From (documented, but the guide calls From Number unavailable: sources disagree; ${channels(from)} in the tool's contexts);`,
    `MessagingServiceSid → trigger.conversation.MessagingServiceSid (documented under Conversations, but Programmable Chat's message event has none, so it rendered empty before: ${channels(messagingService)});`,
    `ChannelAttributes other than pre_engagement_data → the conversation's attributes (${channels(attribute)}: SMS and WhatsApp conversations carry no from or channel_type unless your code writes them);`,
    `ChannelAttributes.channel_type → {% if trigger.conversation.ChannelAttributes.channel_type %}…{% else %}{{trigger.conversation.Source | downcase}}{% endif %}, the team's own attribute first as people who migrated by hand wrote it, with Source as the fallback (${channels(channelType)}: Source is sms, whatsapp, or api/sdk for webchat, never web); an existing | downcase is never doubled, and inside a tag condition the condition itself is renamed;`,
    'Attributes, EventType, Index, Source, RetryCount → the same name under trigger.conversation (used in production flows, not in Twilio’s documentation).',
    'Through an alias, the fix rewrites the {% assign %} source and is only offered when every use of the alias can move. In a widget that Incoming Message still reaches while it stays wired (a flow serving both triggers), nothing is rewritten; dual-mode guards ({% if trigger.conversation %}…{% else %}…trigger.message…{% endif %}) are left alone.',
  ].join(' ');
}


/**
 * What a Studio execution sees in `trigger`, for the same contact on each messaging channel: under Flex on
 * Programmable Chat (the Incoming Message trigger, `trigger.message`) and under Flex Conversations (the
 * Incoming Conversation trigger, `trigger.conversation`).
 *
 * These contexts define what a *safe* fix is: a template that a safe fix rewrites must render the same text
 * before (Chat context) and after (Conversations context) on every channel (test/render-safety.test.ts). They
 * also say, for an unsafe fix, on which channels the rendering differs (`explain`). The flow simulator reads
 * them too. Every value names its source; where no source gives a value, the field is absent, which is what
 * a Liquid template sees as empty.
 *
 * "The same contact": a Programmable Chat Channel is the Conversation of the Conversations API, with the same
 * SID, in the same service (Chat Channel Migration Resource: "A Channel is a Programmable Chat object that is
 * equivalent to a Conversation in the Conversations API", https://www.twilio.com/docs/conversations/api/chat-channel-migration-resource;
 * "the Conversations API is built on the Programmable Chat foundation … your existing messaging and user data
 * is made available automatically", https://www.twilio.com/docs/conversations/migrating-chat-conversations).
 * So the channel SID, the service SID, the message SID, the body and the date are one datum on both sides.
 */

export const CHANNELS = ['sms', 'whatsapp', 'webchat', 'messenger'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Platform = 'chat' | 'conversations';

/** One contact's identifiers, shared by both platforms (see the header). */
const SHARED = {
  AccountSid: 'AC00000000000000000000000000000001',
  InstanceSid: 'IS00000000000000000000000000000001',
  ChannelSid: 'CH00000000000000000000000000000001',
  MessageSid: 'IM00000000000000000000000000000001',
  Body: 'I need help with my order',
  DateCreated: '2026-11-29T06:30:00.000Z',
} as const;

/** The customer's address on each channel, as Twilio writes it (a phone number; `whatsapp:` and `messenger:` prefixes). */
const CUSTOMER: Record<Channel, string> = {
  sms: '+15005550006',
  whatsapp: 'whatsapp:+15005550006',
  // Webchat 2 names the customer by the friendly name typed into the pre-engagement form; Webchat 3 by an identity.
  webchat: 'Customer',
  messenger: 'messenger:1234567890',
};

/**
 * The Twilio side on each channel: the number for SMS and WhatsApp (the seed guide calls `trigger.message.To`
 * the "Twilio Number"), the page for Messenger. Webchat has no address a source names: absent.
 */
const TWILIO_ADDRESS: Record<Channel, string | undefined> = {
  sms: '+15005550001',
  whatsapp: 'whatsapp:+15005550001',
  webchat: undefined,
  messenger: 'messenger:100000000000001',
};

/** What a Webchat pre-engagement form writes (Twilio's pre-engagement docs: `pre_engagement_data.friendlyName`, `.question`). */
const PRE_ENGAGEMENT = { friendlyName: 'Customer', question: 'Where is my order?' } as const;

/**
 * Programmable Chat channel types of Flex's legacy addresses (Flex Flow `channelType`: sms, whatsapp, web,
 * facebook; the seed guide: "the channel type property changes to Messenger instead of Facebook").
 */
const CHAT_CHANNEL_TYPE: Record<Channel, string> = { sms: 'sms', whatsapp: 'whatsapp', webchat: 'web', messenger: 'facebook' };

/**
 * `trigger.conversation.Source`: upper case; `API` or `SDK` for webchat, never `chat` or `web`
 * (migration-semantics §2, from production flows). No source names Messenger's: absent.
 */
const CONVERSATION_SOURCE: Record<Channel, string | undefined> = { sms: 'SMS', whatsapp: 'WHATSAPP', webchat: 'SDK', messenger: undefined };

/**
 * Every `Source` a channel's conversation may carry: webchat's is `SDK` or `API` (migration-semantics §2), the
 * others have the one above. A verdict on what a template renders under Conversations holds for each.
 */
export function conversationSources(channel: Channel): readonly (string | undefined)[] {
  return channel === 'webchat' ? ['SDK', 'API'] : [CONVERSATION_SOURCE[channel]];
}

/** The Incoming Message trigger of a Flex legacy address (Programmable Chat), for one channel. */
function chatMessage(channel: Channel): Record<string, unknown> {
  // Flex's Chat channel attributes: `from` and `channel_type` are written by Flex's channel integration for
  // every legacy address; Webchat 2 adds `pre_engagement_data` (studio-reference §3; Twilio's default
  // Send to Flex attributes read `ChannelAttributes.from` and `ChannelAttributes.channel_type`).
  const ChannelAttributes: Record<string, unknown> = { from: CUSTOMER[channel], channel_type: CHAT_CHANNEL_TYPE[channel], status: 'ACTIVE' };
  if (channel === 'webchat') ChannelAttributes.pre_engagement_data = PRE_ENGAGEMENT;
  return {
    ...SHARED,
    // The seed guide: "Twilio Number (previously {{trigger.message.To}}) and From Number (previously
    // {{trigger.message.From}})".
    From: CUSTOMER[channel],
    To: TWILIO_ADDRESS[channel],
    ChannelAttributes,
    // Programmable Chat's webhook event for a new message (Chat webhook docs: onMessageSent).
    EventType: 'onMessageSent',
    WebhookSid: 'WH00000000000000000000000000000001',
  };
}

/** The Incoming Conversation trigger of a Flex Conversations address, for the same contact. */
function conversationMessage(channel: Channel, source = CONVERSATION_SOURCE[channel]): Record<string, unknown> {
  // Conversation attributes: what the channel integration wrote. SMS, WhatsApp and Messenger conversations
  // carry none of Chat's `from`, `channel_type`; webchat carries `pre_engagement_data` (migration-semantics §2).
  const ChannelAttributes: Record<string, unknown> = channel === 'webchat' ? { pre_engagement_data: PRE_ENGAGEMENT } : {};
  return {
    ...SHARED,
    // Documented (Studio trigger docs, "Incoming Conversation trigger variables"): ConversationSid and
    // ChannelSid both hold the conversation's SID; From is the author, with its channel prefix.
    ConversationSid: SHARED.ChannelSid,
    From: CUSTOMER[channel],
    Author: CUSTOMER[channel],
    ChannelAttributes,
    Source: source,
    MessagingServiceSid: channel === 'sms' || channel === 'whatsapp' ? 'MG00000000000000000000000000000001' : undefined,
  };
}

/** The `trigger` object of an execution, as Liquid sees it (under Conversations, with one of `conversationSources`). */
export function triggerContext(platform: Platform, channel: Channel, source?: string): Record<string, unknown> {
  return platform === 'chat' ? { message: chatMessage(channel) } : { conversation: conversationMessage(channel, source ?? CONVERSATION_SOURCE[channel]) };
}

/** A path's value in a context, as Liquid looks it up (undefined renders as empty). */
export function lookup(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Liquid's rendering of a looked-up value in an output: empty for nil, JSON-ish text for objects. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The channels on which a read renders differently for the same contact: `before` under Programmable Chat,
 * `after` (a path, or a function of the Conversations trigger) under Flex Conversations. Empty when the
 * rename keeps every channel's value.
 */
export function channelsWhereRenameDiffers(before: readonly string[], after: readonly string[] | ((trigger: Record<string, unknown>) => string)): Channel[] {
  return CHANNELS.filter((channel) => {
    const old = renderValue(lookup({ trigger: triggerContext('chat', channel) }, before));
    const conversations = triggerContext('conversations', channel);
    const renamed = typeof after === 'function' ? after(conversations) : renderValue(lookup({ trigger: conversations }, after));
    return old !== renamed;
  });
}

/**
 * The channel presets of a flow test (`studio-lint test`): the four messaging channels above, a phone call
 * and a REST API execution. The simulator starts every execution from one of them.
 */
export const PRESETS = [...CHANNELS, 'voice', 'rest'] as const;
export type Preset = (typeof PRESETS)[number];

/** The caller and the number called, for the voice preset (Studio's Incoming Call trigger: `trigger.call.*`). */
const CALLER = '+15005550006';
const CALLED = '+15005550001';

/**
 * The Incoming Call trigger: Twilio's voice webhook parameters (TwiML voice request docs,
 * https://www.twilio.com/docs/voice/twiml#request-parameters: CallSid, AccountSid, From, To, CallStatus,
 * Direction, Caller, Called, ApiVersion), which Studio exposes as `trigger.call.*` (studio-reference §3).
 */
function callTrigger(): Record<string, unknown> {
  return {
    CallSid: 'CA00000000000000000000000000000001',
    AccountSid: SHARED.AccountSid,
    From: CALLER,
    To: CALLED,
    Caller: CALLER,
    Called: CALLED,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}

/**
 * A REST API execution (Studio Execution resource, https://www.twilio.com/docs/studio/rest-api/v2/execution:
 * `To` is the contact's address, `From` the flow's, `Parameters` becomes `flow.data`). Studio exposes the
 * request as `trigger.request.*` (studio-reference §3).
 */
function requestTrigger(): Record<string, unknown> {
  return { From: CALLED, To: CALLER, parameters: {} };
}

/**
 * Everything an execution's Liquid sees at the start, apart from `widgets` and `flow.variables`: the
 * `trigger` of the preset on the platform, `flow.channel.address` (the Twilio side) and
 * `contact.channel.address` (the customer), both portable across triggers (studio-reference §3).
 *
 * - Programmable Chat: `flow.channel.address` is the Twilio number the contact wrote to (the seed guide calls
 *   `trigger.message.To` the "Twilio Number"), `contact.channel.address` the customer (`From`).
 * - Conversations: `flow.channel.address` is the conversation SID (migration-semantics §3: techmatters pass it
 *   as `conversationSid`; the seed guide), `contact.channel.address` the customer's address (the author).
 * - Voice: the number called and the caller; REST: the execution's `From` and `To`.
 */
export function executionContext(preset: Preset, platform: Platform): { trigger: Record<string, unknown>; flowChannelAddress: string | undefined; contactAddress: string | undefined } {
  if (preset === 'voice') return { trigger: { call: callTrigger() }, flowChannelAddress: CALLED, contactAddress: CALLER };
  if (preset === 'rest') return { trigger: { request: requestTrigger() }, flowChannelAddress: CALLED, contactAddress: CALLER };
  return {
    trigger: triggerContext(platform, preset),
    flowChannelAddress: platform === 'chat' ? TWILIO_ADDRESS[preset] : SHARED.ChannelSid,
    contactAddress: CUSTOMER[preset],
  };
}

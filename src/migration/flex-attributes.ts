/**
 * Send to Flex `attributes` under Flex Conversations. The widget then "will create a new Interaction using the
 * /Interactions endpoint" (Send to Flex widget docs, https://www.twilio.com/docs/studio/widget-library/send-flex)
 * and adds `channelType`, `customerAddress`, `from`, `name` and `customerName` to the task itself
 * (studio-reference §3, migration-semantics §5). A Chat-era flow filled those keys from Programmable Chat's
 * channel attributes; renamed key by key they render `name: ""` and `channelType: "sdk"` under Conversations
 * and override the widget's own values (rendered with liquidjs against a Conversations trigger for SMS and
 * webchat, migration-semantics §5). Such a key is dropped, never renamed.
 */
import { JsonLocator, type TextRange } from '../flow/locate.js';
import type { Template } from '../flow/model.js';
import type { LiquidReference } from '../liquid/scan.js';
import { maskPlaceholders } from '../liquid/mask.js';
import { render, RenderError } from '../liquid/render.js';
import { CHANNELS, conversationSources, triggerContext, type Channel } from './contexts.js';

/** The task attributes Send to Flex sets itself under Conversations. */
export const FLEX_OWNED_KEYS: ReadonlySet<string> = new Set(['name', 'channelType', 'from', 'customerAddress', 'customerName']);

export interface AttributeMember {
  name: string;
  /** In the decoded attributes text. */
  key: TextRange;
  value: TextRange;
  /** What removing the member removes: it, and the comma and space that separate it from a neighbour. */
  removal: TextRange;
}

/**
 * Whether a read is of the conversation's channel attributes that only Programmable Chat set for every channel
 * (`trigger.conversation.ChannelAttributes.from`, `.channel_type`, …): under Conversations they hold only what
 * the team's code or the channel integration wrote, nothing for SMS and WhatsApp (migration-semantics §2).
 * Webchat's `pre_engagement_data` is set under Conversations too (Twilio's pre-engagement docs). A
 * `trigger.message` read is not one: `no-message-trigger-variable` reports it, and renames it into this.
 */
export function readsChatChannelAttribute(ref: LiquidReference): boolean {
  const s = ref.segments;
  return s[0] === 'trigger' && s[1] === 'conversation' && s[2] === 'ChannelAttributes' && s[3] !== 'pre_engagement_data';
}

/** Whether a template is a Send to Flex widget's `attributes`. */
export function isFlexAttributes(template: Template): boolean {
  return template.widget.type === 'send-to-flex' && template.path.length === 2 && template.path[0] === 'properties' && template.path[1] === 'attributes';
}

const membersByText = new Map<string, AttributeMember[]>();

/** The top-level members of an attributes text with Liquid in it; none when it is not a JSON object once masked. */
export function attributeMembers(text: string): AttributeMember[] {
  let members = membersByText.get(text);
  if (members === undefined) {
    members = findMembers(text);
    // Flows repeat their attributes; a bounded cache keeps a run over thousands of flows from growing without end.
    if (membersByText.size > 10_000) membersByText.clear();
    membersByText.set(text, members);
  }
  return members;
}

function findMembers(text: string): AttributeMember[] {
  const masked = maskPlaceholders(text, 'liquid');
  if (masked.opaqueOutsideStrings) return [];
  try {
    const value: unknown = JSON.parse(masked.text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  } catch {
    return [];
  }
  const found = new JsonLocator(masked.text).members([]) ?? [];
  return found.map((member, i) => {
    const next = found[i + 1];
    const previous = found[i - 1];
    // `"a": 1, "b": 2` → remove `"a": 1, ` (up to the next key), or `, "b": 2` for the last one.
    const removal = next ? { start: member.key.start, end: next.key.start } : previous ? { start: previous.value.end, end: member.value.end } : { start: member.key.start, end: member.value.end };
    return { name: member.name, key: member.key, value: member.value, removal };
  });
}

/**
 * What Send to Flex sets itself for an owned key, per channel, where a source says. The task of an Interaction
 * carries `channelType`, the Interaction channel's type: `"channelType":"sms"` for an SMS interaction
 * (Interactions API, example response, https://www.twilio.com/docs/flex/developer/conversations/interactions-api);
 * the types are sms, email, chat, whatsapp, web, messenger and gbm (Channels subresource,
 * https://www.twilio.com/docs/flex/developer/conversations/interactions-api/channels-subresource). Which of `web`
 * and `chat` a webchat gets is not documented: both are listed, and neither counts as certainly the same value.
 * No source gives the other keys' values per channel.
 */
const FLEX_SETS: Readonly<Record<string, Readonly<Record<Channel, readonly string[]>>>> = {
  channelType: { sms: ['sms'], whatsapp: ['whatsapp'], webchat: ['web', 'chat'], messenger: ['messenger'] },
};

const CHANNEL_NAMES: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'webchat', messenger: 'Messenger' };

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/**
 * What an owned member's value, as written, does to the task on each channel under Flex Conversations, in words
 * for a finding ("renders 'sdk' or 'api' on webchat and empty on Messenger, …"), or undefined when it renders
 * what Send to Flex sets itself on every channel (then keeping the key changes nothing). The value is rendered
 * with the Conversations trigger of each channel (src/migration/contexts.ts, webchat with each of its Sources).
 * `reads` are the member's Liquid references: one that is not a `trigger` path (a widget's output, a flow
 * variable, an alias) has no value here, and the words then say only what is known.
 */
export function flexOwnedValueEffect(key: string, valueText: string, reads: readonly LiquidReference[]): string | undefined {
  if (reads.some((r) => r.segments[0] !== 'trigger' || r.alias !== undefined)) {
    return 'puts in place of the value Send to Flex sets a text of that attribute (empty where nothing writes it) and of values known only at run time';
  }
  const rendered = new Map<Channel, string[]>();
  try {
    for (const channel of CHANNELS) {
      const values = conversationSources(channel).map((source) => renderedJsonValue(valueText, { trigger: triggerContext('conversations', channel, source) }));
      rendered.set(channel, [...new Set(values)]);
    }
  } catch (error) {
    if (error instanceof RenderError) return 'does not render (valid-liquid says why)';
    throw error;
  }
  const flexSets = FLEX_SETS[key];
  const same: Channel[] = [];
  const empty: Channel[] = [];
  const other = new Map<string, Channel[]>();
  for (const channel of CHANNELS) {
    const values = rendered.get(channel)!;
    const known = flexSets?.[channel];
    if (known?.length === 1 && values.length === 1 && values[0] === known[0]) same.push(channel);
    else if (values.length === 1 && values[0] === '') empty.push(channel);
    else {
      const words = values.map((v) => (v === '' ? 'empty' : `'${v}'`)).join(' or ');
      other.set(words, [...(other.get(words) ?? []), channel]);
    }
  }
  if (empty.length === 0 && other.size === 0) return undefined;
  const parts = [...other].map(([words, channels]) => `${words} on ${listed(channels.map((c) => CHANNEL_NAMES[c]))}`);
  if (empty.length > 0) parts.push(`empty on ${listed(empty.map((c) => CHANNEL_NAMES[c]))}`);
  let effect = `renders ${listed(parts)} in place of the value Send to Flex sets`;
  if (same.length > 0) {
    effect += ` (on ${listed(same.map((c) => CHANNEL_NAMES[c]))} it renders what Send to Flex sets: ${same.map((c) => `'${rendered.get(c)![0]!}'`).join(', ')})`;
  }
  return effect;
}

/** A JSON value's text rendered, then read as JSON: a string member's text without its quotes. */
function renderedJsonValue(valueText: string, scope: Record<string, unknown>): string {
  const text = render(valueText, scope);
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
  }
}

/**
 * What becomes of each `trigger.message.*` variable under Flex Conversations: the replacement table of
 * the reference (section 4), the one place the rules and their fixes read it from.
 */
import type { FixSafety } from '../rules/types.js';

export type MessageVariableFate =
  | {
      kind: 'renamed';
      /** How many resolved segments the replacement stands for (trigger.message.ChannelSid: 3; trigger.message: 2). */
      consumes: number;
      /** The new segments for those. */
      replacement: string[];
      /** Text added after the path, for a value that changes form (`| downcase`). */
      filter?: string;
      safety: FixSafety;
      note?: string;
    }
  | { kind: 'unavailable'; suggestions: string[]; note?: string }
  | { kind: 'whole' };

const SAME_NAME_SAFE = new Set(['InstanceSid', 'Body', 'MessageSid', 'AccountSid', 'DateCreated', 'MessagingServiceSid']);
/** Set on Conversations too according to production flows, but not in Twilio's documentation. */
const SAME_NAME_UNVERIFIED = new Set(['Attributes', 'EventType', 'Index', 'Source', 'RetryCount']);

const SUGGESTIONS: Record<string, string[]> = {
  From: ['trigger.conversation.Author', 'contact.channel.address'],
  To: ['flow.channel.address'],
};

/** `segments` is a resolved path starting with trigger, message. */
export function messageVariableFate(segments: readonly (string | null)[]): MessageVariableFate {
  const name = segments[2];
  if (name === undefined || name === null) return { kind: 'whole' };
  if (name === 'ChannelSid') {
    return { kind: 'renamed', consumes: 3, replacement: ['trigger', 'conversation', 'ConversationSid'], safety: 'safe' };
  }
  if (SAME_NAME_SAFE.has(name)) return { kind: 'renamed', consumes: 3, replacement: ['trigger', 'conversation', name], safety: 'safe' };
  if (name === 'ChannelAttributes') {
    if (segments[3] === 'channel_type') {
      return {
        kind: 'renamed',
        consumes: 4,
        replacement: ['trigger', 'conversation', 'Source'],
        filter: ' | downcase',
        safety: 'unsafe',
        note: 'values differ: facebook is messenger, web is chat',
      };
    }
    return { kind: 'renamed', consumes: 2, replacement: ['trigger', 'conversation'], safety: 'safe' };
  }
  if (SAME_NAME_UNVERIFIED.has(name)) {
    return {
      kind: 'renamed',
      consumes: 3,
      replacement: ['trigger', 'conversation', name],
      safety: 'unsafe',
      note: 'not in Twilio’s documentation of the Incoming Conversation trigger',
    };
  }
  return { kind: 'unavailable', suggestions: SUGGESTIONS[name] ?? [] };
}

export function isTriggerMessagePath(segments: readonly (string | null)[]): boolean {
  return segments[0] === 'trigger' && segments[1] === 'message';
}

/** Renders segments as a dot path (`trigger.message.From`); a dynamic index shows as [...]. */
export function formatPath(segments: readonly (string | null)[]): string {
  let out = '';
  for (const s of segments) {
    if (s === null) out += '[…]';
    else if (/^[A-Za-z_][\w-]*$/.test(s)) out += (out ? '.' : '') + s;
    else out += `['${s}']`;
  }
  return out;
}

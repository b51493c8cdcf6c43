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

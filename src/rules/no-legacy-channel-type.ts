import type { PointerSegment } from '../flow/locate.js';
import type { Flow, Widget } from '../flow/model.js';
import { scanLiquid } from '../liquid/scan.js';
import type { Rule, RuleContext } from './types.js';

/** A path that holds the Conversations message source: `trigger.conversation.Source` (or an alias of it). */
export function isSourcePath(segments: readonly (string | null)[]): boolean {
  const last = segments[segments.length - 1];
  return typeof last === 'string' && last === 'Source';
}

/**
 * What a compared value holds under Flex Conversations: the message `Source`, the team's own `channel_type`
 * attribute of the conversation read alone (`attribute`: empty where nothing writes it), or that attribute with
 * Source as the fallback, as the migration's fix writes it (`guarded`). `via` names the flow variable it
 * travelled through, and the widget that set it.
 */
interface ChannelSubject {
  kind: 'source' | 'attribute' | 'guarded';
  via?: string;
}

/** Programmable Chat's channel type names (Flex Flow `channelType`), and `chat`, which no Source ever is either. */
const CHAT_NAMES = new Set(['web', 'facebook', 'chat']);

export const noLegacyChannelType: Rule = {
  meta: {
    id: 'no-legacy-channel-type',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    description: "A comparison of a Conversations channel type (the message Source, or the conversation's channel_type attribute) with Programmable Chat's names 'web', 'facebook' or 'chat'.",
    // By legacy channel type, what `trigger.conversation.Source` holds instead (migration-semantics §2: upper
    // case; a webchat conversation's Source is API or SDK, never chat or web). No source names Messenger's.
    messages: {
      web: "'{{word}}' is a Programmable Chat channel type, never a Conversations Source{{via}}: webchat conversations have Source 'API' or 'SDK' ('api'/'sdk' after | downcase); this comparison will not match",
      facebook:
        "'{{word}}' is a Programmable Chat channel type, never a Conversations Source{{via}}: Messenger conversations do not have Source facebook; check the value your account shows; this comparison will not match",
      guardedWeb:
        "'{{word}}' is Programmable Chat's channel type for webchat; under Flex Conversations the conversation's channel_type attribute{{via}} is set only where your code writes it, and the Source it falls back on is 'api' or 'sdk' for webchat: compare with 'sdk' and 'api', or keep '{{word}}' if your code writes channel_type '{{word}}' (then accept this finding in the baseline)",
      guardedFacebook:
        "'{{word}}' is Programmable Chat's channel type for Messenger; under Flex Conversations the conversation's channel_type attribute{{via}} is set only where your code writes it, and Messenger's channel type is 'messenger' (the migration guide): compare with 'messenger', or keep '{{word}}' if your code writes channel_type '{{word}}' (then accept this finding in the baseline)",
      // The attribute read alone: no Source fallback, so where nothing writes it, it is empty on every channel.
      attributeWeb:
        "'{{word}}' is Programmable Chat's channel type for webchat; under Flex Conversations the conversation's channel_type attribute{{via}} is set only where your code writes it, and read here without a fallback it is empty on a webchat conversation nothing writes it on, so this comparison will not match: to tell webchat apart, compare trigger.conversation.Source with 'SDK' and 'API' (a webchat conversation's Source), or keep '{{word}}' if your code writes channel_type '{{word}}' (then accept this finding in the baseline)",
      attributeFacebook:
        "'{{word}}' is Programmable Chat's channel type for Messenger; under Flex Conversations the conversation's channel_type attribute{{via}} is set only where your code writes it, and read here without a fallback it is empty on a Messenger conversation nothing writes it on, so this comparison will not match: to tell Messenger apart, compare trigger.conversation.Source with the value your account shows for Messenger (no Twilio source names it), or keep '{{word}}' if your code writes channel_type '{{word}}' (then accept this finding in the baseline)",
    },
    docs: {
      what:
        "Reports split conditions and Liquid comparisons (`==`, `!=`, `contains`, `case`/`when`) that compare a Conversations channel type with Programmable Chat's channel type names 'web', 'facebook' or 'chat': `trigger.conversation.Source` (or a value read from it), the conversation's own `ChannelAttributes.channel_type` (also in the guarded form the migration's fix writes: the attribute, else `Source | downcase`), and a flow variable a Set Variables widget fills from either. It says what a Conversations channel gives instead, for the comparison as written: the attribute read alone has no fallback (empty where nothing writes it), so the advice is to compare `trigger.conversation.Source`; in the guarded form Source is the fallback, so the advice is the Source's own values.",
      why:
        "Source is the channel a Conversations message came from, in upper case: SMS, WHATSAPP, and API or SDK for webchat, never 'web' or 'chat' (migration-semantics §2). The conversation's `channel_type` attribute is set only where the team's code writes it (techmatters' webchat backend writes 'web'); otherwise the fix's fallback gives Source, and under Conversations “the channel type property changes to Messenger instead of Facebook” (the migration guide, Migrate addresses). A branch that waits for 'facebook' or 'web' then never matches, and Messenger and webchat customers silently take the default path (issue 24: a flow lints clean after `--fix --unsafe-fixes` while its Messenger customers land in the wrong queue). So the comparison stays reported after the fix until a person checks it.",
      example: {
        before: '{"arguments": ["{{trigger.conversation.Source | downcase}}"], "type": "equal_to", "value": "web"}',
        after: '{"arguments": ["{{trigger.conversation.Source | downcase}}"], "type": "matches_any_of", "value": "api,sdk"}',
      },
      fixSafety:
        "Never fixed automatically: which value is right depends on what the compared variable reads and on the team's own attributes, and no rewrite of a comparison value is safe (migration-semantics §4). Where the team's code writes `channel_type` with the Chat-era names, the comparison stays right: accept the finding in the baseline (`studio-lint baseline`), or turn the rule off for those files.",
    },
  },
  check(context) {
    const { flow } = context;
    const variables = channelVariables(flow);
    for (const widget of flow.widgets) {
      if (widget.type !== 'split-based-on') continue;
      const input = typeof widget.properties.input === 'string' ? widget.properties.input : '';
      for (const transition of widget.transitions) {
        const conditions = transition.value.conditions;
        if (!Array.isArray(conditions)) continue;
        conditions.forEach((condition: unknown, c) => {
          if (typeof condition !== 'object' || condition === null) return;
          const { arguments: args, value } = condition as { arguments?: unknown; value?: unknown };
          const subject = Array.isArray(args) && typeof args[0] === 'string' ? args[0] : input;
          if (typeof value !== 'string' || !/\b(facebook|web|chat)\b/i.test(value)) return;
          const channel = subjectOf(subject, variables);
          if (!channel) return;
          const pointer = [...widget.pointer, 'transitions', transition.index, 'conditions', c, 'value'];
          // `matches_any_of` holds a comma-separated list: look at each item.
          for (const item of value.matchAll(/[^,]+/g)) {
            const word = item[0].trim();
            reportLegacy(context, widget, pointer, word, item.index + item[0].indexOf(word), channel);
          }
        });
      }
    }
    for (const template of flow.templates) {
      for (const comparison of template.scan.comparisons) {
        const channel = comparison.reference && segmentsSubject(comparison.reference.segments, variables);
        if (!channel) continue;
        reportLegacy(context, template.widget, template.pointer, comparison.literal, comparison.start, channel);
      }
    }
  },
};

const isChannelTypeAttribute = (segments: readonly (string | null)[]) =>
  segments[0] === 'trigger' && segments[1] === 'conversation' && segments[2] === 'ChannelAttributes' && segments[3] === 'channel_type' && segments.length === 4;

/**
 * What a subject text compares: the team's attribute and Source both read is the guarded form (the attribute,
 * else Source); the attribute alone has no fallback.
 */
function subjectOf(subject: string, variables: Map<string, ChannelSubject>): ChannelSubject | undefined {
  let attribute: ChannelSubject | undefined;
  let source: ChannelSubject | undefined;
  for (const reference of scanLiquid(subject).references) {
    const channel = segmentsSubject(reference.segments, variables);
    if (!channel) continue;
    if (channel.kind === 'source') source ??= channel;
    else if (!attribute || (channel.kind === 'guarded' && attribute.kind === 'attribute')) attribute = channel;
  }
  if (attribute?.kind === 'attribute' && source) return { kind: 'guarded', via: attribute.via };
  return attribute ?? source;
}

function segmentsSubject(segments: readonly (string | null)[], variables: Map<string, ChannelSubject>): ChannelSubject | undefined {
  if (isChannelTypeAttribute(segments)) return { kind: 'attribute' };
  if (isSourcePath(segments)) return { kind: 'source' };
  if (segments[0] === 'flow' && segments[1] === 'variables' && segments.length === 3 && typeof segments[2] === 'string') return variables.get(segments[2]);
  return undefined;
}

/**
 * The flow variables that hold a channel type: set by a Set Variables widget from Source or the team's
 * attribute (Set Variables docs: each variable is then read as `flow.variables.<key>`).
 */
function channelVariables(flow: Flow): Map<string, ChannelSubject> {
  return flow.derived(findChannelVariables);
}

function findChannelVariables(flow: Flow): Map<string, ChannelSubject> {
  const variables = new Map<string, ChannelSubject>();
  for (const widget of flow.widgets) {
    if (widget.type !== 'set-variables' || !Array.isArray(widget.properties.variables)) continue;
    for (const variable of widget.properties.variables as unknown[]) {
      if (typeof variable !== 'object' || variable === null) continue;
      const { key, value } = variable as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || typeof value !== 'string' || !value.includes('{')) continue;
      const channel = subjectOf(value, variables);
      if (channel && !variables.has(key)) variables.set(key, { kind: channel.kind, via: ` (through flow.variables.${key}, set in '${widget.name}')` });
    }
  }
  return variables;
}

function reportLegacy(context: RuleContext, widget: Widget, pointer: PointerSegment[], word: string, start: number, channel: ChannelSubject): void {
  // (Compared as a string, not looked up: a literal such as 'constructor' must not find Object's members.)
  const name = word.toLowerCase();
  if (!CHAT_NAMES.has(name)) return;
  const via = channel.via ?? '';
  if (channel.kind === 'source') {
    context.report({ at: { pointer, slice: [start, start + word.length] }, widget, messageId: name === 'facebook' ? 'facebook' : 'web', data: { word, via } });
  } else if (name !== 'chat') {
    // 'chat' is no Chat-era channel type the team's attribute could have held.
    const messageId = channel.kind === 'guarded' ? (name === 'facebook' ? 'guardedFacebook' : 'guardedWeb') : name === 'facebook' ? 'attributeFacebook' : 'attributeWeb';
    context.report({ at: { pointer, slice: [start, start + word.length] }, widget, messageId, data: { word, via } });
  }
}

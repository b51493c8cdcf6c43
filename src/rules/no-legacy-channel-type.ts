import type { PointerSegment } from '../flow/locate.js';
import type { Widget } from '../flow/model.js';
import { scanLiquid } from '../liquid/scan.js';
import type { Rule, RuleContext } from './types.js';

/** A path that holds the Conversations message source: `trigger.conversation.Source` (or an alias of it). */
export function isSourcePath(segments: readonly (string | null)[]): boolean {
  const last = segments[segments.length - 1];
  return typeof last === 'string' && last === 'Source';
}

export const noLegacyChannelType: Rule = {
  meta: {
    id: 'no-legacy-channel-type',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'warn',
    description: "A comparison of the message Source with 'web' or 'facebook', values a Conversations Source never has.",
    // By legacy channel type, what `trigger.conversation.Source` holds instead (migration-semantics §2: upper
    // case; a webchat conversation's Source is API or SDK, never chat or web). No source names Messenger's.
    messages: {
      web: "'{{word}}' is a Programmable Chat channel type, never a Conversations Source: webchat conversations have Source 'API' or 'SDK' ('api'/'sdk' after | downcase); this comparison will not match",
      facebook:
        "'{{word}}' is a Programmable Chat channel type, never a Conversations Source: Messenger conversations do not have Source facebook; check the value your account shows; this comparison will not match",
    },
    docs: {
      what:
        "Reports split conditions and Liquid comparisons (`==`, `!=`, `contains`, `case`/`when`) that compare `trigger.conversation.Source` (or a value read from it) with the Programmable Chat channel types 'web' or 'facebook', and says what a Conversations channel gives instead. Comparisons with the team's own `ChannelAttributes.channel_type` are not reported: that attribute is whatever the team's code writes, and people who migrated kept comparing it with 'web' and 'facebook' (techmatters/flex-plugins).",
      why:
        "Source is the channel a Conversations message came from, in upper case: SMS, WHATSAPP, and API or SDK for webchat, never 'web' or 'chat' (migration-semantics §2). A branch that waits for 'web' never matches, and those customers silently take the default path.",
      example: {
        before: '{"arguments": ["{{trigger.conversation.Source | downcase}}"], "type": "equal_to", "value": "web"}',
        after: '{"arguments": ["{{trigger.conversation.Source | downcase}}"], "type": "matches_any_of", "value": "api,sdk"}',
      },
      fixSafety:
        'Never fixed automatically: which value is right depends on what the compared variable reads and on the team’s own attributes, and no rewrite of a comparison value is safe (migration-semantics §4). The seed guide’s renames (facebook → messenger for the address channel type) concern the address, not Source.',
    },
  },
  check(context) {
    for (const widget of context.flow.widgets) {
      if (widget.type !== 'split-based-on') continue;
      const input = typeof widget.properties.input === 'string' ? widget.properties.input : '';
      for (const transition of widget.transitions) {
        const conditions = transition.value.conditions;
        if (!Array.isArray(conditions)) continue;
        conditions.forEach((condition: unknown, c) => {
          if (typeof condition !== 'object' || condition === null) return;
          const { arguments: args, value } = condition as { arguments?: unknown; value?: unknown };
          const subject = Array.isArray(args) && typeof args[0] === 'string' ? args[0] : input;
          if (typeof value !== 'string' || !/\b(facebook|web)\b/i.test(value) || !readsSource(subject)) return;
          const pointer = [...widget.pointer, 'transitions', transition.index, 'conditions', c, 'value'];
          // `matches_any_of` holds a comma-separated list: look at each item.
          for (const item of value.matchAll(/[^,]+/g)) {
            const word = item[0].trim();
            reportLegacy(context, widget, pointer, word, item.index + item[0].indexOf(word));
          }
        });
      }
    }
    for (const template of context.flow.templates) {
      for (const comparison of template.scan.comparisons) {
        if (!comparison.reference || !isSourcePath(comparison.reference.segments)) continue;
        reportLegacy(context, template.widget, template.pointer, comparison.literal, comparison.start);
      }
    }
  },
};

/**
 * A subject whose value comes from Source. One that reads the team's own `channel_type` attribute first
 * (`{% if …channel_type %}{{…channel_type}}{% else %}{{…Source | downcase}}{% endif %}`) is the team's value.
 */
function readsSource(subject: string): boolean {
  const references = scanLiquid(subject).references;
  return references.some((r) => isSourcePath(r.segments)) && !references.some((r) => r.segments[r.segments.length - 1] === 'channel_type');
}

function reportLegacy(context: RuleContext, widget: Widget, pointer: PointerSegment[], word: string, start: number): void {
  // (Compared as a string, not looked up: a literal such as 'constructor' must not find Object's members.)
  const messageId = word.toLowerCase();
  if (messageId !== 'web' && messageId !== 'facebook') return;
  context.report({ at: { pointer, slice: [start, start + word.length] }, widget, messageId, data: { word } });
}

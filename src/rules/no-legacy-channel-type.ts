import { replaceInString } from '../fixers/edits.js';
import { RENAMED_CHANNEL_TYPES } from '../migration/channel-types.js';
import type { PointerSegment } from '../flow/locate.js';
import type { Widget } from '../flow/model.js';
import { scanLiquid } from '../liquid/scan.js';
import type { Rule, RuleContext } from './types.js';


/** A path that holds a channel type: ChannelAttributes.channel_type, a `channelType` attribute, Source. */
export function isChannelTypePath(segments: readonly (string | null)[]): boolean {
  const last = segments[segments.length - 1];
  return typeof last === 'string' && /^(channel_?type|source)$/i.test(last);
}

export const noLegacyChannelType: Rule = {
  meta: {
    id: 'no-legacy-channel-type',
    type: 'problem',
    defaultSeverity: 'warn',
    description: "A comparison with the channel type 'facebook' or 'web', which Flex Conversations calls 'messenger' and 'chat'.",
    fixable: 'unsafe',
    docs: {
      what:
        "Reports split conditions and Liquid comparisons (`==`, `!=`, `contains`, `case`/`when`) that compare a channel type (`ChannelAttributes.channel_type`, a `channelType` attribute, `Source`) with 'facebook' or 'web'.",
      why:
        'With Conversations the channel type of Facebook Messenger is `messenger` and that of webchat is `chat` (migration guide, "Migrate addresses"). A branch that waits for the old value never matches again, and those customers silently take the default path.',
      example: {
        before: '{"arguments": ["{{trigger.message.ChannelAttributes.channel_type}}"], "type": "equal_to", "value": "web"}',
        after: '{"arguments": ["{{trigger.conversation.Source | downcase}}"], "type": "equal_to", "value": "chat"}',
      },
      fixSafety:
        'Unsafe: the new value only matches once the compared variable also reads the Conversations value (fix no-message-trigger-variable’s channel_type with --unsafe-fixes at the same time). Applied alone to a flow still on Programmable Chat it breaks the branch it repairs.',
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
          if (typeof value !== 'string' || !/\b(facebook|web)\b/i.test(value) || !readsChannelType(subject)) return;
          const pointer = [...widget.pointer, 'transitions', transition.index, 'conditions', c, 'value'];
          // `matches_any_of` holds a comma-separated list: look at each item. An old name whose new name is
          // listed too already matches both platforms.
          const items = [...value.matchAll(/[^,]+/g)];
          const listed = new Set(items.map((item) => item[0].trim().toLowerCase()));
          for (const item of items) {
            const word = item[0].trim();
            if (listed.has(RENAMED_CHANNEL_TYPES[word.toLowerCase()] ?? '')) continue;
            reportLegacy(context, widget, pointer, word, item.index + item[0].indexOf(word));
          }
        });
      }
    }
    for (const template of context.flow.templates) {
      for (const comparison of template.scan.comparisons) {
        if (!comparison.reference || !isChannelTypePath(comparison.reference.segments)) continue;
        reportLegacy(context, template.widget, template.pointer, comparison.literal, comparison.start);
      }
    }
  },
};

function readsChannelType(subject: string): boolean {
  return scanLiquid(subject).references.some((r) => isChannelTypePath(r.segments));
}

function reportLegacy(context: RuleContext, widget: Widget, pointer: PointerSegment[], word: string, start: number): void {
  const renamed = RENAMED_CHANNEL_TYPES[word.toLowerCase()];
  if (!renamed) return;
  const replacement =
    word === word.toUpperCase() ? renamed.toUpperCase() : word[0] === word[0]!.toUpperCase() ? renamed[0]!.toUpperCase() + renamed.slice(1) : renamed;
  const end = start + word.length;
  context.report({
    at: { pointer, slice: [start, end] },
    widget,
    message: `channel type '${word}' is '${renamed}' under Flex Conversations: this comparison will not match`,
    fix: {
      safety: 'unsafe',
      description: `compare with '${replacement}'`,
      edits: () => [replaceInString(context.locator, pointer, start, end, replacement)],
    },
  });
}

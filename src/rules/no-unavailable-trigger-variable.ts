import { messageVariableReferences } from '../migration/scope.js';
import { formatPath, messageVariableFate } from '../migration/trigger-variables.js';
import { planRename, toTextEdits } from '../fixers/rename-variable.js';
import type { Rule, Suggestion } from './types.js';

export const noUnavailableTriggerVariable: Rule = {
  meta: {
    id: 'no-unavailable-trigger-variable',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'A trigger.message variable that Flex Conversations does not provide (To, From, geo fields, media, …).',
    hasSuggestions: true,
    docs: {
      what:
        'Reports `trigger.message.X` variables that have no Incoming Conversation counterpart: the Twilio number (`To`), the sender (`From`), the SMS geo fields, `NumMedia`, `MediaUrl{N}`, `WebhookSid` and anything else outside the replacement table, also when read through an alias (`{% assign m = trigger.message %}{{ m.From }}`). Where there is a sensible substitute the message suggests it.',
      why:
        'Twilio’s migration guide: Twilio Number (`{{trigger.message.To}}`) and From Number (`{{trigger.message.From}}`) were available in Programmable Chat but are no longer available with Conversations. Left in place they render empty.',
      example: {
        before: '"body": "We got your message from {{trigger.message.From}}"',
        after: '"body": "We got your message from {{contact.channel.address}}"',
      },
      fixSafety:
        'Never fixed automatically: the substitutes carry different data (the conversation author is an identity for chat, an address for SMS). Suggestions are shown and never applied. A team that knows its mapping can set `variableMap` in the config, which turns it into an unsafe fix.',
    },
  },
  check(context) {
    const variableMap = (context.options.variableMap ?? {}) as Record<string, string>;
    for (const reference of messageVariableReferences(context.flow)) {
      const fate = messageVariableFate(reference.ref.segments);
      if (fate.kind !== 'unavailable') continue;
      const { ref, template } = reference;
      const name = formatPath(ref.segments.slice(0, 3));
      const via = ref.alias ? ` (through '${ref.alias.name}')` : '';
      const hint = fate.suggestions.length ? `; consider ${fate.suggestions.map((s) => `'${s}'`).join(' or ')}` : '';
      // Through an alias a rewrite would change the alias's other uses: suggestions only for direct reads.
      const suggestions: Suggestion[] = ref.alias ? [] : fate.suggestions.flatMap((target) => {
        const plan = planRename(reference, { consumes: 3, replacement: target.split('.') });
        return typeof plan === 'string' ? [] : [{ description: `use ${target}`, edits: () => toTextEdits(context.locator, reference, plan) }];
      });
      const mapped = variableMap[name];
      const plan = mapped && !ref.alias ? planRename(reference, { consumes: 3, replacement: mapped.split('.') }) : undefined;
      context.report({
        at: { pointer: template.pointer, slice: [ref.start, ref.end] },
        widget: template.widget,
        message: `'${name}'${via} is not available under Flex Conversations${hint}`,
        suggestions,
        fix:
          plan && typeof plan !== 'string'
            ? { safety: 'unsafe', description: `use ${mapped} (variableMap)`, edits: () => toTextEdits(context.locator, reference, plan) }
            : undefined,
      });
    }
  },
};

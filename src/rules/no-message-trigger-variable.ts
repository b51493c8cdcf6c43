import { aliasUses, messageVariableReferences } from '../migration/scope.js';
import { formatPath, messageVariableFate } from '../migration/trigger-variables.js';
import { planRename, toTextEdits, type DecodedEdit } from '../fixers/rename-variable.js';
import type { Reference } from '../flow/model.js';
import type { LiquidReference } from '../liquid/scan.js';
import type { FixSafety, Rule } from './types.js';

export const noMessageTriggerVariable: Rule = {
  meta: {
    id: 'no-message-trigger-variable',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'A trigger.message variable that has a trigger.conversation replacement.',
    fixable: 'safe-and-unsafe',
    docs: {
      what:
        'Reports `{{trigger.message.X}}` (dotted, bracketed or through an `{% assign %}` alias) where the Incoming Conversation trigger sets the same data under `trigger.conversation.*`, and names the replacement.',
      why:
        'An execution started by a Flex Conversations address has no `trigger.message`: every such variable renders empty. The widget then sends an empty body, routes a task without a channel SID or compares nothing in a split.',
      example: {
        before: '"attributes": "{\\"channelSid\\": \\"{{trigger.message.ChannelSid}}\\"}"',
        after: '"attributes": "{\\"channelSid\\": \\"{{trigger.conversation.ConversationSid}}\\"}"',
      },
      fixSafety:
        'Safe for variables documented with the same meaning on the Incoming Conversation trigger (ChannelSid → ConversationSid, InstanceSid, Body, MessageSid, AccountSid, DateCreated, MessagingServiceSid, ChannelAttributes.*): the rendered value is the same datum. Unsafe for ChannelAttributes.channel_type (becomes `trigger.conversation.Source | downcase`, whose values differ: facebook is messenger, web is chat) and for Attributes, EventType, Index, Source, RetryCount, which production flows use but Twilio does not document. Through an alias, the fix rewrites the `{% assign %}` source and is only offered when every use of the alias can move.',
    },
  },
  check(context) {
    for (const reference of messageVariableReferences(context.flow)) {
      const analysis = analyse(reference);
      if (!analysis) continue;
      const { plan, safety, description } = analysis;
      context.report({
        at: { pointer: reference.template.pointer, slice: [reference.ref.start, reference.ref.end] },
        widget: reference.template.widget,
        message: analysis.message,
        fix: plan && { safety, description, edits: () => toTextEdits(context.locator, reference, plan) },
      });
    }
  },
};

/** What the rule says about one reference, and the rename it plans (in decoded offsets of the template). */
interface Analysis {
  message: string;
  safety: FixSafety;
  description: string;
  plan: DecodedEdit[] | undefined;
}

/**
 * By reference: a scan, with its references, is shared by every template of the same text (scanLiquid), and
 * the analysis depends only on the template's text, so a Send to Flex `channel` repeated in a hundred
 * widgets is analysed once. null: no finding (not renamed, or reported at the alias's assign).
 */
const analyses = new WeakMap<LiquidReference, Analysis | null>();

function analyse(reference: Reference): Analysis | null {
  let analysis = analyses.get(reference.ref);
  if (analysis === undefined) {
    analysis = analyseReference(reference);
    analyses.set(reference.ref, analysis);
  }
  return analysis;
}

function analyseReference(reference: Reference): Analysis | null {
  const { ref } = reference;
  const fate = messageVariableFate(ref.segments);
  if (fate.kind !== 'renamed') return null;
  // A rename inside an alias's source is reported once, at the `{% assign %}` where it is made.
  if (ref.alias && fate.consumes <= ref.alias.target.length) return null;
  const old = formatPath(ref.segments);
  const replacement = formatPath([...fate.replacement, ...ref.segments.slice(fate.consumes)]) + (fate.filter ?? '');
  const via = ref.alias ? ` (through '${ref.alias.name}', assigned from ${formatPath(ref.alias.target)})` : '';
  let message = `'${old}'${via} is not set under Flex Conversations: use '${replacement}'${fate.note ? ` (${fate.note})` : ''}`;

  let safety: FixSafety = fate.safety;
  let blocker: string | undefined;
  for (const use of aliasUses(reference)) {
    const useFate = messageVariableFate(use.ref.segments);
    if (useFate.kind !== 'renamed') {
      blocker = `alias '${use.ref.alias!.name}' is also read as ${formatPath(use.ref.segments)}, which has no replacement`;
    } else if (useFate.safety === 'unsafe' || useFate.filter) safety = 'unsafe';
  }
  const plan = blocker ?? planRename(reference, fate);
  if (typeof plan === 'string') message += `; not fixed automatically: ${plan}`;
  return { message, safety, description: `use ${replacement}`, plan: typeof plan === 'string' ? undefined : plan };
}

import { aliasUses, canRewrite, isChatBoilerplate, messageVariableReferences, reportsBoilerplate, wholeTriggerHandOff } from '../migration/scope.js';
import { formatPath, messageVariableFate, replacementTableSafety } from '../migration/trigger-variables.js';
import { planRename, toTextEdits, type DecodedEdit } from '../fixers/rename-variable.js';
import type { Reference } from '../flow/model.js';
import type { LiquidReference } from '../liquid/scan.js';
import type { FixSafety, Rule } from './types.js';

export const noMessageTriggerVariable: Rule = {
  meta: {
    id: 'no-message-trigger-variable',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    reportsWarnings: 'Studio’s Programmable Chat pre-fill of the send widgets’ service and channel, in a flow the fix migrates',
    description: 'A trigger.message variable that has a trigger.conversation replacement.',
    fixable: 'safe-and-unsafe',
    // Optional parts as data: via (an alias), fallback, note, and why the read is not fixed (notFixed: no
    // rename plan; shared: Incoming Message still reaches the widget), each empty when it does not apply.
    messages: {
      renamed: "'{{variable}}'{{via}} is not set under Flex Conversations: use '{{replacement}}'{{fallback}}{{note}}{{notFixed}}{{shared}}",
      preFill:
        "'{{variable}}'{{via}} is not set under Flex Conversations: use '{{replacement}}'{{fallback}}{{note}}{{notFixed}} (Studio’s Programmable Chat pre-fill, harmless: renamed with the rest of the migration){{shared}}",
    },
    docs: {
      what:
        'Reports `{{trigger.message.X}}` (dotted, bracketed, through an `{% assign %}` alias, or in a tag condition) where the Incoming Conversation trigger sets the data under `trigger.conversation.*`, and names the replacement (migration-semantics §3). Studio’s `service`/`channel` pre-fill in Send Message and Send & Wait is reported as a warning only in a flow the fix migrates, where it is renamed with the rest; in a flow already on Incoming Conversation it is left alone (it “only applies to Programmable Chat”, widget docs). Reads in the Chat branch of a flow that wires both triggers, and behind a dual-mode guard, are not reported.',
      why:
        'An execution started by a Flex Conversations address has no `trigger.message`: every such variable renders empty. The widget then sends an empty body, routes a task without a channel SID or compares nothing in a split.',
      example: {
        before: '"attributes": "{\\"channelSid\\": \\"{{trigger.message.ChannelSid}}\\"}"',
        after: '"attributes": "{\\"channelSid\\": \\"{{trigger.conversation.ConversationSid}}\\"}"',
      },
      get fixSafety() {
        return replacementTableSafety();
      },
    },
  },
  check(context) {
    const { flow } = context;
    // A read that moves with the Trigger (only Incoming Message reaches it) is rewritten only together with
    // the move: where the move is unsafe, so is the rewrite, or --fix would leave a Chat flow reading trigger.conversation.
    const moveIsUnsafe = wholeTriggerHandOff(flow) !== undefined;
    for (const read of messageVariableReferences(flow)) {
      const boilerplate = isChatBoilerplate(read.template);
      if (boilerplate && !reportsBoilerplate(flow, read.context)) continue;
      const analysis = analyse(read);
      if (!analysis) continue;
      const { plan, safety, description } = analysis;
      // In a widget Incoming Message also reaches while it stays wired, the Chat path still reads trigger.message.
      const rewritable = canRewrite(read.context);
      context.report({
        at: { pointer: read.template.pointer, slice: [read.ref.start, read.ref.end] },
        widget: read.template.widget,
        messageId: boilerplate ? 'preFill' : 'renamed',
        data: rewritable
          ? analysis.data
          : { ...analysis.data, shared: `; not fixed automatically: Incoming Message also reaches '${read.template.widget.name}' while it stays wired (unwire it, or guard the read with {% if trigger.conversation %})` },
        // Studio's send-widget boilerplate works unchanged ("only apply to Flows that use Programmable Chat"): not an error.
        severity: boilerplate ? 'warn' : undefined,
        fix:
          rewritable && plan
            ? { safety: read.context === 'migrates' && moveIsUnsafe ? 'unsafe' : safety, description, edits: () => toTextEdits(context.locator, read, plan) }
            : undefined,
      });
    }
  },
};

/** What the rule says about one reference, and the rename it plans (in decoded offsets of the template). */
interface Analysis {
  /** The message's data; `shared` (empty here) depends on the widget and is filled per report. */
  data: Record<string, string>;
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
  const renamed = formatPath([...fate.replacement, ...ref.segments.slice(fate.consumes)]);
  const data = {
    variable: formatPath(ref.segments),
    via: ref.alias ? ` (through '${ref.alias.name}', assigned from ${formatPath(ref.alias.target)})` : '',
    replacement: renamed,
    fallback: fate.fallback ? `, falling back on '${fate.fallback}'` : '',
    note: fate.note ? ` (${fate.note})` : '',
    notFixed: '',
    shared: '',
  };

  let safety: FixSafety = fate.safety;
  let blocker: string | undefined;
  for (const use of aliasUses(reference)) {
    const useFate = messageVariableFate(use.ref.segments);
    if (useFate.kind !== 'renamed') {
      blocker = `alias '${use.ref.alias!.name}' is also read as ${formatPath(use.ref.segments)}, which has no replacement`;
    } else if (useFate.safety === 'unsafe') safety = 'unsafe';
  }
  const plan = blocker ?? planRename(reference, fate);
  if (typeof plan === 'string') data.notFixed = `; not fixed automatically: ${plan}`;
  return { data, safety, description: `use ${renamed}${fate.fallback ? ` (or ${fate.fallback})` : ''}`, plan: typeof plan === 'string' ? undefined : plan };
}

import { aliasUses, canRewrite, isChatBoilerplate, isDualModeGuarded, messageVariableReferences, readContext, reportsBoilerplate } from '../migration/scope.js';
import { triggerMoveBlocker } from '../migration/trigger-move.js';
import { formatPath, messageVariableFate, replacementTableSafety } from '../migration/trigger-variables.js';
import { planRename, toTextEdits, type DecodedEdit } from '../fixers/rename-variable.js';
import type { Reference } from '../flow/model.js';
import { flatConcat } from '../flow/flat-text.js';
import type { LiquidReference } from '../liquid/scan.js';
import type { FixSafety, Rule } from './types.js';

export const noMessageTriggerVariable: Rule = {
  meta: {
    id: 'no-message-trigger-variable',
    type: 'problem',
    category: 'migration',
    defaultSeverity: 'error',
    reportsWarnings: 'Studio’s Programmable Chat pre-fill of the send widgets’ service and channel, in a flow the fix migrates; and the reads of the Chat branch of a flow that serves both triggers, the worklist for merging the two paths',
    description: 'A trigger.message variable that has a trigger.conversation replacement.',
    fixable: 'safe-and-unsafe',
    // Optional parts as data: via (an alias), fallback, note, and why the read is not fixed (notFixed: no
    // rename plan; shared: Incoming Message still reaches the widget), each empty when it does not apply.
    messages: {
      chatBranch:
        "'{{variable}}' is read in the Chat branch of a flow that serves both triggers ('{{name}}' only Incoming Message reaches): when the two paths are merged, use '{{replacement}}'{{note}}",
      renamed: "'{{variable}}'{{via}} is not set under Flex Conversations: use '{{replacement}}'{{fallback}}{{note}}{{notFixed}}{{shared}}",
      preFill:
        "'{{variable}}'{{via}} is not set under Flex Conversations: use '{{replacement}}'{{fallback}}{{note}}{{notFixed}} (Studio’s Programmable Chat pre-fill, harmless: renamed with the rest of the migration){{shared}}",
    },
    docs: {
      what:
        'Reports `{{trigger.message.X}}` (dotted, bracketed, through an `{% assign %}` alias, or in a tag condition) where the Incoming Conversation trigger sets the data under `trigger.conversation.*`, and names the replacement (migration-semantics §3). Studio’s `service`/`channel` pre-fill in Send Message and Send & Wait is reported as a warning only in a flow the fix migrates, where it is renamed with the rest; in a flow already on Incoming Conversation it is left alone (it “only applies to Programmable Chat”, widget docs). Reads behind a dual-mode guard are not reported. In a flow that wires both triggers, the reads of the Chat branch (widgets only Incoming Message reaches) are warnings without a fix: the worklist for the person who merges the two paths. A Chat channel attribute in a Send to Flex attribute the widget sets itself under Conversations (`name`, `channelType`, …) is renamed as people who migrated by hand did, and `no-flex-owned-attribute` keeps reporting it afterwards.',
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
    const moveIsUnsafe = triggerMoveBlocker(flow) !== undefined;
    for (const read of messageVariableReferences(flow)) {
      const boilerplate = isChatBoilerplate(read.template);
      if (boilerplate && !reportsBoilerplate(flow, read.context)) continue;
      const analysis = analyse(read);
      if (!analysis) continue;
      const { safety, description } = analysis;
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
          rewritable && (analysis.plan || analysis.fate)
            ? { safety: read.context === 'migrates' && moveIsUnsafe ? 'unsafe' : safety, description, edits: () => toTextEdits(context.locator, read, planOf(read, analysis)) }
            : undefined,
      });
    }
    // A flow that serves both triggers: Incoming Message still runs its Chat branch, which stays as it is until
    // a person merges the two paths (no-incoming-message-trigger). Its reads are the merge's worklist.
    if (flow.isWired('incomingMessage') && flow.isWired('incomingConversationMessage')) {
      for (const reference of flow.references) {
        const { template, ref } = reference;
        if (ref.segments[0] !== 'trigger' || ref.segments[1] !== 'message' || isDualModeGuarded(ref) || isChatBoilerplate(template)) continue;
        if (readContext(flow, template.widget) !== 'chat-branch') continue;
        const analysis = analyse(reference);
        if (!analysis) continue;
        context.report({
          at: { pointer: template.pointer, slice: [ref.start, ref.end] },
          widget: template.widget,
          messageId: 'chatBranch',
          data: { variable: analysis.data.variable!, name: template.widget.name, replacement: analysis.data.replacement!, note: analysis.data.note! },
          severity: 'warn',
        });
      }
    }
  },
};

/** What the rule says about one reference, and the rename it plans (in decoded offsets of the template). */
interface Analysis {
  /** The message's data; `shared` (empty here) depends on the widget and is filled per report. */
  data: Record<string, string>;
  safety: FixSafety;
  description: string;
  /** The rename, planned (a read through an alias); undefined when there is none, or when `fate` is set. */
  plan: DecodedEdit[] | undefined;
  /** Set on a plain read's analysis, which every read of its path shares: its rename is planned when the fix is made. */
  fate?: Renamed;
}

/**
 * By reference: a scan, with its references, is shared by every template of the same text (scanLiquid), and
 * the analysis depends only on the template's text, so a Send to Flex `channel` repeated in a hundred
 * widgets is analysed once. null: no finding (not renamed, or reported at the alias's assign).
 */
const analyses = new WeakMap<LiquidReference, Analysis | null>();

function analyse(reference: Reference): Analysis | null {
  const { ref } = reference;
  // A plain read (no alias on either side, no dynamic index) is analysed by its path alone, with nothing kept per
  // reference: issue 26's 50 MB flow has 600,000 reads of 13 paths, and each one's analysis, plan and cache entry
  // took 200 bytes for as long as its finding lived.
  if (!ref.alias && ref.definesAlias === undefined && !ref.segments.includes(null)) {
    const plain = plainAnalysis(ref.segments);
    if (plain === null || ref.parts.length >= plain.fate!.consumes) return plain;
  }
  let analysis = analyses.get(ref);
  if (analysis === undefined) {
    analysis = analyseReference(reference);
    analyses.set(ref, analysis);
  }
  return analysis;
}

/** The rename of a reference, planned already or planned now (a plain read: see analyse). */
function planOf(reference: Reference, analysis: Analysis): DecodedEdit[] {
  if (analysis.plan) return analysis.plan;
  const plan = planRename(reference, analysis.fate!);
  // A plain read's path is as long as the rename (analyse checks it): the plan cannot fail. Were it to, the fix
  // would build no edits, and its finding would stay reported (the fix loop and the report both allow for it).
  if (typeof plan === 'string') throw new Error(plan);
  return plan;
}

function analyseReference(reference: Reference): Analysis | null {
  const { ref } = reference;
  const fate = messageVariableFate(ref.segments);
  if (fate.kind !== 'renamed') return null;
  // A rename inside an alias's source is reported once, at the `{% assign %}` where it is made.
  if (ref.alias && fate.consumes <= ref.alias.target.length) return null;
  let safety: FixSafety = fate.safety;
  let blocker: string | undefined;
  for (const use of aliasUses(reference)) {
    const useFate = messageVariableFate(use.ref.segments);
    if (useFate.kind !== 'renamed') {
      blocker = `alias '${use.ref.alias!.name}' is also read as ${formatPath(use.ref.segments)}, which has no replacement`;
    } else if (useFate.safety === 'unsafe') safety = 'unsafe';
  }
  const plan = blocker ?? planRename(reference, fate);
  const { data, description } = saidOf(ref.segments, ref.alias, fate);
  if (typeof plan === 'string') data.notFixed = `; not fixed automatically: ${plan}`;
  return { data, safety, description, plan: typeof plan === 'string' ? undefined : plan };
}

type Renamed = Extract<ReturnType<typeof messageVariableFate>, { kind: 'renamed' }>;

/** The message's data and the fix's description for a read of `segments` (through `alias`, if it has one). */
function saidOf(segments: readonly (string | null)[], alias: LiquidReference['alias'], fate: Renamed): { data: Record<string, string>; description: string } {
  const renamed = formatPath([...fate.replacement, ...segments.slice(fate.consumes)]);
  const data = {
    variable: formatPath(segments),
    via: alias ? ` (through '${alias.name}', assigned from ${formatPath(alias.target)})` : '',
    replacement: renamed,
    fallback: fate.fallback ? `, falling back on '${fate.fallback}'` : '',
    note: fate.note ? ` (${fate.note})` : '',
    notFixed: '',
    shared: '',
  };
  // Flat (src/flow/flat-text.ts): every finding's fix keeps its description.
  return { data, description: flatConcat(['use ', renamed, fate.fallback ? ` (or ${fate.fallback})` : '']) };
}

/**
 * Plain reads' analyses, by path: a flow reads the same dozen variables over and over (600,000 reads of 13 in issue
 * 26's 50 MB flow), and each read's data, description and message were its own objects, 500 bytes a finding. The
 * data is frozen: frozen data says a message can be shared (src/linter/lint.ts messageOf). null: no finding. Cleared
 * at a bound.
 */
const byPath = new Map<string, { segments: readonly (string | null)[]; analysis: Analysis | null }>();

function plainAnalysis(segments: readonly (string | null)[]): Analysis | null {
  const key = segments.join('\u0000');
  const known = byPath.get(key);
  // The same key is the same path but for a segment that holds the separator itself (a bracketed string): compared.
  if (known && known.segments.length === segments.length && known.segments.every((s, i) => s === segments[i])) return known.analysis;
  const fate = messageVariableFate(segments);
  let analysis: Analysis | null = null;
  if (fate.kind === 'renamed') {
    const { data, description } = saidOf(segments, undefined, fate);
    analysis = { data: Object.freeze(data), safety: fate.safety, description, plan: undefined, fate };
  }
  if (byPath.size >= 10_000) byPath.clear();
  byPath.set(key, { segments: [...segments], analysis });
  return analysis;
}

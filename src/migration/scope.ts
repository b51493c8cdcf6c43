/**
 * Which flows the Chat → Conversations migration concerns, and which `trigger.message` reads in them the
 * migration rules look at (migration-semantics.md §1 and §4).
 *
 * The guide retires Programmable Chat *for Flex*. A plain SMS or WhatsApp flow, started by a number's "A
 * message comes in" webhook, keeps receiving Incoming Message from Programmable Messaging with
 * `trigger.message.From`/`To` set: moving its Trigger to Incoming Conversation would stop it from ever
 * running. So a flow is in scope only on evidence: the account (a legacy Flex address points at it), the
 * team's config, or its own content.
 */
import type { Flow, Reference, Template, Widget } from '../flow/model.js';
import type { LiquidReference } from '../liquid/scan.js';
import { formatPath, isTriggerMessagePath } from './trigger-variables.js';

/** How the scope is decided, for the migration rules' docs and `explain`. */
export const MIGRATION_SCOPE_DOC =
  'Migration rules run only on flows the Programmable Chat → Flex Conversations migration concerns (migration-semantics §1). A flow is in scope when the config says so ("migration": "flex" at the top or in an override), when pull recorded that a legacy Flex address starts it, or, on its own content, when its Trigger routes Incoming Conversation, when Incoming Message reaches a Send to Flex (or Autopilot on a chat channel), or when Incoming Message reaches a read of data only Programmable Chat sets (trigger.message.ChannelAttributes, ChannelSid or InstanceSid outside Studio\'s send-widget pre-fill, WebhookSid). A plain SMS or WhatsApp flow on a number\'s messaging webhook is not: Programmable Messaging keeps firing Incoming Message, and moving its Trigger would stop it from ever running. "migration": "none" turns the migration rules off for matching files. The decision and its evidence are in the JSON output (migrationScope) and in --debug.';

/** The team's word in the config: `flex` (in scope), `none` (never), `auto` (decide from the evidence). */
export type MigrationSetting = 'flex' | 'none' | 'auto';

export interface MigrationDecision {
  /** The flow's friendly name or SID, when a file holds several. */
  flow?: string;
  migration: 'flex' | 'none';
  decidedBy: 'config' | 'account' | 'content';
  evidence: string[];
}

/** What the account says about a flow (recorded by `pull`): the legacy Flex addresses that start it. */
export interface AccountFacts {
  legacyAddresses: string[];
}

/** Send Message / Send & Wait properties that Studio pre-fills with trigger.message in every flow. */
const CHAT_BOILERPLATE_WIDGETS = new Set(['send-message', 'send-and-wait-for-reply']);
const CHAT_BOILERPLATE_PROPERTIES = new Set(['service', 'channel']);

/** `trigger.message` fields only Programmable Chat sets (Programmable Messaging's webhook has none of them). */
const CHAT_ONLY_FIELDS = new Set(['ChannelAttributes', 'ChannelSid', 'InstanceSid', 'WebhookSid']);

const EVIDENCE_SHOWN = 3;

export function decideMigration(flow: Flow, setting: MigrationSetting = 'auto', account?: AccountFacts): MigrationDecision {
  if (setting !== 'auto') {
    return { migration: setting, decidedBy: 'config', evidence: [`the config sets "migration": "${setting}" for this file`] };
  }
  if (account?.legacyAddresses.length) {
    return {
      migration: 'flex',
      decidedBy: 'account',
      evidence: account.legacyAddresses.map((a) => `legacy Flex address ${a} starts it (recorded by pull)`),
    };
  }
  const evidence: string[] = [];
  if (flow.isWired('incomingConversationMessage')) evidence.push('the Trigger routes Incoming Conversation, which only a Conversations address fires');
  if (flow.isWired('incomingMessage')) {
    const chatReads = new Set<string>();
    for (const widget of flow.widgets) {
      if (!widget.reachedBy.has('incomingMessage')) continue;
      if (widget.type === 'send-to-flex') evidence.push(`Incoming Message reaches Send to Flex '${widget.name}'`);
      else if (widget.type === 'send-to-auto-pilot' && widget.properties.chat_channel) {
        evidence.push(`Incoming Message reaches Autopilot '${widget.name}' on a chat channel`);
      }
    }
    for (const reference of flow.references) {
      const { ref, template } = reference;
      if (!isTriggerMessagePath(ref.segments) || !template.widget.reachedBy.has('incomingMessage')) continue;
      const field = ref.segments[2];
      if (typeof field !== 'string' || !CHAT_ONLY_FIELDS.has(field) || isChatBoilerplate(template)) continue;
      const read = `'${template.widget.name}' reads ${formatPath(ref.segments.slice(0, 3))}, which only Programmable Chat sets`;
      if (!chatReads.has(read)) {
        chatReads.add(read);
        evidence.push(read);
      }
    }
  }
  if (evidence.length > 0) {
    const shown = evidence.slice(0, EVIDENCE_SHOWN);
    if (evidence.length > EVIDENCE_SHOWN) shown.push(`and ${evidence.length - EVIDENCE_SHOWN} more`);
    return { migration: 'flex', decidedBy: 'content', evidence: shown };
  }
  return {
    migration: 'none',
    decidedBy: 'content',
    evidence: [
      flow.isWired('incomingMessage')
        ? 'no evidence found in the content that Flex starts it: Incoming Message reaches no Send to Flex and no data only Programmable Chat sets, so it is taken for a plain messaging flow that a number’s webhook starts (Programmable Messaging keeps firing Incoming Message there). A hand-off may sit in a subflow or a Function this file does not show: `studio-lint inventory` asks the account which legacy Flex addresses start it, and "migration": "flex" in the config puts it in scope'
        : 'no message trigger is wired',
    ],
  };
}

/**
 * How a `trigger.message` read in a widget fares in a migrated flow, from the Trigger events that reach it:
 * - `conversation`: Incoming Conversation reaches it (and Incoming Message does not): the read is empty now.
 * - `migrates`: only Incoming Message reaches it and Incoming Conversation is not wired: the Trigger fix
 *   moves the wiring, and the read moves with it.
 * - `shared`: both reach it while both stay wired: a rewrite would break the Chat path.
 * - `chat-branch`: only Incoming Message reaches it and Incoming Conversation is wired elsewhere: the Chat
 *   branch of a flow that serves both, left alone while Incoming Message stays wired.
 * - `unreached`: nothing reaches it.
 * - `other`: only calls, REST API or subflow executions reach it: trigger.message is simply empty there.
 */
export type ReadContext = 'conversation' | 'migrates' | 'shared' | 'chat-branch' | 'unreached' | 'other';

export function readContext(flow: Flow, widget: Widget): ReadContext {
  const { reachedBy } = widget;
  if (reachedBy.size === 0) return 'unreached';
  const byMessage = reachedBy.has('incomingMessage');
  const byConversation = reachedBy.has('incomingConversationMessage');
  if (byMessage && byConversation) return 'shared';
  if (byConversation) return 'conversation';
  if (byMessage) return flow.isWired('incomingConversationMessage') ? 'chat-branch' : 'migrates';
  return 'other';
}

/** Whether a fix may rewrite a read in this context now (a shared widget waits until Incoming Message is unwired). */
export function canRewrite(context: ReadContext): boolean {
  return context === 'conversation' || context === 'migrates' || context === 'unreached';
}

/** Studio's `service`/`channel` pre-fill in Send Message and Send & Wait ("only apply to Flows that use Programmable Chat"). */
export function isChatBoilerplate(template: Template): boolean {
  const [where, name] = template.path;
  return (
    template.path.length === 2 &&
    where === 'properties' &&
    CHAT_BOILERPLATE_WIDGETS.has(template.widget.type) &&
    CHAT_BOILERPLATE_PROPERTIES.has(String(name))
  );
}

/**
 * A read that a dual-mode guard keeps for executions Incoming Message starts:
 * `{% if trigger.conversation %}…{% else %}{{trigger.message.X}}{% endif %}` or `{% if trigger.message %}…`.
 */
export function isDualModeGuarded(ref: LiquidReference): boolean {
  return (
    ref.guards?.some(
      (g) =>
        g.segments?.[0] === 'trigger' &&
        ((g.segments[1] === 'conversation' && g.branch === 'else') || (g.segments[1] === 'message' && g.segments.length === 2 && g.branch === 'then')),
    ) ?? false
  );
}

/** `trigger` or `trigger.message` read as a whole object (`| to_json`, a computed key), not through a dual-mode guard. */
export function isWholeTriggerRead(ref: LiquidReference): 'trigger' | 'message' | undefined {
  if (ref.segments[0] !== 'trigger' || ref.definesAlias !== undefined || isDualModeGuarded(ref)) return undefined;
  if (ref.segments.length === 1) return 'trigger';
  if (ref.segments[1] === 'message' && (ref.segments.length === 2 || ref.segments[2] === null)) return 'message';
  return undefined;
}

/**
 * The first widget that Incoming Message reaches and that hands the whole trigger object on: moving the
 * Trigger changes what that code receives (the Conversations shape), so the move is not a safe fix there.
 */
export function wholeTriggerHandOff(flow: Flow): Widget | undefined {
  return flow.derived(findWholeTriggerHandOff);
}

function findWholeTriggerHandOff(flow: Flow): Widget | undefined {
  return flow.references.find((r) => r.template.widget.reachedBy.has('incomingMessage') && isWholeTriggerRead(r.ref))?.template.widget;
}

export interface MessageRead extends Reference {
  context: ReadContext;
}

/**
 * The `trigger.message` reads the migration rules look at, with their context: not in widgets only calls,
 * REST or subflows reach, not in the Chat branch of a flow that serves both, not behind a dual-mode guard.
 */
export function messageVariableReferences(flow: Flow): readonly MessageRead[] {
  return flow.derived(findMessageVariableReferences);
}

function findMessageVariableReferences(flow: Flow): MessageRead[] {
  const reads: MessageRead[] = [];
  for (const { template, ref } of flow.references) {
    if (!isTriggerMessagePath(ref.segments) || isDualModeGuarded(ref)) continue;
    const context = readContext(flow, template.widget);
    if (context === 'other' || context === 'chat-branch') continue;
    reads.push({ template, ref, context });
  }
  return reads;
}

/**
 * Whether the migration rules report Studio's `service`/`channel` boilerplate here: only in a flow that the
 * fix migrates, where renaming it with the rest is what people did (techmatters). In a flow already on
 * Conversations it is harmless and left alone (Twilio Professional Services' park-interaction flow keeps it).
 */
export function reportsBoilerplate(flow: Flow, context: ReadContext): boolean {
  return (context === 'migrates' || context === 'unreached') && flow.isWired('incomingMessage') && !flow.isWired('incomingConversationMessage');
}

/**
 * The references that a rewrite of `reference` moves too: the reads through the alias it defines, or, for
 * a read through an alias, every read through that alias (they share the `{% assign %}` source).
 */
export function aliasUses(reference: Reference): Reference[] {
  const { template, ref } = reference;
  const target = ref.definesAlias !== undefined ? ref.segments : ref.alias?.target;
  if (!target) return [];
  return template.scan.references.filter((r) => r.alias?.target === target).map((r) => ({ template, ref: r }));
}

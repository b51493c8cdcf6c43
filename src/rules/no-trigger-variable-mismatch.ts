import type { LiquidReference } from '../liquid/scan.js';
import { formatPath } from '../migration/trigger-variables.js';
import type { Rule } from './types.js';

/** Which Trigger event sets each `trigger.<kind>` object. */
const SET_BY: Record<string, string> = {
  message: 'incomingMessage',
  conversation: 'incomingConversationMessage',
  call: 'incomingCall',
  request: 'incomingRequest',
  parent: 'incomingParent',
};

/**
 * A dual-mode guard, written on purpose so that one widget serves both triggers (migration-semantics §4:
 * `{% if trigger.conversation %}{{trigger.conversation.AccountSid}}{% else %}{{trigger.message.AccountSid}}{% endif %}`):
 * the presence test itself (`{% if trigger.conversation %}`), a read in the branch that runs only when its
 * object is set, and a read in the `else` of a test of another trigger object. Issue 24: the guard got two errors.
 */
function isDualModeRead(ref: LiquidReference, kind: string): boolean {
  if (ref.segments.length === 2 && !ref.output) return true;
  return (
    ref.guards?.some((g) => {
      const [root, object] = g.segments ?? [];
      if (root !== 'trigger' || typeof object !== 'string' || g.segments!.length !== 2) return false;
      return object === kind ? g.branch === 'then' : g.branch === 'else';
    }) ?? false
  );
}

/** Studio pre-fills these with trigger.message in every send widget, voice flows included: harmless there. */
const CHAT_BOILERPLATE = new Set(['service', 'channel']);

export const noTriggerVariableMismatch: Rule = {
  meta: {
    id: 'no-trigger-variable-mismatch',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'A trigger variable that none of the Trigger events reaching the widget sets.',
    messages: { mismatch: "{{variable}} is read in '{{name}}', which only {{events}} reaches: trigger.{{kind}} is set by {{event}} and is empty here" },
    docs: {
      what:
        'Reports `trigger.call.*`, `trigger.conversation.*`, `trigger.message.*`, `trigger.request.*` and `trigger.parent.*` read in a widget that only other Trigger events reach: `trigger.call.From` in a widget only Incoming Message reaches, `trigger.conversation.*` where only Incoming Message reaches, `trigger.message.Body` in a voice-only widget. A `trigger.message.*` read where Incoming Conversation reaches is the migration rules’ finding (no-message-trigger-variable, no-unavailable-trigger-variable), which also fix it; Studio’s `service`/`channel` boilerplate is not reported, nor a dual-mode guard written so that one widget serves both triggers (`{% if trigger.conversation %}{{trigger.conversation.AccountSid}}{% else %}{{trigger.message.AccountSid}}{% endif %}`: the test itself, the branch that runs only when its object is set, the `else` of a test of another object).',
      why: 'Each Trigger event sets only its own object; the others render empty. Half-migrated flows and flows copied between channels read the wrong one and send blank messages or route on nothing.',
      example: {
        before: 'Trigger: incomingMessage → reply;  reply.body: "We will call {{trigger.call.From}}"',
        after: 'reply.body: "We will call {{contact.channel.address}}"',
      },
    },
  },
  check(context) {
    for (const { template, ref } of context.flow.references) {
      const widget = template.widget;
      const kind = ref.segments[1];
      if (ref.segments[0] !== 'trigger' || typeof kind !== 'string' || !(kind in SET_BY) || widget.reachedBy.size === 0) continue;
      const event = SET_BY[kind]!;
      if (widget.reachedBy.has(event as never)) continue;
      if (kind === 'message' && widget.reachedBy.has('incomingConversationMessage')) continue;
      if (kind === 'message' && template.path.length === 2 && CHAT_BOILERPLATE.has(String(template.path[1]))) continue;
      if (isDualModeRead(ref, kind)) continue;
      const events = [...widget.reachedBy].join(' and ');
      context.report({
        at: { pointer: template.pointer, slice: [ref.start, ref.end] },
        widget,
        messageId: 'mismatch',
        data: { variable: formatPath(ref.segments), name: widget.name, events, kind, event },
      });
    }
  },
};

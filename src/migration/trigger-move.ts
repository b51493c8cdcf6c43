/**
 * Whether moving the Trigger's wiring from Incoming Message to Incoming Conversation is a *safe* fix: the
 * same contact must see the same flow afterwards on every channel. Every widget the move hands to Incoming
 * Conversation renders its templates under `trigger.conversation` from then on, so the move is safe only
 * when each read there that depends on the trigger has a safe rename that `--fix` applies with it. Otherwise
 * `--fix` would leave a half-moved flow: `Hello {{trigger.message.From}}` rendering `Hello ,`, a split on a
 * Chat attribute re-running for every contact (issue 24).
 */
import type { Flow, Widget } from '../flow/model.js';
import { planRename } from '../fixers/rename-variable.js';
import { isChatBoilerplate, messageVariableReferences, wholeTriggerHandOff } from './scope.js';
import { formatPath, messageVariableFate } from './trigger-variables.js';

export interface MoveBlocker {
  /** The widget whose rendering the move changes. */
  widget: Widget;
  /** Why, as a clause: "'notify' passes the whole trigger object on". */
  reason: string;
}

/** Send Message / Send & Wait fields that Studio fills per platform itself: the addresses of the conversation. */
const ADDRESS_FIELDS = new Set(['to', 'from']);
const SEND_WIDGETS = new Set(['send-message', 'send-and-wait-for-reply']);

/** The first thing that makes the move change what a widget renders, or undefined when the move is safe. */
export function triggerMoveBlocker(flow: Flow): MoveBlocker | undefined {
  return flow.derived(findMoveBlocker);
}

function findMoveBlocker(flow: Flow): MoveBlocker | undefined {
  if (!flow.isWired('incomingMessage') || flow.isWired('incomingConversationMessage')) return undefined;
  const handOff = wholeTriggerHandOff(flow);
  if (handOff) return { widget: handOff, reason: `'${handOff.name}' passes the whole trigger object on, and the code that reads it must change with it` };
  for (const read of messageVariableReferences(flow)) {
    if (read.context !== 'migrates') continue;
    const widget = read.template.widget;
    const variable = formatPath(read.ref.segments);
    const fate = messageVariableFate(read.ref.segments);
    if (fate.kind === 'whole') continue; // a guard such as {% if trigger.message %}: the team's own dual-mode switch
    if (fate.kind === 'unavailable') return { widget, reason: `'${widget.name}' reads ${variable}, which Incoming Conversation does not set` };
    if (fate.safety === 'unsafe') return { widget, reason: `'${widget.name}' reads ${variable}, whose replacement renders differently on some channels` };
    if (isChatBoilerplate(read.template)) continue;
    if (typeof planRename(read, fate) === 'string') return { widget, reason: `'${widget.name}' reads ${variable}, which cannot be renamed automatically` };
  }
  // flow.channel.address is the Twilio number under Programmable Chat and the conversation SID under
  // Conversations (migration-semantics §3); Studio's own send widgets take it as the address, elsewhere it
  // is data whose value changes with the move.
  for (const { template, ref } of flow.references) {
    const widget = template.widget;
    if (ref.segments[0] !== 'flow' || ref.segments[1] !== 'channel' || !widget.reachedBy.has('incomingMessage')) continue;
    const [where, name] = template.path;
    if (template.path.length === 2 && where === 'properties' && SEND_WIDGETS.has(widget.type) && ADDRESS_FIELDS.has(String(name))) continue;
    return { widget, reason: `'${widget.name}' reads flow.channel.address, the Twilio number under Programmable Chat and the conversation SID under Conversations` };
  }
  return undefined;
}

/**
 * `--against`: a case run on the migrated flow with its Trigger moved to the other platform (Incoming
 * Message with the Programmable Chat context ↔ Incoming Conversation with the same contact's Conversations
 * context, same channel preset) when the migrated flow no longer wires the case's event, expected to do what
 * it did on the original flow.
 *
 * What is compared: the path, each sent message's widget and body, what was said, and each Send to Flex
 * widget's rendered attributes. Not compared: a message's `to` and `from`, which are the addresses of the
 * platform (`flow.channel.address` is the Twilio number under Chat and the conversation SID under
 * Conversations: migration-semantics §3), and flow variables, which a migration may rename.
 */
import { quote, type Difference } from './expect.js';
import type { Flow } from '../flow/model.js';
import type { Execution } from './runner.js';
import type { FlowTestCase } from './testfile.js';

/**
 * The case as it runs on the migrated flow: unchanged when that flow's Trigger still wires the case's event
 * (a flow the migration left alone, a voice flow, a flow that serves both triggers); otherwise a message
 * trigger's values moved to the other platform.
 */
export function caseForMigratedFlow(testCase: FlowTestCase, migrated: Flow): FlowTestCase {
  if (migrated.isWired(testCase.trigger.event)) return testCase;
  return movedCase(testCase) ?? testCase;
}

/** A message trigger's values moved to the other platform; undefined when the case's trigger has no other platform. */
export function movedCase(testCase: FlowTestCase): FlowTestCase | undefined {
  const t = testCase.trigger;
  if (t.event === 'incomingMessage') {
    const { message, ...rest } = t;
    return { ...testCase, trigger: { ...rest, event: 'incomingConversationMessage', ...(message && { conversation: toConversation(message) }) } };
  }
  if (t.event === 'incomingConversationMessage') {
    const { conversation, ...rest } = t;
    return { ...testCase, trigger: { ...rest, event: 'incomingMessage', ...(conversation && { message: toMessage(conversation) }) } };
  }
  return undefined;
}

/** The same values under the other trigger: same names (the migration's safe renames), and the channel SID as the conversation SID. */
function toConversation(message: Record<string, unknown>): Record<string, unknown> {
  const out = { ...message };
  if ('ChannelSid' in message) out.ConversationSid = message.ChannelSid;
  return out;
}

function toMessage(conversation: Record<string, unknown>): Record<string, unknown> {
  const { ConversationSid, ...out } = conversation;
  if (ConversationSid !== undefined && out.ChannelSid === undefined) out.ChannelSid = ConversationSid;
  return out;
}

/** What the migrated flow did differently from the original, for the same contact. */
export function behaviourDifferences(original: Execution, migrated: Execution): Difference[] {
  const out: Difference[] = [];
  if (migrated.error !== undefined) out.push({ expectation: 'against.run', expected: 'an execution to its end', actual: migrated.error, message: `on the migrated flow: ${migrated.error}` });
  if (original.path.join('\u0000') !== migrated.path.join('\u0000')) {
    // Named at the last widget both ran: the one whose outcome differs (a Split that took another branch).
    let i = 0;
    while (i < original.path.length && original.path[i] === migrated.path[i]) i++;
    out.push({ expectation: 'against.path', ...(i > 0 && { widget: original.path[i - 1] }), expected: original.path, actual: migrated.path, message: `the migrated flow ran ${migrated.path.join(' → ') || 'nothing'}; the original ran ${original.path.join(' → ') || 'nothing'}` });
  }
  const count = Math.max(original.sent.length, migrated.sent.length);
  for (let i = 0; i < count; i++) {
    const a = original.sent[i];
    const b = migrated.sent[i];
    if (a?.widget === b?.widget && a?.body === b?.body) continue;
    out.push({
      expectation: `against.sent[${i}]`,
      widget: a?.widget ?? b?.widget,
      expected: a ? { widget: a.widget, body: a.body } : null,
      actual: b ? { widget: b.widget, body: b.body } : null,
      message: !b ? `the migrated flow did not send '${a!.widget}' ${quote(a!.body)}` : !a ? `the migrated flow also sent '${b.widget}' ${quote(b.body)}` : `'${b.widget}' sends ${quote(b.body)} on the migrated flow; the original sent ${a.widget === b.widget ? '' : `from '${a.widget}' `}${quote(a.body)}`,
    });
  }
  const said = Math.max(original.said.length, migrated.said.length);
  for (let i = 0; i < said; i++) {
    const a = original.said[i];
    const b = migrated.said[i];
    if (a?.widget === b?.widget && a?.text === b?.text) continue;
    out.push({ expectation: `against.said[${i}]`, widget: a?.widget ?? b?.widget, expected: a?.text ?? null, actual: b?.text ?? null, message: `said ${quote(b?.text)} on the migrated flow; the original said ${quote(a?.text)}` });
  }
  const flex = Math.max(original.flex.length, migrated.flex.length);
  for (let i = 0; i < flex; i++) {
    const a = original.flex[i];
    const b = migrated.flex[i];
    const left = a && (a.attributes ?? a.raw);
    const right = b && (b.attributes ?? b.raw);
    if (a?.widget === b?.widget && JSON.stringify(left) === JSON.stringify(right)) continue;
    const keys = left && right && typeof left === 'object' && typeof right === 'object' ? changedKeys(left as Record<string, unknown>, right as Record<string, unknown>) : [];
    out.push({
      expectation: `against.flex[${i}]`,
      widget: a?.widget ?? b?.widget,
      expected: left ?? null,
      actual: right ?? null,
      message: !b
        ? `the migrated flow did not reach Send to Flex '${a!.widget}'`
        : !a
          ? `the migrated flow also hands over to Flex at '${b.widget}'`
          : `'${b.widget}' attributes differ: ${keys.length ? keys.map((k) => `${k} ${quote((right as Record<string, unknown>)[k])} (was ${quote((left as Record<string, unknown>)[k])})`).join(', ') : `${quote(right)} (was ${quote(left)})`}`,
    });
  }
  return out;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

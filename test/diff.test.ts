/**
 * The diff core (src/diff/diff.ts) on flows written here: what a reviewer must see, and what is no change.
 */
import { describe, expect, it } from 'vitest';
import { diffFlow, migrateReads, pairFlows, renameReferences, type FlowDiff } from '../src/diff/diff.js';
import { classify, type FlowEntry } from '../src/flow/load.js';
import { flow, fixtureFlow, studioText, widget } from './helpers.js';

type Json = Record<string, unknown>;

function entries(text: string): FlowEntry[] {
  const c = classify(text);
  if (c.kind !== 'flows') throw new Error(`not a flow: ${c.kind}`);
  return c.flows;
}

function diffTexts(before: string, after: string): FlowDiff {
  const [pair] = pairFlows(entries(before), entries(after));
  return diffFlow('flow.json', pair!.before, pair!.after, pair!.name);
}

const diffValues = (before: unknown, after: unknown) => diffTexts(studioText(before), studioText(after));
const clone = <T>(value: T): T => structuredClone(value);
const states = (f: Json) => f.states as Json[];
const stateNamed = (f: Json, name: string) => states(f).find((s) => s.name === name)!;

/** Every key of every object in reverse order, recursively: the same JSON value written differently. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  return value;
}

const NO_CHANGE = { status: 'unchanged', trigger: [], migration: null, flowFields: [], added: [], removed: [], renamed: [], changed: [], moved: [] };

describe('diff: no change', () => {
  it('a flow re-indented, its keys reordered and its line endings changed is no change', () => {
    const original = fixtureFlow('chat-sms-to-flex');
    const rewritten = JSON.stringify(reverseKeys(original), null, '\t').replace(/\n/g, '\r\n');
    expect(rewritten).not.toBe(studioText(original));
    expect(diffTexts(studioText(original), rewritten)).toMatchObject(NO_CHANGE);
  });

  it('the same flow as a Flow resource (twilio-cli) and a bare definition is no change', () => {
    const definition = fixtureFlow('voice-ivr');
    const resource = { sid: 'FW00000000000000000000000000000001', friendly_name: 'IVR', definition };
    expect(diffTexts(studioText(definition), JSON.stringify(resource))).toMatchObject(NO_CHANGE);
  });
});

describe('diff: moved', () => {
  it('widgets whose only change is their offset are moved, and nothing else is reported', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const after = clone(before);
    (stateNamed(after, 'ask_order').properties as Json).offset = { x: 900, y: 40 };
    (stateNamed(after, 'Trigger').properties as Json).offset = { x: 10, y: 0 };
    expect(diffValues(before, after)).toMatchObject({ ...NO_CHANGE, status: 'changed', moved: ['Trigger', 'ask_order'] });
  });

  it('a widget that moved and changed is changed, its offset not listed among its changes', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const after = clone(before);
    const props = stateNamed(after, 'to_agent').properties as Json;
    props.offset = { x: 1, y: 2 };
    props.priority = '5';
    const diff = diffValues(before, after);
    expect(diff.moved).toEqual([]);
    expect(diff.changed).toEqual([{ name: 'to_agent', type: 'send-to-flex', properties: [{ path: 'properties.priority', before: '0', after: '5' }], transitions: [] }]);
  });
});

describe('diff: widgets', () => {
  const base = () =>
    flow(
      { incomingMessage: 'ask' },
      widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'check', timeout: undefined }, { body: 'Your order number?', timeout: '3600', from: '{{flow.channel.address}}' }),
      widget('check', 'split-based-on', { noMatch: 'reply' }, { input: '{{widgets.ask.inbound.Body}}' }),
      widget('reply', 'send-message', { sent: undefined, failed: undefined }, { body: 'You said {{widgets.ask.inbound.Body}}', to: '{{contact.channel.address}}' }),
    );

  it('a rename carries its references and the transitions to it: one rename, no other change', () => {
    const before = base();
    const after = clone(before);
    stateNamed(after, 'ask').name = 'ask_order_number';
    (states(after)[0]!.transitions as Json[])[0]!.next = 'ask_order_number';
    (stateNamed(after, 'check').properties as Json).input = '{{widgets.ask_order_number.inbound.Body}}';
    (stateNamed(after, 'reply').properties as Json).body = "You said {{widgets['ask_order_number'].inbound.Body}}";
    (stateNamed(before, 'reply').properties as Json).body = "You said {{widgets['ask'].inbound.Body}}";
    (stateNamed(after, 'ask_order_number').properties as Json).offset = { x: 300, y: 300 };
    expect(diffValues(before, after)).toMatchObject({ ...NO_CHANGE, status: 'changed', renamed: [{ from: 'ask', to: 'ask_order_number' }] });
  });

  it('a renamed widget that also changed is renamed and changed under its new name', () => {
    const before = base();
    const after = clone(before);
    stateNamed(after, 'reply').name = 'answer';
    (stateNamed(after, 'check').transitions as Json[])[0]!.next = 'answer';
    (stateNamed(after, 'answer').properties as Json).body = 'You said: {{widgets.ask.inbound.Body}}';
    const diff = diffValues(before, after);
    expect(diff.renamed).toEqual([{ from: 'reply', to: 'answer' }]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        name: 'answer',
        type: 'send-message',
        properties: [{ path: 'properties.body', before: 'You said {{widgets.ask.inbound.Body}}', after: 'You said: {{widgets.ask.inbound.Body}}' }],
        transitions: [],
      },
    ]);
  });

  it('a message deleted in one place and a similar one added in another is removed + added, not a rename', () => {
    const send = (body: string) => ({ service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body });
    const before = flow(
      { incomingMessage: 'split' },
      widget('split', 'split-based-on', { noMatch: 'closed', match: 'bye' }, { input: '{{trigger.message.Body}}' }),
      widget('closed', 'send-message', { sent: undefined }, send('We are closed')),
      widget('bye', 'send-message', { sent: undefined }, send('Bye')),
    );
    const after = structuredClone(before);
    // 'bye' (after a match) deleted; 'thanks' added after the closed message.
    (stateNamed(after, 'split').transitions as Json[])[1] = { event: 'match' };
    (stateNamed(after, 'closed').transitions as Json[])[0] = { event: 'sent', next: 'thanks' };
    states(after).splice(3, 1);
    states(after).push(widget('thanks', 'send-message', { sent: undefined }, send('Thanks for writing')));
    const diff = diffValues(before, after);
    expect(diff).toMatchObject({ removed: ['bye'], added: ['thanks'], renamed: [] });
    // The same widget renamed where it was: a rename (its way in kept, the body changed too).
    const renamed = structuredClone(before);
    stateNamed(renamed, 'bye').name = 'thanks';
    (stateNamed(renamed, 'thanks').properties as Json).body = 'Thanks for writing';
    (stateNamed(renamed, 'split').transitions as Json[])[1] = { event: 'match', next: 'thanks' };
    expect(diffValues(before, renamed)).toMatchObject({ removed: [], added: [], renamed: [{ from: 'bye', to: 'thanks' }] });
  });

  it('a widget replaced by a different one of another type is removed + added, with the transition re-pointed', () => {
    const before = base();
    const after = clone(before);
    states(after).splice(3, 1, widget('to_agent', 'send-to-flex', { callComplete: undefined }, { workflow: 'WW1', channel: 'TC1' }));
    (stateNamed(after, 'check').transitions as Json[])[0]!.next = 'to_agent';
    const diff = diffValues(before, after);
    expect(diff).toMatchObject({ added: ['to_agent'], removed: ['reply'], renamed: [], moved: [] });
    expect(diff.changed).toEqual([{ name: 'check', type: 'split-based-on', properties: [], transitions: [{ event: 'noMatch', before: 'reply', after: 'to_agent' }] }]);
  });

  it('transitions added and removed, properties added, removed and changed inside arrays, by path', () => {
    const before = flow(
      { incomingRequest: 'call' },
      widget('call', 'make-http-request', { success: 'done', failed: undefined }, { url: 'https://example.com/a', parameters: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }], method: 'GET' }),
      widget('done', 'send-message', {}, { body: 'ok' }),
    );
    const after = clone(before);
    const call = stateNamed(after, 'call');
    call.transitions = [{ event: 'success', next: 'done' }, { event: 'failed', next: 'done' }, { event: 'timeout', next: 'done' }];
    const props = call.properties as Json;
    props.parameters = [{ key: 'a', value: '1' }, { key: 'z', value: '9' }, { key: 'b', value: '2' }];
    delete props.method;
    props.content_type = 'application/json';
    expect(diffValues(before, after).changed).toEqual([
      {
        name: 'call',
        type: 'make-http-request',
        properties: [
          { path: 'properties.parameters[1]', after: { key: 'z', value: '9' } },
          { path: 'properties.method', before: 'GET' },
          { path: 'properties.content_type', after: 'application/json' },
        ],
        transitions: [
          { event: 'failed', before: null, after: 'done' },
          { event: 'timeout', after: 'done' },
        ],
      },
    ]);
  });
});

describe('diff: the Trigger, the flow, the migration', () => {
  it('Trigger wiring changes are listed apart from the widgets, flow fields too', () => {
    const before = flow({ incomingCall: 'greet' }, widget('greet', 'say-play', {}, { say: 'Hello' }));
    const after = clone(before);
    (states(after)[0]!.transitions as Json[])[3] = { event: 'incomingRequest', next: 'greet' };
    after.description = 'greets callers and API requests';
    (after.flags as Json).allow_concurrent_calls = false;
    const diff = diffValues(before, after);
    expect(diff.trigger).toEqual([{ event: 'incomingRequest', before: null, after: 'greet' }]);
    expect(diff.flowFields).toEqual([
      { path: 'description', before: 'test flow', after: 'greets callers and API requests' },
      { path: 'flags.allow_concurrent_calls', before: true, after: false },
    ]);
    expect(diff.changed).toEqual([]);
  });

  it('the migration (Trigger moved, reads renamed as the migration renames them) is one line, other changes stay listed', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const after = clone(before);
    const trigger = states(after)[0]!.transitions as Json[];
    trigger[0] = { event: 'incomingMessage' };
    trigger[2] = { event: 'incomingConversationMessage', next: 'check_keyword' };
    const ask = stateNamed(after, 'ask_order').properties as Json;
    ask.service = '{{trigger.conversation.InstanceSid}}';
    ask.channel = '{{trigger.conversation.ConversationSid}}';
    ask.timeout = '600';
    const check = stateNamed(after, 'check_keyword');
    (check.properties as Json).input = '{{trigger.conversation.Body}}';
    const diff = diffValues(before, after);
    expect(diff.trigger).toEqual([]);
    expect(diff.migration).toMatchObject({
      triggerMoved: true,
      summary: 'migrated from Programmable Chat to Conversations: the Trigger moved from Incoming Message to Incoming Conversation, 3 trigger.message reads renamed to trigger.conversation in 2 widgets',
    });
    expect(diff.migration!.reads.map((r) => `${r.widget} ${r.path}`)).toEqual(['check_keyword properties.input', 'ask_order properties.service', 'ask_order properties.channel']);
    expect(diff.changed).toEqual([{ name: 'ask_order', type: 'send-and-wait-for-reply', properties: [{ path: 'properties.timeout', before: '3600', after: '600' }], transitions: [] }]);
  });

  it('a Trigger moved to another widget: the migration line says where it leads now, and the wiring stays listed', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const after = clone(before);
    const trigger = states(after)[0]!.transitions as Json[];
    const first = trigger[0]!.next as string;
    trigger[0] = { event: 'incomingMessage' };
    trigger[2] = { event: 'incomingConversationMessage', next: 'ask_order' };
    expect(first).not.toBe('ask_order');
    const diff = diffValues(before, after);
    expect(diff.migration?.summary).toBe(
      `migrated from Programmable Chat to Conversations: the Trigger moved from Incoming Message (to '${first}') to Incoming Conversation, which now leads to another widget ('ask_order')`,
    );
    expect(diff.trigger).toEqual([
      { event: 'incomingMessage', before: first, after: null },
      { event: 'incomingConversationMessage', before: null, after: 'ask_order' },
    ]);
  });

  it('a Trigger that lists Incoming Message twice, the first unwired: the migration line names the wired one', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const trigger = states(before)[0]!.transitions as Json[];
    const first = trigger[0]!.next as string;
    trigger[0] = { event: 'incomingMessage' };
    trigger.push({ event: 'incomingMessage', next: first });
    const after = clone(before);
    const moved = states(after)[0]!.transitions as Json[];
    moved[moved.length - 1] = { event: 'incomingMessage' };
    moved[2] = { event: 'incomingConversationMessage', next: 'ask_order' };
    const diff = diffValues(before, after);
    expect(diff.migration?.summary).toContain(`Incoming Message (to '${first}') to Incoming Conversation, which now leads to another widget ('ask_order')`);
  });

  it('a trigger.message read renamed other than the migration renames it stays a change to review', () => {
    const before = fixtureFlow('chat-sms-to-flex');
    const after = clone(before);
    const trigger = states(after)[0]!.transitions as Json[];
    trigger[0] = { event: 'incomingMessage' };
    trigger[2] = { event: 'incomingConversationMessage', next: 'check_keyword' };
    (stateNamed(after, 'ask_order').properties as Json).channel = '{{trigger.conversation.ChannelSid}}';
    const diff = diffValues(before, after);
    expect(diff.migration?.reads).toEqual([]);
    expect(diff.changed[0]!.properties).toEqual([{ path: 'properties.channel', before: '{{trigger.message.ChannelSid}}', after: '{{trigger.conversation.ChannelSid}}' }]);
  });

  it('migrateReads applies the fates of src/migration (ChannelSid → ConversationSid, pre_engagement_data → the conversation)', () => {
    expect(migrateReads('{{trigger.message.ChannelSid}} {{trigger.message.Body}}')).toBe('{{trigger.conversation.ConversationSid}} {{trigger.conversation.Body}}');
    expect(migrateReads('{{trigger.message.ChannelAttributes.pre_engagement_data.friendlyName}}')).toBe('{{trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName}}');
    expect(migrateReads('{{trigger.message.To}}')).toBe('{{trigger.message.To}}');
  });

  it('renameReferences renames widgets.X and widgets["X"], never a longer name', () => {
    const to = new Map([['ask', 'question']]);
    expect(renameReferences('{{widgets.ask.inbound.Body}} {{widgets["ask"].x}} {{widgets.ask_more.x}} {{flow.variables.ask}}', to)).toBe(
      '{{widgets.question.inbound.Body}} {{widgets["question"].x}} {{widgets.ask_more.x}} {{flow.variables.ask}}',
    );
  });

  it('a flow added or removed lists every widget as added or removed', () => {
    const text = studioText(fixtureFlow('voice-ivr'));
    const [entry] = entries(text);
    const added = diffFlow('f.json', undefined, entry);
    expect(added.status).toBe('added');
    expect(added.added).toEqual((fixtureFlow('voice-ivr').states as Json[]).map((s) => s.name));
    expect(diffFlow('f.json', entry, undefined)).toMatchObject({ status: 'removed', added: [] });
  });

  it('flows of a twilio-cli list pair by SID, not by position', () => {
    const a = { sid: 'FW1', friendly_name: 'one', definition: fixtureFlow('voice-ivr') };
    const b = { sid: 'FW2', friendly_name: 'two', definition: fixtureFlow('sms-autoresponder') };
    const pairs = pairFlows(entries(JSON.stringify([a, b])), entries(JSON.stringify([b, a])));
    expect(pairs.map((p) => [p.name, p.before?.resource?.sid, p.after?.resource?.sid])).toEqual([
      ['one', 'FW1', 'FW1'],
      ['two', 'FW2', 'FW2'],
    ]);
  });
});

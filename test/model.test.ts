import { describe, expect, it } from 'vitest';
import { classify } from '../src/flow/load.js';
import { Flow } from '../src/flow/model.js';
import { messageVariableReferences, wholeTriggerHandOff } from '../src/migration/scope.js';

function flowOf(states: unknown[]): Flow {
  const classified = classify(JSON.stringify({ description: 'test', states, initial_state: 'Trigger', flags: {} }));
  if (classified.kind !== 'flows') throw new Error(classified.kind);
  return new Flow(classified.flows[0]!);
}

const chatFlow = () =>
  flowOf([
    { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingMessage', next: 'hello' }], properties: {} },
    {
      name: 'hello',
      type: 'send-message',
      transitions: [{ event: 'sent', next: 'fn' }],
      properties: { body: 'Hi {{trigger.message.ChannelSid}}' },
    },
    { name: 'fn', type: 'run-function', transitions: [], properties: { parameters: [{ key: 't', value: '{{trigger | to_json}}' }] } },
  ]);

describe('Flow.derived', () => {
  it('computes a value once per flow and hands the same one to every caller', () => {
    const flow = chatFlow();
    let calls = 0;
    const count = (f: Flow) => {
      calls++;
      return { widgets: f.widgets.length };
    };
    const first = flow.derived(count);
    expect(flow.derived(count)).toBe(first);
    expect(calls).toBe(1);
    expect(first.widgets).toBe(3);
    // Another flow has its own value.
    expect(chatFlow().derived(count)).not.toBe(first);
    expect(calls).toBe(2);
  });

  it('keeps an undefined result (no second computation)', () => {
    const flow = chatFlow();
    let calls = 0;
    const nothing = () => {
      calls++;
      return undefined;
    };
    expect(flow.derived(nothing)).toBeUndefined();
    expect(flow.derived(nothing)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('serves the rules the same trigger.message reads and hand-off widget on every call', () => {
    const flow = chatFlow();
    const reads = messageVariableReferences(flow);
    expect(reads.map((r) => [r.template.widget.name, r.context, r.ref.segments.join('.')])).toEqual([['hello', 'migrates', 'trigger.message.ChannelSid']]);
    expect(messageVariableReferences(flow)).toBe(reads);
    expect(wholeTriggerHandOff(flow)?.name).toBe('fn');
  });
});

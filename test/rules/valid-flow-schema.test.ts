import { describe, expect, it } from 'vitest';
import { expectMetaAgrees, flow, lintRule, studioText, widget } from '../helpers.js';

describe('valid-flow-schema', () => {
  it('reports property types in Studio words, unknown events, a transition key `name`, and unknown types as warnings', () => {
    const code = studioText(
      flow(
        { incomingConversationMessage: 'to_agent' },
        {
          name: 'to_agent',
          type: 'send-to-flex',
          transitions: [{ name: 'retry', event: 'failedToEnqueue' }, { event: 'sent' }],
          properties: { workflow: 'WW1', channel: 'TC1', attributes: '{}', priority: 0, offset: { x: 0, y: 0 } },
        },
        widget('menu', 'gather-input-on-call', {}, { timeout: '5', stop_gather: 'true' }),
        widget('custom', 'my-widget', {}, {}),
      ),
    );
    const messages = lintRule('valid-flow-schema', code);
    expect(messages.map((m) => [m.severity, m.message])).toEqual([
      [2, 'a transition of send-to-flex \'to_agent\' has an unknown key \'name\' (did you mean "next"? As written, this branch leads nowhere): a transition takes event, next and conditions'],
      [2, "send-to-flex 'to_agent' has no transition event 'sent': its events are callComplete, failedToEnqueue, callFailure"],
      [2, 'send-to-flex `priority` must be a string such as "0" (in send-to-flex \'to_agent\')'],
      [2, 'gather-input-on-call `timeout` must be an integer such as 5 (in gather-input-on-call \'menu\')'],
      [2, 'gather-input-on-call `stop_gather` must be a boolean such as true (in gather-input-on-call \'menu\')'],
      [1, "unknown widget type 'my-widget': Studio may not accept it (known types: see studio-lint explain valid-flow-schema)"],
    ]);
    const at = (m: (typeof messages)[number]) => code.split('\n')[m.line - 1]!.slice(m.column - 1, m.endColumn - 1);
    expect(messages.map(at)).toEqual(['"name"', '"sent"', '0', '"5"', '"true"', '"my-widget"']);
  });

  it('reports envelope problems', () => {
    const messages = lintRule('valid-flow-schema', JSON.stringify({ states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: {} }], flags: { allow_concurrent_calls: 'yes' } }));
    expect(messages.map((m) => m.message)).toEqual(["the flow has no `initial_state`", '`allow_concurrent_calls` must be a boolean']);
  });

  it('reports a widget without a type, or with a type that is not a string, once', () => {
    const states = [
      { name: 'Trigger', type: 'trigger', transitions: [], properties: {} },
      { name: 'a', transitions: [], properties: {} },
      { name: 'b', type: 42, transitions: [], properties: {} },
    ];
    const messages = lintRule('valid-flow-schema', JSON.stringify({ initial_state: 'Trigger', states }));
    expect(messages.map((m) => m.message)).toEqual(["widget 'a' has no `type`", '`type` must be a string such as "42" (in widget \'b\')']);
  });

  it('accepts every fixture', () => {
    for (const name of ['chat-sms-to-flex', 'webchat-pre-engagement', 'conversations-migrated', 'voice-ivr']) {
      expect(lintRule('valid-flow-schema', studioText(JSON.parse(readFixture(name)))), name).toEqual([]);
    }
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';
function readFixture(name: string): string {
  return readFileSync(path.join(ROOT, 'fixtures', `${name}.json`), 'utf8');
}

describe('valid-flow-schema meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('valid-flow-schema'));
});

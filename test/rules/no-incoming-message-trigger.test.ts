import { describe, expect, it } from 'vitest';
import { expectMetaAgrees, fixRule, flow, lintRule, studioText, testRule, widget } from '../helpers.js';

// Flows that hand the contact to Flex: what puts them in the migration's scope.
const send = widget('greet', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{}' });
const other = widget('other', 'send-to-flex', {}, { workflow: 'WW2', channel: 'TC1', attributes: '{}' });

describe('no-incoming-message-trigger', () => {
  it('reports the incomingMessage transition and moves its wiring to Incoming Conversation', () => {
    const before = studioText(flow({ incomingMessage: 'greet' }, send));
    const after = studioText(flow({ incomingConversationMessage: 'greet' }, send));
    const transition = '{\n          "next": "greet",\n          "event": "incomingMessage"\n        }';
    testRule('no-incoming-message-trigger', {
      valid: [
        studioText(flow({ incomingConversationMessage: 'greet' }, send)),
        studioText(flow({ incomingCall: 'greet' }, send)),
        // Listed but unwired is what a migrated flow looks like.
        studioText(flow({}, send)),
      ],
      invalid: [{ code: before, errors: [{ text: transition, message: /routes Incoming Message to 'greet'/ }], output: after }],
    });
  });

  it('creates the incomingConversationMessage transition that older exports lack, in the file’s layout', () => {
    const code = `{"description": "old", "states": [
  {"name": "Trigger", "type": "trigger", "transitions": [
    {"next": "greet", "event": "incomingMessage"},
    {"event": "incomingCall"}
  ], "properties": {"offset": {"x": 0, "y": 0}}},
  {"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {"workflow": "WW1", "channel": "TC1"}}
], "initial_state": "Trigger"}`;
    const output = code.replace(
      '{"next": "greet", "event": "incomingMessage"},',
      '{"event": "incomingMessage"},\n    {"next": "greet", "event": "incomingConversationMessage"},',
    );
    testRule('no-incoming-message-trigger', {
      valid: [],
      invalid: [{ code, errors: [{ text: '{"next": "greet", "event": "incomingMessage"}' }], output }],
    });
  });

  it('moves a `next` written after the event, and fills an empty next', () => {
    const code = `{"states": [{"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "greet"}, {"event": "incomingConversationMessage", "next": ""}], "properties": {}},
{"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {}}], "initial_state": "Trigger"}`;
    const output = code
      .replace('{"event": "incomingMessage", "next": "greet"}', '{"event": "incomingMessage"}')
      .replace('"next": ""', '"next": "greet"');
    testRule('no-incoming-message-trigger', { valid: [], invalid: [{ code, errors: [{ text: '{"event": "incomingMessage", "next": "greet"}' }], output }] });
  });

  it('only unwires Incoming Message when both events already lead to the same widget', () => {
    const code = studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'greet' }, send));
    const output = studioText(flow({ incomingConversationMessage: 'greet' }, send));
    testRule('no-incoming-message-trigger', {
      valid: [],
      invalid: [{ code, errors: [{ text: '{\n          "next": "greet",\n          "event": "incomingMessage"\n        }' }], output }],
    });
  });

  it('has no fix when the two events lead to different widgets', () => {
    const code = studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'other' }, send, other));
    testRule('no-incoming-message-trigger', {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: '{\n          "next": "greet",\n          "event": "incomingMessage"\n        }', message: /a person must merge the two paths/ }],
        },
      ],
    });
  });

  it('says nothing about a plain SMS flow: a number’s webhook keeps firing Incoming Message', () => {
    const reply = widget('reply', 'send-message', {}, { body: 'Thanks {{trigger.message.From}}, we got "{{trigger.message.Body}}"', to: '{{contact.channel.address}}' });
    const code = studioText(flow({ incomingMessage: 'reply' }, reply));
    testRule('no-incoming-message-trigger', { valid: [code], invalid: [] });
    expect(lintRule('no-message-trigger-variable', code)).toEqual([]);
  });

  it('reports every wired incomingMessage transition, and a second one to the same widget is unwired too', () => {
    const code = `{"states": [{"name": "Trigger", "type": "trigger", "transitions": [{"next": "greet", "event": "incomingMessage"}, {"next": "greet", "event": "incomingMessage"}, {"event": "incomingConversationMessage"}], "properties": {}},
{"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {}}], "initial_state": "Trigger"}`;
    const messages = lintRule('no-incoming-message-trigger', code);
    expect(messages).toHaveLength(2);
    const fixed = fixRule('no-incoming-message-trigger', code);
    expect(fixed).toContain('[{"event": "incomingMessage"}, {"event": "incomingMessage"}, {"next": "greet", "event": "incomingConversationMessage"}]');
    expect(lintRule('no-incoming-message-trigger', fixed)).toEqual([]);
  });

  it('grades the move unsafe where Incoming Message reaches a whole-trigger use: the code that receives it must change too', () => {
    const fn = widget('notify', 'run-function', { success: 'greet' }, { url: 'https://x.example/fn', parameters: [{ key: 'event', value: '{{trigger | to_json}}' }] });
    const code = studioText(flow({ incomingMessage: 'notify' }, fn, send));
    const [m] = lintRule('no-incoming-message-trigger', code);
    expect(m!.fixSafety).toBe('unsafe');
    expect(m!.message).toMatch(/'notify' passes the whole trigger object on/);
    expect(fixRule('no-incoming-message-trigger', code)).toBe(code);
    expect(fixRule('no-incoming-message-trigger', code, { unsafe: true })).toContain('"event": "incomingConversationMessage"');
    testRule('no-incoming-message-trigger', {
      valid: [],
      invalid: [
        {
          code,
          errors: [{ text: '{\n          "next": "notify",\n          "event": "incomingMessage"\n        }', message: /'notify' passes the whole trigger object on/ }],
          unsafeOutput: studioText(flow({ incomingConversationMessage: 'notify' }, fn, send)),
        },
      ],
    });
  });
});

describe('no-incoming-message-trigger meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-incoming-message-trigger'));
});

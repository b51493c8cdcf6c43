import { describe, it } from 'vitest';
import { chatFlowWith, conversationFlowWith, expectMetaAgrees, testRule } from '../helpers.js';

const RULE = 'no-whole-trigger-reference';
const param = (value: string) => chatFlowWith('run-function', { parameters: [{ key: 'event', value }] });

describe(RULE, () => {
  it('reports trigger and trigger.message used whole where Incoming Message reaches, directly or through an alias', () => {
    testRule(RULE, {
      valid: [param('{{trigger.message.Body}}'), param('{{trigger.conversation | to_json}}'), param('{% assign m = trigger.message %}{{ m.Body }}')],
      invalid: [
        { code: param('{{trigger.message | to_json}}'), errors: [{ text: 'trigger.message', message: /^'trigger\.message' is used as a whole object with '\| to_json'/ }] },
        { code: param('{{ trigger | to_json }}'), errors: [{ text: 'trigger', within: '{{ trigger', message: /^'trigger' is used/ }] },
        { code: param('{% assign m = trigger.message %}{{ m | to_json }}'), errors: [{ text: 'm', within: '{{ m |', message: /through 'm'/ }] },
        { code: param('{{ trigger.message[key] }}'), errors: [{ text: 'trigger.message[key]' }] },
      ],
    });
  });

  it('says nothing in a flow already on Incoming Conversation: the object is the Conversations shape the receiver reads', () => {
    const conversation = (value: string) => conversationFlowWith('run-function', { parameters: [{ key: 'event', value }] });
    testRule(RULE, { valid: [conversation('{{ trigger | to_json }}'), conversation('{% assign t = trigger %}{{ t | to_json }}')], invalid: [] });
  });
});

describe(`${RULE} after the Trigger moved`, () => {
  it('still reports trigger.message used whole in a Conversations flow: it is empty there', () => {
    const conversation = (value: string) => conversationFlowWith('run-function', { parameters: [{ key: 'event', value }] });
    testRule(RULE, { valid: [], invalid: [{ code: conversation('{{trigger.message | to_json}}'), errors: [{ text: 'trigger.message', message: /is empty under Flex Conversations/ }] }] });
  });
});

describe('no-whole-trigger-reference meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('no-whole-trigger-reference'));
});

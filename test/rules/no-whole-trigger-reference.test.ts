import { chatFlowWith, conversationFlowWith, ruleTester } from '../helpers.js';

const param = (value: string) => chatFlowWith('run-function', { parameters: [{ key: 'event', value }] });
const conversation = (value: string) => conversationFlowWith('run-function', { parameters: [{ key: 'event', value }] });

// Reports trigger and trigger.message used whole where Incoming Message reaches, directly or through an alias;
// in a flow on Incoming Conversation, trigger whole is the Conversations shape the receiver reads.
ruleTester('no-whole-trigger-reference', {
  valid: [
    { name: 'a field of trigger.message', code: param('{{trigger.message.Body}}') },
    { name: 'trigger.conversation whole', code: param('{{trigger.conversation | to_json}}') },
    { name: 'a field read through an alias', code: param('{% assign m = trigger.message %}{{ m.Body }}') },
    { name: 'trigger whole in a flow on Incoming Conversation', code: conversation('{{ trigger | to_json }}') },
    { name: 'trigger whole through an alias in a flow on Incoming Conversation', code: conversation('{% assign t = trigger %}{{ t | to_json }}') },
  ],
  invalid: [
    {
      name: 'trigger.message whole with a filter',
      code: param('{{trigger.message | to_json}}'),
      errors: [{ text: 'trigger.message', messageId: 'chatShape', data: { path: 'trigger.message', via: '', how: " with '| to_json'" } }],
    },
    {
      name: 'trigger whole',
      code: param('{{ trigger | to_json }}'),
      errors: [
        {
          text: 'trigger',
          within: '{{ trigger',
          message: "'trigger' is used as a whole object with '| to_json': the code that reads it depends on the Programmable Chat message shape, which Flex Conversations replaces with trigger.conversation",
        },
      ],
    },
    {
      name: 'through an alias',
      code: param('{% assign m = trigger.message %}{{ m | to_json }}'),
      errors: [{ text: 'm', within: '{{ m |', messageId: 'chatShape', data: { path: 'trigger.message', via: " (through 'm')", how: " with '| to_json'" } }],
    },
    {
      name: 'indexed with a computed key',
      code: param('{{ trigger.message[key] }}'),
      errors: [{ text: 'trigger.message[key]', messageId: 'chatShape', data: { path: 'trigger.message[…]', via: '', how: '' } }],
    },
    {
      name: 'trigger.message whole in a flow on Incoming Conversation: empty there',
      code: conversation('{{trigger.message | to_json}}'),
      errors: [
        {
          text: 'trigger.message',
          messageId: 'empty',
          data: { path: 'trigger.message', via: '', how: " with '| to_json'" },
          message: "'trigger.message' is used as a whole object with '| to_json', and is empty under Flex Conversations: pass trigger.conversation and update the code that reads it",
        },
      ],
    },
  ],
});

import { flow, ruleTester, studioText, widget } from '../helpers.js';

// Flows that hand the contact to Flex: what puts them in the migration's scope.
const send = widget('greet', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{}' });
const other = widget('other', 'send-to-flex', {}, { workflow: 'WW2', channel: 'TC1', attributes: '{}' });
/** The Trigger's incomingMessage transition as studioText writes it. */
const wiredTo = (next: string) => `{\n          "next": "${next}",\n          "event": "incomingMessage"\n        }`;

const olderExport = `{"description": "old", "states": [
  {"name": "Trigger", "type": "trigger", "transitions": [
    {"next": "greet", "event": "incomingMessage"},
    {"event": "incomingCall"}
  ], "properties": {"offset": {"x": 0, "y": 0}}},
  {"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {"workflow": "WW1", "channel": "TC1"}}
], "initial_state": "Trigger"}`;
const nextAfterEvent = `{"states": [{"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "greet"}, {"event": "incomingConversationMessage", "next": ""}], "properties": {}},
{"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {}}], "initial_state": "Trigger"}`;
const wiredTwice = (first: string, second: string) => `{"states": [{"name": "Trigger", "type": "trigger", "transitions": [${first}, ${second}, {"event": "incomingConversationMessage"}], "properties": {}},
{"name": "greet", "type": "send-to-flex", "transitions": [], "properties": {}}, {"name": "other", "type": "send-to-flex", "transitions": [], "properties": {}}], "initial_state": "Trigger"}`;
const toGreet = '{"next": "greet", "event": "incomingMessage"}';
const toOther = '{"next": "other", "event": "incomingMessage"}';
const unwired = '{"event": "incomingMessage"}';
const handOff = widget('notify', 'run-function', { success: 'greet' }, { url: 'https://x.example/fn', parameters: [{ key: 'event', value: '{{trigger | to_json}}' }] });
const reply = widget('reply', 'send-message', {}, { body: 'Thanks {{trigger.message.From}}, we got "{{trigger.message.Body}}"', to: '{{contact.channel.address}}' });

ruleTester('no-incoming-message-trigger', {
  valid: [
    { name: 'wired from Incoming Conversation', code: studioText(flow({ incomingConversationMessage: 'greet' }, send)) },
    { name: 'wired from Incoming Call', code: studioText(flow({ incomingCall: 'greet' }, send)) },
    // Listed but unwired is what a migrated flow looks like.
    { name: 'Incoming Message listed but unwired', code: studioText(flow({}, send)) },
    // A number's messaging webhook keeps firing Incoming Message: no part of the migration.
    { name: 'a plain SMS flow', code: studioText(flow({ incomingMessage: 'reply' }, reply)) },
    { name: 'two incomingMessage transitions once fixed', code: wiredTwice(unwired, unwired).replace('{"event": "incomingConversationMessage"}', '{"next": "greet", "event": "incomingConversationMessage"}') },
  ],
  invalid: [
    {
      name: 'moves the wiring to Incoming Conversation',
      code: studioText(flow({ incomingMessage: 'greet' }, send)),
      errors: [
        {
          text: wiredTo('greet'),
          messageId: 'move',
          data: { from: 'greet' },
          message: "the Trigger routes Incoming Message to 'greet': Flex Conversations starts flows from Incoming Conversation (incomingConversationMessage)",
        },
      ],
      output: studioText(flow({ incomingConversationMessage: 'greet' }, send)),
    },
    {
      name: 'creates the incomingConversationMessage transition that older exports lack, in the file’s layout',
      code: olderExport,
      errors: [{ text: toGreet, messageId: 'move', data: { from: 'greet' } }],
      output: olderExport.replace(`${toGreet},`, `${unwired},\n    {"next": "greet", "event": "incomingConversationMessage"},`),
    },
    {
      name: 'moves a `next` written after the event, and fills an empty next',
      code: nextAfterEvent,
      errors: [{ text: '{"event": "incomingMessage", "next": "greet"}', messageId: 'move' }],
      output: nextAfterEvent.replace('{"event": "incomingMessage", "next": "greet"}', unwired).replace('"next": ""', '"next": "greet"'),
    },
    {
      // A flow serving both platforms on purpose: unwiring stops it for Chat contacts still on a legacy address.
      name: 'when both events already lead to the same widget, unwiring Incoming Message is an unsafe fix only',
      code: studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'greet' }, send)),
      errors: [{ text: wiredTo('greet'), messageId: 'dual', message: /routes both Incoming Message and Incoming Conversation to 'greet'.*unsafe fix/ }],
      output: studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'greet' }, send)),
      unsafeOutput: studioText(flow({ incomingConversationMessage: 'greet' }, send)),
    },
    {
      name: 'no fix when the two events lead to different widgets',
      code: studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'other' }, send, other)),
      errors: [
        {
          text: wiredTo('greet'),
          messageId: 'merge',
          data: { from: 'greet', other: 'Incoming Conversation', to: 'other' },
          message: "the Trigger routes Incoming Message to 'greet' and Incoming Conversation to 'other': a person must merge the two paths, then unwire Incoming Message",
        },
      ],
      unsafeOutput: studioText(flow({ incomingMessage: 'greet', incomingConversationMessage: 'other' }, send, other)),
    },
    {
      name: 'every wired incomingMessage transition: a second one to the same widget is unwired too',
      code: wiredTwice(toGreet, toGreet),
      errors: [
        { text: toGreet, messageId: 'move' },
        { text: toGreet, occurrence: 2, messageId: 'move' },
      ],
      output: wiredTwice(unwired, unwired).replace('{"event": "incomingConversationMessage"}', '{"next": "greet", "event": "incomingConversationMessage"}'),
    },
    {
      name: 'a second one to another widget is for a person to merge',
      code: wiredTwice(toGreet, toOther),
      errors: [
        { text: toGreet, messageId: 'move' },
        { text: toOther, messageId: 'merge', data: { from: 'other', other: 'Incoming Message again', to: 'greet' } },
      ],
      output: wiredTwice(unwired, toOther).replace('{"event": "incomingConversationMessage"}', '{"next": "greet", "event": "incomingConversationMessage"}'),
    },
    {
      name: 'an unsafe move where Incoming Message reaches a whole-trigger use: the code that receives it must change too',
      code: studioText(flow({ incomingMessage: 'notify' }, handOff, send)),
      errors: [
        {
          text: wiredTo('notify'),
          messageId: 'moveUnsafe',
          data: { from: 'notify', reason: "'notify' passes the whole trigger object on, and the code that reads it must change with it" },
          message:
            "the Trigger routes Incoming Message to 'notify': Flex Conversations starts flows from Incoming Conversation (incomingConversationMessage); the move is an unsafe fix here: 'notify' passes the whole trigger object on, and the code that reads it must change with it",
        },
      ],
      unsafeOutput: studioText(flow({ incomingConversationMessage: 'notify' }, handOff, send)),
    },
    {
      // Issue 24: a safe move left `Hello {{trigger.message.From}}` rendering `Hello ,`.
      name: 'an unsafe move where a moved widget reads a variable whose replacement renders differently (From)',
      code: studioText(flow({ incomingMessage: 'reply' }, { ...reply, transitions: [{ event: 'sent', next: 'greet' }, { event: 'failed' }] }, send)),
      errors: [{ text: wiredTo('reply'), messageId: 'moveUnsafe', data: { from: 'reply', reason: "'reply' reads trigger.message.From, whose replacement renders differently on some channels" } }],
      unsafeOutput: studioText(flow({ incomingConversationMessage: 'reply' }, { ...reply, transitions: [{ event: 'sent', next: 'greet' }, { event: 'failed' }] }, send)),
    },
    {
      name: 'an unsafe move where a moved widget reads a variable Incoming Conversation does not set (To)',
      code: studioText(flow({ incomingMessage: 'to' }, widget('to', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"twilioNumber": "{{trigger.message.To}}"}' }))),
      errors: [{ text: wiredTo('to'), messageId: 'moveUnsafe', data: { from: 'to', reason: "'to' reads trigger.message.To, which Incoming Conversation does not set" } }],
      unsafeOutput: studioText(flow({ incomingConversationMessage: 'to' }, widget('to', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"twilioNumber": "{{trigger.message.To}}"}' }))),
    },
    {
      name: 'an unsafe move where a moved widget uses flow.channel.address as data (the Twilio number under Chat, the conversation SID after)',
      code: studioText(flow({ incomingMessage: 'to' }, widget('to', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"line": "{{flow.channel.address}}"}' }))),
      errors: [{ text: wiredTo('to'), messageId: 'moveUnsafe' }],
      unsafeOutput: studioText(flow({ incomingConversationMessage: 'to' }, widget('to', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"line": "{{flow.channel.address}}"}' }))),
    },
    {
      name: 'a safe move where every moved read has a safe rename, Studio’s own send addresses included',
      code: studioText(flow({ incomingMessage: 'ack' }, widget('ack', 'send-message', { sent: 'greet' }, { body: 'We got {{trigger.message.Body}}', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}' }), send)),
      errors: [{ text: wiredTo('ack'), messageId: 'move' }],
      output: studioText(flow({ incomingConversationMessage: 'ack' }, widget('ack', 'send-message', { sent: 'greet' }, { body: 'We got {{trigger.message.Body}}', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}' }), send)),
    },
  ],
});

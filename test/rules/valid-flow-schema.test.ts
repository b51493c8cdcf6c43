import { fixtureFlow, flow, ruleTester, studioText, widget } from '../helpers.js';

const trigger = { name: 'Trigger', type: 'trigger', transitions: [], properties: {} };
const mixed = studioText(
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
const untyped = { name: 'a', transitions: [], properties: {} };
const envelope = JSON.stringify({ states: [trigger], flags: { allow_concurrent_calls: 'yes' } });
const many = [trigger, ...Array.from({ length: 2000 }, (_, i) => ({ name: `w${i}`, type: 'set-variables', transitions: [], properties: {} }))];
const twice = studioText(flow({ incomingConversationMessage: 'w' }, widget('w', 'send-message', { sent: 'w', failed: undefined }, { body: 'x' })));
const twiceCode = twice.replace('"event": "failed"', '"event": "sent"');

ruleTester('valid-flow-schema', {
  valid: ['chat-sms-to-flex', 'webchat-pre-engagement', 'conversations-migrated', 'voice-ivr'].map((name) => ({ name: `the fixture ${name}`, code: studioText(fixtureFlow(name)) })),
  invalid: [
    {
      name: 'property types in Studio words, unknown events, a transition key `name`, and an unknown type as a warning',
      code: mixed,
      errors: [
        {
          text: '"name"',
          within: '"name": "retry"',
          messageId: 'unknownTransitionKey',
          data: { where: "send-to-flex 'to_agent'", key: 'name', hint: ' (did you mean "next"? As written, this branch leads nowhere)' },
          message: 'a transition of send-to-flex \'to_agent\' has an unknown key \'name\' (did you mean "next"? As written, this branch leads nowhere): a transition takes event, next and conditions',
          severity: 2,
        },
        {
          text: '"sent"',
          messageId: 'unknownEvent',
          data: { where: "send-to-flex 'to_agent'", event: 'sent', events: 'callComplete, failedToEnqueue, callFailure' },
          message: "send-to-flex 'to_agent' has no transition event 'sent': its events are callComplete, failedToEnqueue, callFailure",
        },
        {
          text: '0',
          within: '"priority": 0',
          messageId: 'wrongType',
          data: { field: 'send-to-flex `priority`', expected: 'a string', example: ' such as "0"', inWidget: " (in send-to-flex 'to_agent')" },
          message: 'send-to-flex `priority` must be a string such as "0" (in send-to-flex \'to_agent\')',
        },
        { text: '"5"', within: '"timeout": "5"', message: 'gather-input-on-call `timeout` must be an integer such as 5 (in gather-input-on-call \'menu\')' },
        { text: '"true"', within: '"stop_gather": "true"', message: 'gather-input-on-call `stop_gather` must be a boolean such as true (in gather-input-on-call \'menu\')' },
        {
          text: '"my-widget"',
          messageId: 'unknownType',
          data: { type: 'my-widget' },
          message: "unknown widget type 'my-widget': Studio may not accept it (known types: see studio-lint explain valid-flow-schema)",
          severity: 1,
        },
      ],
    },
    {
      name: 'envelope problems',
      code: envelope,
      errors: [
        { text: envelope, messageId: 'missing', data: { what: 'the flow', missing: 'initial_state' }, message: 'the flow has no `initial_state`' },
        { text: '"yes"', messageId: 'wrongType', message: '`allow_concurrent_calls` must be a boolean' },
      ],
    },
    {
      name: 'a widget without a type, or with a type that is not a string, once each',
      code: JSON.stringify({ initial_state: 'Trigger', states: [trigger, untyped, { name: 'b', type: 42, transitions: [], properties: {} }] }),
      errors: [
        { text: JSON.stringify(untyped), messageId: 'missing', data: { what: "widget 'a'", missing: 'type' }, message: "widget 'a' has no `type`" },
        { text: '42', message: '`type` must be a string such as "42" (in widget \'b\')' },
      ],
    },
    {
      name: 'a second transition for one event',
      code: twiceCode,
      errors: [
        {
          text: '"sent"',
          occurrence: 2,
          messageId: 'duplicateEvent',
          data: { type: 'send-message', name: 'w', event: 'sent' },
          message: "send-message 'w' has a second transition for event 'sent': each event takes one transition; remove one of them",
        },
      ],
    },
    {
      name: 'an empty initial_state, and a flow with no states',
      code: JSON.stringify({ initial_state: '', states: [] }),
      errors: [
        { text: '""', messageId: 'empty', data: { field: '`initial_state`' }, message: '`initial_state` must not be empty' },
        { text: '[]', messageId: 'noStates', message: 'a flow needs at least one state (the Trigger)' },
      ],
    },
    {
      name: 'more than 2,000 widgets',
      code: JSON.stringify({ initial_state: 'Trigger', states: many }),
      errors: [{ text: JSON.stringify(many), messageId: 'tooManyStates', data: { count: 2001 }, message: 'the flow has 2001 widgets: Studio allows at most 2,000' }],
    },
  ],
});

import { flow, ruleTester, studioText, widget } from '../helpers.js';

const fn = (name: string, success?: string, fail?: string) => widget(name, 'run-function', { success, fail }, { url: 'https://example.com/f' });
const split = (name: string, noMatch?: string, match?: string) => ({
  ...widget(name, 'split-based-on', { noMatch }, { input: '{{trigger.message.Body}}' }),
  transitions: [
    noMatch ? { event: 'noMatch', next: noMatch } : { event: 'noMatch' },
    { event: 'match', ...(match ? { next: match } : {}), conditions: [{ friendly_name: 'yes', arguments: ['{{trigger.message.Body}}'], type: 'equal_to', value: 'yes' }] },
  ],
});
const send = (name: string, sent?: string) => widget(name, 'send-message', { sent }, { body: 'hi' });

// A widget that transitions to itself without waiting: Studio stops the execution on its tenth run in a row.
ruleTester('no-self-loop', {
  valid: [
    { name: 'a retry through other widgets', code: studioText(flow({ incomingMessage: 'f' }, fn('f', 'done', 'again'), send('again', 'f'), send('done'))) },
    {
      name: 'Send & Wait for Reply asking again on timeout: each run is the contact’s turn',
      code: studioText(flow({ incomingMessage: 'ask' }, widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'done', timeout: 'ask' }, { body: 'Name?', timeout: '3600' }), send('done'))),
    },
    {
      name: 'Gather Input on Call repeating itself on timeout',
      code: studioText(flow({ incomingCall: 'menu' }, widget('menu', 'gather-input-on-call', { keypress: 'done', timeout: 'menu' }, { say: 'Press 1' }), widget('done', 'say-play', {}, { say: 'bye' }))),
    },
    { name: 'a widget of an unknown type', code: studioText(flow({ incomingMessage: 'x' }, widget('x', 'future-widget', { next: 'x' }))) },
    { name: 'a widget no Trigger event reaches (no-unreachable-widget’s)', code: studioText(flow({ incomingMessage: 'a' }, send('a'), fn('orphan', undefined, 'orphan'))) },
  ],
  invalid: [
    {
      name: 'a Run Function retrying itself on fail',
      code: studioText(flow({ incomingMessage: 'fetch' }, fn('fetch', 'done', 'fetch'), send('done'))),
      errors: [
        {
          text: '"fetch"',
          occurrence: 3,
          messageId: 'selfLoop',
          data: { name: 'fetch', event: 'fail' },
          message: "'fetch' goes back to itself on 'fail' without waiting for the contact or for time: Studio stops the execution when the same widget runs 10 times in a row",
        },
      ],
    },
    {
      name: 'a Split whose noMatch leads back to it',
      code: studioText(flow({ incomingMessage: 'menu' }, split('menu', 'menu', 'done'), send('done'))),
      errors: [{ text: '"menu"', occurrence: 3, messageId: 'selfLoop', data: { name: 'menu', event: 'noMatch' } }],
    },
    {
      name: 'a Set Variables following itself, in a flow whose only wired event is the subflow’s',
      code: studioText(flow({ incomingParent: 'count' }, widget('count', 'set-variables', { next: 'count' }, { variables: [{ key: 'n', value: '1' }] }))),
      errors: [{ text: '"count"', occurrence: 3, messageId: 'selfLoop', data: { name: 'count', event: 'next' } }],
    },
  ],
});

import { flow, ruleTester, studioText, widget } from '../helpers.js';

type Json = Record<string, unknown>;
const send = (name: string, sent?: string) => widget(name, 'send-message', { sent }, { body: 'Please answer 1 or 2' });
/** A Split on `input`: noMatch → noMatch, and `value` → match. */
const split = (name: string, input: string, noMatch: string | undefined, match: string | undefined, value = '1'): Json => ({
  ...widget(name, 'split-based-on', {}, { input }),
  transitions: [
    noMatch ? { event: 'noMatch', next: noMatch } : { event: 'noMatch' },
    { event: 'match', ...(match ? { next: match } : {}), conditions: [{ friendly_name: value, arguments: [input], type: 'equal_to', value }] },
  ],
});
const http = (name: string, success?: string, failed?: string) => widget(name, 'make-http-request', { success, failed }, { method: 'GET', url: 'https://example.com/status' });
const setVars = (name: string, next: string | undefined, variables: { key: string; value: string }[]) => widget(name, 'set-variables', { next }, { variables });
const ask = (name: string, reply?: string) => widget(name, 'send-and-wait-for-reply', { incomingMessage: reply }, { body: 'Which one?', timeout: '3600' });
const done = widget('done', 'send-message', {}, { body: 'Thanks' });

// A cycle of widgets that wait for nothing, with no way out that depends on what the cycle changes.
ruleTester('no-loop-without-wait', {
  valid: [
    {
      name: 'a menu that asks again through Send & Wait for Reply',
      code: studioText(flow({ incomingMessage: 'ask' }, ask('ask', 'check'), split('check', '{{widgets.ask.inbound.Body}}', 'ask', 'done'), done)),
    },
    {
      name: 'a bounded retry: a counter set in the loop, read by the Split that leaves it',
      code: studioText(
        flow(
          { incomingMessage: 'call_api' },
          http('call_api', 'done', 'count'),
          setVars('count', 'retry', [{ key: 'retries', value: '{{flow.variables.retries | plus: 1}}' }]),
          split('retry', '{{flow.variables.retries}}', 'call_api', undefined, '3'),
          done,
        ),
      ),
    },
    {
      name: 'a poll whose Split reads the answer of an HTTP Request of the loop',
      code: studioText(flow({ incomingRequest: 'poll' }, http('poll', 'ready', undefined), split('ready', '{{widgets.poll.parsed.status}}', 'poll', 'done', 'done'), done)),
    },
    {
      name: 'a loop through a Run Function that can fail out of it',
      code: studioText(flow({ incomingRequest: 'wait' }, widget('wait', 'run-function', { success: 'note', fail: 'done' }, { url: 'https://example.com/delay' }), send('note', 'wait'), done)),
    },
    {
      name: 'a loop through a Run Subflow (its widgets, and their waits, are in another flow)',
      code: studioText(flow({ incomingMessage: 'sub' }, widget('sub', 'run-subflow', { completed: 'again' }, { flow_sid: 'FW00000000000000000000000000000000', flow_revision: 'LatestPublished', parameters: [] }), send('again', 'sub'))),
    },
    {
      name: 'a loop of widgets no Trigger event reaches (no-unreachable-widget’s)',
      code: studioText(flow({ incomingMessage: 'done' }, done, send('a', 'b'), send('b', 'a'))),
    },
  ],
  invalid: [
    {
      name: 'a menu Split whose noMatch sends a message and goes back to the same Split on the same input',
      code: studioText(flow({ incomingMessage: 'menu' }, split('menu', '{{trigger.message.Body}}', 'invalid', 'done'), send('invalid', 'menu'), done)),
      errors: [
        {
          text: '"menu"',
          occurrence: 2,
          messageId: 'loop',
          data: { cycle: "'menu' → 'invalid' → 'menu'" },
          message:
            "these widgets loop without waiting for the contact or for time, and no way out of the loop depends on anything it changes: 'menu' → 'invalid' → 'menu'; once the execution goes round, it goes round until Studio ends it at 1,000 steps",
        },
      ],
    },
    {
      name: 'a loop with no way out, named in the order the execution goes (from its first widget in the file)',
      code: studioText(flow({ incomingMessage: 'c' }, send('a', 'b'), setVars('b', 'c', [{ key: 'x', value: '1' }]), send('c', 'a'))),
      errors: [{ text: '"a"', occurrence: 1, messageId: 'loop', data: { cycle: "'a' → 'b' → 'c' → 'a'" } }],
    },
    {
      name: 'a counter set in the loop that no Split of the loop reads',
      code: studioText(
        flow(
          { incomingMessage: 'menu' },
          split('menu', '{{trigger.message.Body}}', 'count', 'done'),
          setVars('count', 'menu', [{ key: 'tries', value: '{{flow.variables.tries | plus: 1}}' }]),
          done,
        ),
      ),
      errors: [{ text: '"menu"', occurrence: 2, messageId: 'loop', data: { cycle: "'menu' → 'count' → 'menu'" } }],
    },
    {
      name: 'a Send Message whose failed branch leaves: delivery does not change what the loop decides',
      code: studioText(flow({ incomingMessage: 'a' }, widget('a', 'send-message', { sent: 'b', failed: 'done' }, { body: 'x' }), send('b', 'a'), done)),
      errors: [{ text: '"a"', occurrence: 2, messageId: 'loop', data: { cycle: "'a' → 'b' → 'a'" } }],
    },
    {
      name: 'two separate loops, one finding each',
      code: studioText(flow({ incomingMessage: 'a', incomingCall: 'c' }, send('a', 'b'), send('b', 'a'), send('c', 'd'), send('d', 'c'))),
      errors: [
        { text: '"a"', occurrence: 2, messageId: 'loop', data: { cycle: "'a' → 'b' → 'a'" } },
        { text: '"c"', occurrence: 2, messageId: 'loop', data: { cycle: "'c' → 'd' → 'c'" } },
      ],
    },
  ],
});

// A long cycle is named by its first and last widgets and how many lie between.
ruleTester('no-loop-without-wait', {
  valid: [],
  invalid: [
    {
      name: 'a cycle of 20 widgets',
      code: studioText(flow({ incomingMessage: 'n0' }, ...Array.from({ length: 20 }, (_, i) => send(`n${i}`, `n${(i + 1) % 20}`)))),
      errors: [
        {
          text: '"n0"',
          occurrence: 2,
          messageId: 'loop',
          data: { cycle: "'n0' → 'n1' → 'n2' → 'n3' → 'n4' → 'n5' → 'n6' → 'n7' → 'n8' → … 10 more … → 'n19' → 'n0'" },
        },
      ],
    },
  ],
});

// A state that is not an object has no widget: the widgets after it keep their place in the file.
ruleTester('no-loop-without-wait', {
  valid: [],
  invalid: [
    {
      name: 'a loop after a state that is not an object',
      code: studioText({ ...flow({ incomingMessage: 'a' }, send('a', 'b'), send('b', 'a')), states: [...(flow({ incomingMessage: 'a' }).states as unknown[]), 'not a widget', send('a', 'b'), send('b', 'a')] }),
      errors: [{ text: '"a"', occurrence: 2, messageId: 'loop', data: { cycle: "'a' → 'b' → 'a'" } }],
    },
  ],
});

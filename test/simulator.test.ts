/**
 * The flow simulator against Twilio's documented Studio semantics. Each describe block cites the page the
 * behaviour comes from; the cases are written from the docs, not from the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import catalog from '../src/schema/catalog.json' with { type: 'json' };
import { classify, classifyValue, decodeSource } from '../src/flow/load.js';
import { Flow } from '../src/flow/model.js';
import { executionContext, PRESETS } from '../src/migration/contexts.js';
import { behaviourDifferences, caseForMigratedFlow, movedCase } from '../src/simulator/against.js';
import { CONDITION_TYPES, conditionMatches } from '../src/flow/split-conditions.js';
import { compare } from '../src/simulator/expect.js';
import { MAX_REPEATS, MAX_STEPS, runCase, type Execution } from '../src/simulator/runner.js';
import { parseFlowTest } from '../src/simulator/testfile.js';
import { semanticsOf, widgetCoverage } from '../src/simulator/widgets.js';
import { CORPUS_FILES, flow, HAS_CORPUS, NEEDS_CORPUS, ROOT, widget } from './helpers.js';

type Json = Record<string, unknown>;

function toFlow(definition: Json): Flow {
  const classified = classifyValue(definition);
  if (classified.kind !== 'flows') throw new Error('not a flow');
  return new Flow(classified.flows[0]!);
}

/** Run one case (as a test file would hold it) on a flow definition. */
function run(definition: Json, testCase: Json): Execution {
  const file = parseFlowTest(JSON.stringify({ flow: 'flow.json', cases: [{ name: 'case', ...testCase }] }));
  return runCase(toFlow(definition), file.cases[0]!);
}

const sms = (body = 'hi') => ({ event: 'incomingMessage', channel: 'sms', message: { Body: body } });
const conversation = (body = 'hi') => ({ event: 'incomingConversationMessage', channel: 'sms', conversation: { Body: body } });

/** A flow: Incoming Message into a Split on `input` with one match transition per condition, each to its own Send Message. */
function splitFlow(input: string, conditions: { type: string; value: string }[]): Json {
  return {
    description: 'split',
    initial_state: 'Trigger',
    states: [
      widget('Trigger', 'trigger', { incomingMessage: 'split' }),
      {
        name: 'split',
        type: 'split-based-on',
        transitions: [
          { event: 'noMatch', next: 'no_match' },
          ...conditions.map((c, i) => ({ event: 'match', next: `matched_${i}`, conditions: [{ friendly_name: c.type, arguments: [input], type: c.type, value: c.value }] })),
        ],
        properties: { input, offset: { x: 0, y: 0 } },
      },
      widget('no_match', 'send-message', {}, { body: 'no match' }),
      ...conditions.map((_, i) => widget(`matched_${i}`, 'send-message', {}, { body: `matched ${i}` })),
    ],
  };
}

describe('Split Based On… conditions (https://www.twilio.com/docs/studio/widget-library/split-based-on)', () => {
  // [type, input, value, matches], each group under the sentence of the widget's "Predicate definitions" or
  // "Predicate examples" it checks (https://www.twilio.com/docs/studio/widget-library/split-based-on).
  const table: [string, string, string, boolean][] = [
    // "Studio conditions are not case-sensitive and automatically trim leading and trailing whitespace characters."
    // Equal To: "The values are equivalent."
    ['equal_to', ' YES ', 'yes', true],
    ['equal_to', 'yes please', 'yes', false],
    // Not Equal To: "The values are not equivalent."
    ['not_equal_to', 'No', 'yes', true],
    ['not_equal_to', 'Yes', 'YES ', false],
    // Matches Any Of: "Value is equivalent to any of the values in the given list." Example: YES, yes,yeah,yup → True.
    ['matches_any_of', 'YES', 'yes,yeah,yup', true],
    ['matches_any_of', 'YEAH', 'y,yes, yeah', true],
    ['matches_any_of', 'yep', 'y,yes,yeah', false],
    // Does Not Match Any Of: "Value is not equivalent to any of the values in the given list."
    ['does_not_match_any_of', 'maybe', 'y,yes', true],
    ['does_not_match_any_of', 'Y', 'y,yes', false],
    // Is Blank: "Value contains only white-space characters or is blank." Example: Twilio, Is Blank → False.
    ['is_blank', '   ', '', true],
    ['is_blank', '\t\n', '', true],
    ['is_blank', 'Twilio', '', false],
    // Is Not Blank: "Value contains characters that are not white-space characters."
    ['is_not_blank', 'x', '', true],
    ['is_not_blank', ' \t', '', false],
    // Regex: "Matching is case insensitive, and will only match if the provided regular expression matches the
    // entire string." Example: 6, Regex [1-5] → False.
    ['regex', '6', '[1-5]', false],
    ['regex', '3', '[1-5]', true],
    ['regex', '16', '[1-5]', false],
    ['regex', 'please STOP now', 'stop', false],
    ['regex', 'STOP', 'stop', true],
    ['regex', '12345', '^\\d{5}$', true],
    ['regex', '1234a', '\\d{4}', false],
    ['regex', 'yes or no', 'yes|no', false],
    ['regex', 'no', 'yes|no', true],
    // Contains: "Value contains the value given. For example, aab contains aa and A."
    ['contains', 'aab', 'aa', true],
    ['contains', 'aab', 'A', true],
    ['contains', 'About support', 'billing', false],
    // Does Not Contain: "Value does not contain the value given."
    ['does_not_contain', 'About support', 'billing', true],
    ['does_not_contain', 'billing!', 'Billing', false],
    // Starts With: "Value starts with the given value. For example, ' Hoot' starts with hoo."
    ['starts_with', ' Hoot', 'hoo', true],
    ['starts_with', '+6512345', 'sip:+65', false],
    // Does Not Start With: "Value does not start with the value given."
    ['does_not_start_with', '+6512345', 'sip:+65', true],
    ['does_not_start_with', 'sip:+65123', 'sip:+65', false],
    // Less Than: "Value is less than the number provided. Operator does not perform comparisons on letters."
    ['less_than', '9', '10', true],
    ['less_than', '10', '9', false],
    ['less_than', 'abc', '9', false],
    ['less_than', '1e0', '9', false],
    ['less_than', '0x1', '9', false],
    // Greater Than: the same words. Example: 900, Greater Than 1000 → False.
    ['greater_than', '900', '1000', false],
    ['greater_than', '2.5', '2', true],
    ['greater_than', '-1', '-2', true],
    ['greater_than', '', '0', false],
    // Is Before Time: "Times must be in 24-hour notation (HH:MM) where single digit values are written with a
    // leading 0." Example: 17:00, Is Before Time 16:35 → False.
    ['is_before_time', '17:00', '16:35', false],
    ['is_before_time', '09:30', '10:00', true],
    ['is_before_time', '10:00', '10:00', false],
    ['is_before_time', '9:30', '10:00', false],
    // Is After Time: the same notation.
    ['is_after_time', '18:00', '17:00', true],
    ['is_after_time', '2026-11-29T18:00:00Z', '17:00', false],
    ['is_after_time', '18:00:00', '17:00', false],
    ['is_after_time', 'noon', '17:00', false],
    // Is Before Date: "Dates must be in the format YYYY-MM-DD where single digit values are written with a leading 0."
    ['is_before_date', '2026-01-01', '2026-06-01', true],
    ['is_before_date', '2026-07-01', '2026-06-01', false],
    ['is_before_date', '2026-1-1', '2026-06-01', false],
    ['is_before_date', '2026-02-30', '2026-06-01', false],
    // Is After Date: the same format. Example: 2019-08-12, Is After Date 2017-09-04 → True.
    ['is_after_date', '2019-08-12', '2017-09-04', true],
    ['is_after_date', '2026-12-25T00:00:00Z', '2026-12-24', false],
    ['is_after_date', 'soon', '2026-12-24', false],
  ];

  it.each(table)('%s: %j against %j is %s', (type, input, value, matches) => {
    expect(conditionMatches(type, input, value)).toBe(matches);
  });

  it('the table covers every condition type Studio defines, each matching and not matching', () => {
    for (const type of CONDITION_TYPES) {
      expect(table.some(([t, , , m]) => t === type && m), type).toBe(true);
      expect(table.some(([t, , , m]) => t === type && !m), type).toBe(true);
    }
  });

  it('tries the match transitions in order and takes the first that matches; none takes No Match', () => {
    const definition = splitFlow('{{trigger.message.Body}}', [
      { type: 'contains', value: 'bill' },
      { type: 'contains', value: 'billing' },
    ]);
    expect(run(definition, { trigger: sms('billing') }).path).toEqual(['split', 'matched_0']);
    expect(run(definition, { trigger: sms('support') }).path).toEqual(['split', 'no_match']);
  });

  it('tests the rendered Variable to Test against a rendered value ("Constants, variables, and expressions are supported")', () => {
    const definition = splitFlow('{{trigger.message.Body | upcase}}', [{ type: 'equal_to', value: '{{flow.data.keyword}}' }]);
    expect(run(definition, { trigger: { ...sms('join'), data: { keyword: 'JOIN' } } }).path).toEqual(['split', 'matched_0']);
    expect(run(definition, { trigger: { ...sms('join'), data: { keyword: 'LEAVE' } } }).path).toEqual(['split', 'no_match']);
    // flow.data is a REST API execution's; a message execution has it empty, so the value renders blank.
    expect(run(splitFlow('{{trigger.message.Body}}', [{ type: 'equal_to', value: '{{flow.variables.none}}' }]), { trigger: sms('') }).path).toEqual(['split', 'matched_0']);
  });

  it('a malformed regex fails the case, naming the widget', () => {
    const result = run(splitFlow('{{trigger.message.Body}}', [{ type: 'regex', value: '([' }]), { trigger: sms('x') });
    expect(result.error).toMatch(/^'split' \(split-based-on\): invalid regex/);
  });

  it('an unknown condition type fails the case instead of guessing', () => {
    expect(run(splitFlow('x', [{ type: 'is_purple', value: '' }]), { trigger: sms() }).error).toMatch(/unknown condition type 'is_purple'/);
  });
});

describe('walking the flow (Studio FAQ limits: https://www.twilio.com/docs/studio/user-guide/studio-faq)', () => {
  it('starts at the Trigger transition of the case’s event; an event the Trigger does not wire runs nothing', () => {
    const definition = flow({ incomingConversationMessage: 'hello' }, widget('hello', 'send-message', {}, { body: 'hi' }));
    expect(run(definition, { trigger: conversation() }).path).toEqual(['hello']);
    expect(run(definition, { trigger: sms() }).path).toEqual([]);
  });

  it('stops at a widget whose event leads nowhere', () => {
    const definition = flow({ incomingMessage: 'a' }, widget('a', 'send-message', { sent: undefined, failed: 'b' }, { body: 'a' }), widget('b', 'send-message', {}, { body: 'b' }));
    expect(run(definition, { trigger: sms() }).path).toEqual(['a']);
    expect(run(definition, { trigger: sms(), widgets: { a: { event: 'failed' } } }).path).toEqual(['a', 'b']);
  });

  it(`stops an execution where the same widget runs ${MAX_REPEATS} times in a row`, () => {
    const definition = flow({ incomingMessage: 'again' }, widget('again', 'set-variables', { next: 'again' }, { variables: [{ key: 'n', value: '{{flow.variables.n | plus: 1}}' }] }));
    const result = run(definition, { trigger: sms() });
    expect(result.error).toBe(`'again' ran ${MAX_REPEATS} times in a row: Studio stops such an execution`);
    expect(result.variables.n).toBe(String(MAX_REPEATS - 1));
  });

  it(`stops an execution after ${MAX_STEPS} steps`, () => {
    const definition = flow({ incomingMessage: 'ping' }, widget('ping', 'set-variables', { next: 'pong' }, { variables: [] }), widget('pong', 'set-variables', { next: 'ping' }, { variables: [] }));
    const result = run(definition, { trigger: sms() });
    expect(result.error).toMatch(/passed Studio's limit of 1000 steps/);
    expect(result.path).toHaveLength(MAX_STEPS);
  });

  it('a transition to a widget the flow lacks fails the case, naming it', () => {
    expect(run(flow({ incomingMessage: 'ghost' }), { trigger: sms() }).error).toBe("a transition leads to 'ghost', which is not a widget of the flow");
  });
});

describe('every widget type of the catalog (https://www.twilio.com/docs/studio/widget-library)', () => {
  const types = Object.entries((catalog as { widgets: Record<string, { events: string[] }> }).widgets).filter(([type]) => type !== 'trigger' && type !== 'split-based-on');
  const { simulated, mocked } = widgetCoverage();

  it('each type is either simulated or takes its outcome from the test', () => {
    expect([...simulated, ...mocked].sort()).toEqual(Object.keys(catalog.widgets).filter((t) => t !== 'trigger').sort());
    expect(simulated.sort()).toEqual(['fork-stream', 'say-play', 'send-message', 'set-variables', 'split-based-on']);
  });

  it.each(types)('%s follows the transition of each of its events', (type, { events }) => {
    for (const event of events) {
      const transitions = Object.fromEntries(events.map((e) => [e, `after_${e}`]));
      const definition = flow({ incomingMessage: 'w' }, widget('w', type, transitions, {}), ...events.map((e) => widget(`after_${e}`, 'set-variables', {}, { variables: [] })));
      const result = run(definition, { trigger: sms(), widgets: { w: { event } } });
      expect(result.error).toBeUndefined();
      expect(result.path).toEqual(['w', `after_${event}`]);
    }
  });

  it.each(types)('%s: an event it does not have fails the case, naming its events', (type, { events }) => {
    const definition = flow({ incomingMessage: 'w' }, widget('w', type, { [events[0]!]: 'next' }, {}), widget('next', 'set-variables', {}, { variables: [] }));
    expect(run(definition, { trigger: sms(), widgets: { w: { event: 'bogus' } } }).error).toBe(`'w' (${type}) has no event 'bogus' (its events: ${events.join(', ')})`);
  });

  it.each(types.filter(([type]) => mocked.includes(type)))('%s depends on the outside world: without an outcome the case fails, naming the widget', (type, { events }) => {
    const definition = flow({ incomingMessage: 'w' }, widget('w', type, { [events[0]!]: 'next' }, {}), widget('next', 'set-variables', {}, { variables: [] }));
    expect(run(definition, { trigger: sms() }).error).toMatch(new RegExp(`^'w' \\(${type}\\) depends on the outside world: say how it ends in "widgets": \\{ "w": \\{ "event": "${events[0]}"`));
    // With no event leading anywhere, what the outside world answers cannot change the execution: it ends there.
    const unwired = flow({ incomingMessage: 'w' }, widget('w', type, {}, {}));
    const ended = run(unwired, { trigger: sms() });
    expect([ended.path, ended.error]).toEqual([['w'], undefined]);
  });

  it.each(types.filter(([type]) => simulated.includes(type)))('%s runs without an outcome, to its normal event', (type) => {
    const event = semanticsOf(type).defaultEvent!;
    const definition = flow({ incomingMessage: 'w' }, widget('w', type, { [event]: 'next' }, {}), widget('next', 'set-variables', {}, { variables: [] }));
    expect(run(definition, { trigger: sms() }).path).toEqual(['w', 'next']);
  });
});

describe('Send Message (https://www.twilio.com/docs/studio/widget-library/send-message)', () => {
  it('sends the rendered body; to and from default to the contact and the flow addresses', () => {
    const definition = flow({ incomingMessage: 'm' }, widget('m', 'send-message', {}, { body: 'You wrote {{trigger.message.Body}}' }));
    expect(run(definition, { trigger: sms('hello') }).sent).toEqual([{ widget: 'm', body: 'You wrote hello', to: '+15005550006', from: '+15005550001' }]);
  });

  it('renders explicit to and from', () => {
    const definition = flow({ incomingRequest: 'm' }, widget('m', 'send-message', {}, { body: 'hi', to: '{{flow.data.to}}', from: 'Acme' }));
    expect(run(definition, { trigger: { event: 'incomingRequest', data: { to: '+15005550042' } } }).sent[0]).toMatchObject({ to: '+15005550042', from: 'Acme' });
  });
});

describe('Send & Wait For Reply (https://www.twilio.com/docs/studio/widget-library/send-wait-reply)', () => {
  const definition = flow(
    { incomingConversationMessage: 'ask' },
    widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'echo', timeout: 'bye' }, { body: 'Your name?' }),
    widget('echo', 'send-message', {}, { body: 'Hello {{widgets.ask.inbound.Body}}' }),
    widget('bye', 'send-message', {}, { body: 'Bye' }),
  );

  it('sends its body and exposes the reply as widgets.<name>.inbound', () => {
    const result = run(definition, { trigger: conversation(), widgets: { ask: { event: 'incomingMessage', inbound: { Body: 'Ada' } } } });
    expect(result.sent.map((m) => m.body)).toEqual(['Your name?', 'Hello Ada']);
  });

  it('takes timeout when no reply comes', () => {
    expect(run(definition, { trigger: conversation(), widgets: { ask: { event: 'timeout' } } }).path).toEqual(['ask', 'bye']);
  });
});

describe('Gather Input On Call (https://www.twilio.com/docs/studio/widget-library/gather-input-call) and Say/Play (https://www.twilio.com/docs/studio/widget-library/sayplay)', () => {
  const definition = flow(
    { incomingCall: 'menu' },
    widget('menu', 'gather-input-on-call', { keypress: 'digits', speech: 'spoken' }, { say: 'Press or say something' }),
    widget('digits', 'say-play', {}, { say: 'You pressed {{widgets.menu.Digits}}' }),
    widget('spoken', 'say-play', {}, { play: 'https://example.com/{{widgets.menu.SpeechResult | url_encode}}.mp3' }),
  );

  it('says its prompt and exposes Digits', () => {
    const result = run(definition, { trigger: { event: 'incomingCall' }, widgets: { menu: { event: 'keypress', Digits: '42' } } });
    expect(result.said).toEqual([
      { widget: 'menu', text: 'Press or say something' },
      { widget: 'digits', text: 'You pressed 42' },
    ]);
  });

  it('exposes SpeechResult; Say/Play plays a rendered URL', () => {
    const result = run(definition, { trigger: { event: 'incomingCall' }, widgets: { menu: { event: 'speech', SpeechResult: 'opening hours' } } });
    expect(result.said.at(-1)).toEqual({ widget: 'spoken', text: 'https://example.com/opening+hours.mp3' });
  });

  it('the voice preset is a call from the caller to the number', () => {
    const context = executionContext('voice', 'chat');
    expect(context.trigger).toMatchObject({ call: { From: '+15005550006', To: '+15005550001' } });
    expect([context.contactAddress, context.flowChannelAddress]).toEqual(['+15005550006', '+15005550001']);
  });
});

describe('Set Variables (https://www.twilio.com/docs/studio/widget-library/set-variables)', () => {
  it('sets flow.variables.<key> to the rendered value; names are case-sensitive; a later widget overwrites', () => {
    const definition = flow(
      { incomingMessage: 'set' },
      widget('set', 'set-variables', { next: 'again' }, { variables: [{ key: 'topic', value: '{{trigger.message.Body | downcase}}' }, { key: 'Topic', value: 'other' }] }),
      widget('again', 'set-variables', { next: 'say' }, { variables: [{ key: 'count', value: '{{flow.variables.count | default: 0 | plus: 1}}' }, { key: 'topic', value: '{{flow.variables.topic}}!' }] }),
      widget('say', 'send-message', {}, { body: '{{flow.variables.topic}} {{flow.variables.Topic}} {{flow.variables.count}}' }),
    );
    const result = run(definition, { trigger: sms('BILLING') });
    expect(result.variables).toEqual({ topic: 'billing!', Topic: 'other', count: '1' });
    expect(result.sent[0]!.body).toBe('billing! other 1');
  });

  it('"Parse as JSON object" makes the value an object whose members Liquid reads', () => {
    const definition = flow(
      { incomingMessage: 'set' },
      widget('set', 'set-variables', { next: 'say' }, { variables: [{ key: 'order', type: 'json_object', value: '{"id": "{{trigger.message.Body}}", "items": [1, 2]}' }] }),
      widget('say', 'send-message', {}, { body: 'Order {{flow.variables.order.id}} has {{flow.variables.order.items | size}} items' }),
    );
    expect(run(definition, { trigger: sms('A-7') }).sent[0]!.body).toBe('Order A-7 has 2 items');
  });
});

describe('Make HTTP Request (https://www.twilio.com/docs/studio/widget-library/http-request), Run Function (https://www.twilio.com/docs/studio/widget-library/run-function), Run Subflow (https://www.twilio.com/docs/studio/widget-library/run-subflow)', () => {
  it.each(['make-http-request', 'run-function'])('%s: a JSON body is also widgets.<name>.parsed', (type) => {
    const definition = flow(
      { incomingMessage: 'call' },
      widget('call', type, { success: 'say', [type === 'run-function' ? 'fail' : 'failed']: undefined }, {}),
      widget('say', 'send-message', {}, { body: '{{widgets.call.status_code}} {{widgets.call.parsed.open}} {{widgets.call.body}}' }),
    );
    const result = run(definition, { trigger: sms(), widgets: { call: { event: 'success', status_code: 200, body: '{"open":true}' } } });
    expect(result.sent[0]!.body).toBe('200 true {"open":true}');
    const parsed = run(definition, { trigger: sms(), widgets: { call: { event: 'success', parsed: { open: false } } } });
    expect(parsed.sent[0]!.body).toBe(' false {"open":false}');
    // "only application/json objects (e.g. {"foo":"bar"}) will be automatically parsed"
    const array = run(definition, { trigger: sms(), widgets: { call: { event: 'success', body: '[1]' } } });
    expect(array.sent[0]!.body).toBe('  [1]');
  });

  it('Run Subflow exposes the outputs the test gives', () => {
    const definition = flow({ incomingMessage: 'sub' }, widget('sub', 'run-subflow', { completed: 'say' }, { flow_sid: 'FW1' }), widget('say', 'send-message', {}, { body: 'tier {{widgets.sub.tier}}' }));
    expect(run(definition, { trigger: sms(), widgets: { sub: { event: 'completed', tier: 'gold' } } }).sent[0]!.body).toBe('tier gold');
  });

  it('a REST API execution reads flow.data and trigger.request; a subflow reads trigger.parent', () => {
    const rest = flow({ incomingRequest: 'm' }, widget('m', 'send-message', {}, { body: '{{flow.data.code}} to {{contact.channel.address}}' }));
    expect(run(rest, { trigger: { event: 'incomingRequest', data: { code: '1234' } } }).sent[0]!.body).toBe('1234 to +15005550006');
    const sub = flow({ incomingParent: 'm' }, widget('m', 'send-message', {}, { body: '{{trigger.parent.topic}}/{{flow.data.lang}}' }));
    expect(run(sub, { trigger: { event: 'incomingParent', parent: { topic: 'billing' }, data: { lang: 'fr' } } }).sent[0]!.body).toBe('billing/fr');
  });
});

describe('Send to Flex (https://www.twilio.com/docs/studio/widget-library/send-flex)', () => {
  const attributes = '{"name": "{{trigger.conversation.From}}", "question": {{trigger.conversation.ChannelAttributes.pre_engagement_data.question | to_json}}, "topic": "{{flow.variables.topic}}"}';
  const definition = flow({ incomingConversationMessage: 'flex' }, widget('flex', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes }));

  it('renders the attributes (to_json quotes) and parses them as the task attributes', () => {
    const result = run(definition, { trigger: { event: 'incomingConversationMessage', channel: 'webchat' } });
    expect(result.flex).toEqual([{ widget: 'flex', workflow: 'WW1', channel: 'TC1', raw: expect.any(String), attributes: { name: 'Customer', question: 'Where is my order?', topic: '' } }]);
    expect(compare({ flex: { widget: 'flex', attributes: { name: 'Customer' } } }, result)).toEqual([]);
    expect(compare({ flex: { attributes: { topic: 'billing' } } }, result).map((d) => d.message)).toEqual(['\'flex\' flex.attributes.topic is "", expected "billing"']);
  });

  it('attributes that are not JSON once rendered fail a flex expectation with the rendered text', () => {
    const broken = flow({ incomingConversationMessage: 'flex' }, widget('flex', 'send-to-flex', {}, { attributes: '{"name": {{trigger.conversation.Body}}}' }));
    const result = run(broken, { trigger: conversation('hello there') });
    expect(compare({ flex: { attributes: {} } }, result)[0]!.message).toBe("'flex' attributes are not JSON once rendered: {\"name\": hello there}");
  });
});

describe('the channel presets (src/migration/contexts.ts)', () => {
  it.each(PRESETS.filter((p) => p !== 'voice' && p !== 'rest'))('%s: the same contact on both platforms; flow.channel.address is the conversation SID under Conversations', (preset) => {
    const chat = executionContext(preset, 'chat');
    const conversations = executionContext(preset, 'conversations');
    expect(chat.contactAddress).toBe(conversations.contactAddress);
    expect(conversations.flowChannelAddress).toBe((conversations.trigger.conversation as Json).ConversationSid);
    expect(chat.flowChannelAddress).toBe((chat.trigger.message as Json).To);
  });

  it('the case’s values go over the preset’s, objects merging key by key, null removing', () => {
    const definition = flow({ incomingMessage: 'm' }, widget('m', 'send-message', {}, { body: '{{trigger.message.ChannelAttributes.channel_type}}|{{trigger.message.ChannelAttributes.from}}|{{trigger.message.ChannelAttributes.vip}}|{{trigger.message.To}}' }));
    const result = run(definition, { trigger: { event: 'incomingMessage', channel: 'messenger', message: { ChannelAttributes: { vip: 'yes', from: null }, To: 'page' } } });
    expect(result.sent[0]!.body).toBe('facebook||yes|page');
  });
});

describe('expectations: each failed one is a difference naming the widget and the rendered value', () => {
  const definition = flow(
    { incomingMessage: 'set' },
    widget('set', 'set-variables', { next: 'hello' }, { variables: [{ key: 'topic', value: 'billing' }] }),
    widget('hello', 'send-message', { sent: 'bye' }, { body: 'Hello {{trigger.message.Body}}' }),
    widget('bye', 'send-message', {}, { body: 'Bye' }),
  );
  const result = run(definition, { trigger: sms('Ada') });

  it('path and end', () => {
    expect(compare({ path: ['set', 'hello', 'bye'], end: 'bye' }, result)).toEqual([]);
    expect(compare({ path: ['set', 'bye'], end: 'hello' }, result).map((d) => d.message)).toEqual([
      'path differs after set: expected bye, ran hello → bye',
      'the execution ended at "bye", expected "hello"',
    ]);
  });

  it('sent: a subset in order', () => {
    expect(compare({ sent: [{ body: 'Bye' }] }, result)).toEqual([]);
    expect(compare({ sent: [{ widget: 'hello', body: 'Hello Ada' }, { body: 'Bye', to: '+15005550006' }] }, result)).toEqual([]);
    // Out of order: Bye was sent after Hello, so nothing matches a Hello after it.
    expect(compare({ sent: [{ body: 'Bye' }, { widget: 'hello' }] }, result).map((d) => d.message)).toEqual(["no message from 'hello' was sent after the ones matched before (sent: hello, bye)"]);
    expect(compare({ sent: [{ widget: 'hello', body: 'Hello Bob' }] }, result)).toEqual([
      { expectation: 'sent[0]', widget: 'hello', expected: { widget: 'hello', body: 'Hello Bob' }, actual: result.sent[0], message: `message from 'hello': body "Hello Ada", expected "Hello Bob"` },
    ]);
  });

  it('variables and said', () => {
    expect(compare({ variables: { topic: 'billing' } }, result)).toEqual([]);
    expect(compare({ variables: { topic: 'sales', lang: 'fr' } }, result).map((d) => d.message)).toEqual(['variables.topic is "billing", expected "sales"', 'variables.lang is not set, expected "fr"']);
    expect(compare({ said: [{ text: 'Welcome' }] }, result).map((d) => d.message)).toEqual(['nothing more was said (said: nothing)']);
  });

  it('an execution that could not finish is a difference of its own', () => {
    const stuck = run(flow({ incomingMessage: 'ask' }, widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'x' }, { body: 'Q?' }), widget('x', 'set-variables', {}, { variables: [] })), { trigger: sms() });
    expect(compare({}, stuck).map((d) => [d.expectation, d.widget])).toEqual([['run', 'ask']]);
  });
});

describe('--against: the same contact on the other platform', () => {
  const chatFlow = flow({ incomingMessage: 'hi' }, widget('hi', 'send-message', {}, { body: '{{trigger.message.Body}} in {{trigger.message.ChannelSid}}' }));
  const conversationsFlow = flow({ incomingConversationMessage: 'hi' }, widget('hi', 'send-message', {}, { body: '{{trigger.conversation.Body}} in {{trigger.conversation.ConversationSid}}' }));
  const testCase = parseFlowTest(JSON.stringify({ flow: 'f.json', cases: [{ name: 'c', trigger: { event: 'incomingMessage', channel: 'whatsapp', message: { Body: 'hola', ChannelSid: 'CH9' } } }] })).cases[0]!;

  it('moves an Incoming Message case to Incoming Conversation, the same values under their Conversations names', () => {
    const moved = caseForMigratedFlow(testCase, toFlow(conversationsFlow));
    expect(moved.trigger).toEqual({ event: 'incomingConversationMessage', channel: 'whatsapp', conversation: { Body: 'hola', ChannelSid: 'CH9', ConversationSid: 'CH9' } });
    const original = runCase(toFlow(chatFlow), testCase);
    const migrated = runCase(toFlow(conversationsFlow), moved);
    expect(migrated.sent[0]!.body).toBe('hola in CH9');
    expect(behaviourDifferences(original, migrated)).toEqual([]);
  });

  it('and back; a flow that still wires the case’s event runs the case as it is', () => {
    const back = movedCase({ ...testCase, trigger: { event: 'incomingConversationMessage', channel: 'sms', conversation: { ConversationSid: 'CH7' } } })!;
    expect(back.trigger).toEqual({ event: 'incomingMessage', channel: 'sms', message: { ChannelSid: 'CH7' } });
    expect(caseForMigratedFlow(testCase, toFlow(chatFlow))).toBe(testCase);
  });

  it('reports a body that renders differently, naming the widget', () => {
    const broken = flow({ incomingConversationMessage: 'hi' }, widget('hi', 'send-message', {}, { body: '{{trigger.message.Body}} in {{trigger.conversation.ConversationSid}}' }));
    const differences = behaviourDifferences(runCase(toFlow(chatFlow), testCase), runCase(toFlow(broken), caseForMigratedFlow(testCase, toFlow(broken))));
    expect(differences.map((d) => d.message)).toEqual([`'hi' sends " in CH9" on the migrated flow; the original sent "hola in CH9"`]);
  });
});

describe('the event a widget’s outputs imply, when a test names none', () => {
  it.each([
    ['send-and-wait-for-reply', { inbound: { Body: 'yes' } }, 'incomingMessage'],
    ['gather-input-on-call', { Digits: '3' }, 'keypress'],
    ['gather-input-on-call', { SpeechResult: 'sales' }, 'speech'],
    // HTTP Request docs: Success on "HTTP 20X", "3xx redirection is supported", "4xx or 5xx status code will transition to failed".
    ['make-http-request', { status_code: 204 }, 'success'],
    ['make-http-request', { status_code: 302 }, 'success'],
    ['make-http-request', { status_code: 404 }, 'failed'],
    ['run-function', { status_code: 500 }, 'fail'],
  ])('%s with %j ends with %s', (type, outputs, event) => {
    const events = (catalog.widgets as Record<string, { events: string[] }>)[type]!.events;
    const definition = flow({ incomingMessage: 'w' }, widget('w', type, Object.fromEntries(events.map((e) => [e, `after_${e}`])), {}), ...events.map((e) => widget(`after_${e}`, 'set-variables', {}, { variables: [] })));
    expect(run(definition, { trigger: sms(), widgets: { w: outputs } }).path).toEqual(['w', `after_${event}`]);
  });
});

/** How each wired Trigger event of every flow in these files ends: the kinds of ending, counted. */
function triggerOutcomes(files: string[]): Map<string, number> {
  const outcomes = new Map<string, number>();
  for (const file of files) {
    const classified = classify(decodeSource(readFileSync(file)).text);
    if (classified.kind !== 'flows') continue;
    for (const entry of classified.flows) {
      const model = new Flow(entry);
      for (const t of model.wiredTriggerEvents()) {
        const testCase = parseFlowTest(JSON.stringify({ flow: 'f.json', cases: [{ name: 'c', trigger: { event: t.event } }] })).cases[0]!;
        const result = runCase(model, testCase);
        const kind = result.error === undefined ? 'ran to its end' : /depends on the outside world/.test(result.error) ? 'needs an outcome' : result.error;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
    }
  }
  return outcomes;
}

describe('real flows', () => {
  it('every wired Trigger event of every fixture flow runs to its end or to a widget that needs an outcome, never a crash or a template error', () => {
    const outcomes = triggerOutcomes(readdirSync(path.join(ROOT, 'fixtures')).map((f) => path.join(ROOT, 'fixtures', f)));
    expect([...outcomes.keys()].sort()).toEqual(['needs an outcome', 'ran to its end']);
  });
});

describe.skipIf(!HAS_CORPUS)(`real flows of the public corpus${NEEDS_CORPUS}`, () => {
  it('every wired Trigger event of every corpus flow runs to its end or to a widget that needs an outcome, never a crash or a template error', () => {
    const outcomes = triggerOutcomes(CORPUS_FILES);
    expect([...outcomes.keys()].sort()).toEqual(['needs an outcome', 'ran to its end']);
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
  });
});

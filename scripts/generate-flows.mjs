// Generates a benchmark corpus of Studio flows: seeded, so every run writes the same files. About 35% of
// the flows are wired to incomingMessage; they read trigger.message.* in properties, split conditions and
// send-to-flex attributes strings, as Chat-era flows do.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: a small, fast, seeded PRNG. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHAT_VARS = ['Body', 'ChannelSid', 'InstanceSid', 'From', 'To', 'ChannelAttributes.from', 'ChannelAttributes.channel_type', 'ChannelAttributes.pre_engagement_data.friendlyName', 'MessageSid'];
const CONV_VARS = ['Body', 'ConversationSid', 'Author', 'Source', 'ChannelAttributes.from'];
const WORDS = 'thanks for contacting us please reply with your order number an agent will be with you shortly our hours are nine to five'.split(' ');

const edge = (event, target) => (target ? { next: target, event } : { event });

/** The Trigger, its `entry` event wired to `first`, the other four unwired. */
function triggerState(entry, first) {
  return {
    name: 'Trigger',
    type: 'trigger',
    transitions: ['incomingMessage', 'incomingCall', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'].map((e) => edge(e, e === entry ? first : undefined)),
    properties: { offset: { x: 0, y: 0 } },
  };
}

export function generateFlow(seed, index) {
  const rnd = random(seed * 7919 + index);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const roll = rnd();
  const entry = roll < 0.35 ? 'incomingMessage' : roll < 0.75 ? 'incomingConversationMessage' : 'incomingCall';
  const ns = entry === 'incomingMessage' ? 'message' : entry === 'incomingConversationMessage' ? 'conversation' : 'call';
  const variable = () => (ns === 'message' ? `trigger.message.${pick(CHAT_VARS)}` : ns === 'conversation' ? `trigger.conversation.${pick(CONV_VARS)}` : `trigger.call.${pick(['From', 'To', 'CallSid'])}`);
  const text = (n) => Array.from({ length: n }, () => (rnd() < 0.15 ? `{{${variable()}}}` : pick(WORDS))).join(' ');
  // Sizes spread from about 5 KB to 100 KB: the widget count and the length of the texts both vary.
  const count = 8 + Math.floor(133 * rnd() ** 2);
  const verbosity = int(1, 6);
  const names = Array.from({ length: count }, (_, i) => `w${i}_${pick(WORDS)}`);
  const next = (i) => (i + 1 < count ? names[Math.min(count - 1, i + int(1, 3))] : undefined);
  const states = [triggerState(entry, names[0])];
  for (let i = 0; i < count; i++) {
    const offset = { x: int(-500, 1500), y: i * 200 };
    const kind = rnd();
    if (kind < 0.3) {
      states.push({
        name: names[i], type: 'send-message',
        transitions: [edge('sent', next(i)), edge('failed', next(i))],
        properties: { offset, service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body: text(verbosity) },
      });
    } else if (kind < 0.45) {
      const input = `{{${variable()}}}`;
      states.push({
        name: names[i], type: 'split-based-on',
        transitions: [
          edge('noMatch', next(i)),
          { next: next(i) ?? names[0], event: 'match', conditions: [{ friendly_name: 'web', arguments: [input], type: 'equal_to', value: pick(['web', 'sms', 'facebook', 'whatsapp']) }] },
          { next: next(i) ?? names[0], event: 'match', conditions: [{ friendly_name: 'keyword', arguments: [input], type: 'contains', value: pick(WORDS) }] },
        ],
        properties: { input, offset },
      });
    } else if (kind < 0.55) {
      const attributes = JSON.stringify({ name: `{{${variable()}}}`, channelType: `{{${variable()}}}`, channelSid: `{{${variable()}}}`, note: text(int(1, 8)) });
      states.push({
        name: names[i], type: 'send-to-flex',
        transitions: [edge('callComplete'), edge('failedToEnqueue', next(i)), edge('callFailure')],
        properties: { offset, workflow: 'WW00000000000000000000000000000000', channel: 'TC00000000000000000000000000000000', attributes, priority: '0', timeout: '3600' },
      });
    } else if (kind < 0.7) {
      states.push({
        name: names[i], type: 'run-function',
        transitions: [edge('success', next(i)), edge('fail', next(i))],
        properties: {
          offset, service_sid: 'ZS00000000000000000000000000000000', environment_sid: 'ZE00000000000000000000000000000000', function_sid: 'ZH00000000000000000000000000000000',
          url: 'https://example-1234.twil.io/handler',
          parameters: Array.from({ length: int(1, 6) }, (_, k) => ({ key: `p${k}`, value: rnd() < 0.5 ? `{{${variable()}}}` : text(int(1, 6)) })),
        },
      });
    } else if (kind < 0.8) {
      states.push({
        name: names[i], type: 'set-variables',
        transitions: [edge('next', next(i))],
        properties: { offset, variables: Array.from({ length: int(1, 5) }, (_, k) => ({ key: `v${k}`, value: `{% if ${variable()} %}${pick(WORDS)}{% else %}none{% endif %}` })) },
      });
    } else if (kind < 0.9) {
      states.push({
        name: names[i], type: 'send-and-wait-for-reply',
        transitions: [edge('incomingMessage', next(i)), edge('timeout', next(i)), edge('deliveryFailure')],
        properties: { offset, service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', from: '{{flow.channel.address}}', body: text(verbosity), timeout: '3600' },
      });
    } else {
      states.push({
        name: names[i], type: 'say-play',
        transitions: [edge('audioComplete', next(i))],
        properties: { offset, say: text(verbosity), voice: 'Polly.Joanna', language: 'en-US', loop: 1 },
      });
    }
  }
  return { description: `Generated flow ${index}`, states, initial_state: 'Trigger', flags: { allow_concurrent_calls: true } };
}

/**
 * Widget counts of the public corpus by quantile (203 flows: 10% have at most 3 widgets, half at most 10, 99%
 * at most 62): a realistic flow's size is drawn from this table.
 */
const WIDGET_QUANTILES = [[0, 2], [0.1, 3], [0.25, 6], [0.5, 10], [0.75, 16], [0.9, 30], [0.99, 62], [1, 110]];
/** The public corpus's mix of (current) widget types, shares of all widgets. */
const TYPE_MIX = [
  ['split-based-on', 0.231], ['send-message', 0.136], ['send-to-flex', 0.108], ['make-http-request', 0.103], ['run-function', 0.085],
  ['set-variables', 0.083], ['say-play', 0.081], ['send-and-wait-for-reply', 0.053], ['gather-input-on-call', 0.025], ['run-subflow', 0.023],
  ['send-to-auto-pilot', 0.011], ['record-voicemail', 0.005], ['connect-call-to', 0.002],
];
/** Chat-era variables as the corpus reads them (it never reads `trigger.message.To`). */
const REAL_CHAT_VARS = ['Body', 'Body', 'ChannelSid', 'InstanceSid', 'From', 'ChannelAttributes.from', 'ChannelAttributes.channel_type', 'ChannelAttributes.pre_engagement_data.friendlyName'];
const PLACEHOLDERS = ['serverless_url', 'workflow_sids.master', 'serverless_service_sid', 'serverless_environment_sid', 'task_channel_sids.chat', 'flow_vars.widget_from', 'chat_task_channel_sid', 'webhook_url_studio_errors'];

/**
 * A flow shaped like the public corpus's (issue 19): its widget counts, type mix, Liquid templates per
 * widget, Terraform placeholders in four flows of five, 39% of flows on Incoming Message (Chat era), 26% on
 * Incoming Conversation. `npm run bench` prints the figures of a generated set next to the corpus's.
 */
export function generateRealisticFlow(seed, index) {
  const rnd = random(seed * 104729 + index);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const u = rnd();
  let count = 2;
  for (let q = 1; q < WIDGET_QUANTILES.length; q++) {
    const [q0, c0] = WIDGET_QUANTILES[q - 1], [q1, c1] = WIDGET_QUANTILES[q];
    if (u <= q1) {
      count = Math.round(c0 + ((u - q0) / (q1 - q0)) * (c1 - c0));
      break;
    }
  }
  const roll = rnd();
  const entry = roll < 0.39 ? 'incomingMessage' : roll < 0.65 ? 'incomingConversationMessage' : roll < 0.9 ? 'incomingCall' : pick(['incomingRequest', 'incomingParent']);
  const ns = entry === 'incomingMessage' ? 'message' : entry === 'incomingConversationMessage' ? 'conversation' : entry === 'incomingCall' ? 'call' : 'parent';
  const terraform = rnd() < 0.79;
  const sid = (prefix) => (terraform ? `\${${pick(PLACEHOLDERS)}}` : `${prefix}${'0'.repeat(32)}`);
  // Four templates in ten read the trigger; the others read flow variables and the contact's address.
  const variable = () =>
    rnd() < 0.6
      ? pick(['flow.variables.language', 'flow.variables.helpline', 'flow.channel.address', 'contact.channel.address'])
      : ns === 'message' ? `trigger.message.${pick(REAL_CHAT_VARS)}` : ns === 'conversation' ? `trigger.conversation.${pick(CONV_VARS)}` : ns === 'call' ? `trigger.call.${pick(['From', 'To', 'CallSid'])}` : `flow.data.${pick(['name', 'phone'])}`;
  const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const text = (n) => `${sentence(n)} {{${variable()}}} ${sentence(int(2, 12))}`;
  const names = Array.from({ length: count }, (_, i) => `${pick(WORDS)}_${pick(WORDS)}_${i}`);
  const next = (i, skip = 1) => (i + 1 < count ? names[Math.min(count - 1, i + skip)] : undefined);
  const type = () => {
    let r = rnd() * TYPE_MIX.reduce((n, [, share]) => n + share, 0);
    for (const [t, share] of TYPE_MIX) if ((r -= share) <= 0) return t;
    return 'send-message';
  };
  const states = [triggerState(entry, names[0])];
  for (let i = 0; i < count; i++) {
    const offset = { x: int(-500, 1500), y: i * 200 };
    const name = names[i];
    switch (type()) {
      case 'split-based-on': {
        const input = `{{${variable()}}}`;
        const match = Array.from({ length: int(1, 4) }, (_, k) => ({
          next: next(i, k + 1) ?? names[0],
          event: 'match',
          conditions: [{ friendly_name: `If value equal_to ${k}`, arguments: [input], type: pick(['equal_to', 'contains', 'matches_any_of']), value: pick(['1', '2', 'yes', 'agent', 'web', 'sms']) }],
        }));
        states.push({ name, type: 'split-based-on', transitions: [edge('noMatch', next(i)), ...match], properties: { input, offset } });
        break;
      }
      case 'send-message':
        states.push({
          name, type: 'send-message',
          transitions: [edge('sent', next(i)), edge('failed')],
          properties: { offset, ...(ns === 'message' ? { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}' } : {}), from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body: text(int(4, 30)) },
        });
        break;
      case 'send-and-wait-for-reply':
        states.push({
          name, type: 'send-and-wait-for-reply',
          transitions: [edge('incomingMessage', next(i)), edge('timeout', next(i)), edge('deliveryFailure')],
          properties: { offset, ...(ns === 'message' ? { service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}' } : {}), from: '{{flow.channel.address}}', body: text(int(4, 30)), timeout: '3600' },
        });
        break;
      case 'send-to-flex': {
        const attributes = `{"name": "{{${variable()}}}", "channelType": "{{${variable()}}}", "channelSid": "{{${variable()}}}", "helpline": "${terraform ? '${short_helpline}' : 'main'}"}`;
        states.push({
          name, type: 'send-to-flex',
          transitions: [edge('callComplete'), edge('failedToEnqueue', next(i)), edge('callFailure')],
          properties: { offset, workflow: sid('WW'), channel: sid('TC'), attributes, ...(rnd() < 0.5 ? { priority: '0', timeout: '3600' } : {}) },
        });
        break;
      }
      case 'make-http-request':
        states.push({
          name, type: 'make-http-request',
          transitions: [edge('success', next(i)), edge('failed', next(i))],
          properties: {
            offset, method: 'POST', content_type: 'application/json;charset=utf-8',
            url: terraform ? '${serverless_url}/webhook' : 'https://example-1234.twil.io/webhook',
            body: `{"from": "{{${variable()}}}", "body": "{{${variable()}}}", "step": "${name}"}`,
          },
        });
        break;
      case 'run-function':
        states.push({
          name, type: 'run-function',
          transitions: [edge('success', next(i)), edge('fail', next(i))],
          properties: {
            offset, service_sid: sid('ZS'), environment_sid: sid('ZE'), function_sid: sid('ZH'),
            url: terraform ? '${serverless_url}/handler' : 'https://example-1234.twil.io/handler',
            parameters: Array.from({ length: int(1, 3) }, (_, k) => ({ key: `p${k}`, value: `{{${variable()}}}` })),
          },
        });
        break;
      case 'set-variables':
        states.push({
          name, type: 'set-variables',
          transitions: [edge('next', next(i))],
          properties: { offset, variables: Array.from({ length: int(1, 3) }, (_, k) => ({ key: `v${k}`, value: rnd() < 0.5 ? `{{${variable()}}}` : sentence(int(1, 4)) })) },
        });
        break;
      case 'gather-input-on-call':
        states.push({
          name, type: 'gather-input-on-call',
          transitions: [edge('keypress', next(i)), edge('speech', next(i)), edge('timeout', next(i))],
          properties: { offset, say: sentence(int(6, 30)), voice: 'Polly.Joanna', language: 'en-US', loop: 1, timeout: 5, stop_gather: true, number_of_digits: 1 },
        });
        break;
      case 'run-subflow':
        states.push({
          name, type: 'run-subflow',
          transitions: [edge('completed', next(i)), edge('failed')],
          properties: { offset, flow_sid: sid('FW'), flow_revision: 'LatestPublished', parameters: [{ key: 'from', value: `{{${variable()}}}` }] },
        });
        break;
      case 'send-to-auto-pilot':
        states.push({
          name, type: 'send-to-auto-pilot',
          transitions: [edge('sessionEnded', next(i)), edge('failure'), edge('timeout')],
          properties: { offset, autopilot_assistant_sid: sid('UA'), from: '{{flow.channel.address}}', chat_service: '{{trigger.message.InstanceSid}}', chat_channel: '{{trigger.message.ChannelSid}}', body: '{{trigger.message.Body}}', timeout: 14400 },
        });
        break;
      case 'record-voicemail':
        states.push({
          name, type: 'record-voicemail',
          transitions: [edge('recordingComplete', next(i)), edge('noAudio'), edge('hangup')],
          properties: { offset, transcribe: true, trim: 'trim-silence', play_beep: 'true', finish_on_key: '#', timeout: 5, max_length: 3600 },
        });
        break;
      case 'connect-call-to':
        states.push({ name, type: 'connect-call-to', transitions: [edge('callCompleted'), edge('hangup')], properties: { offset, caller_id: '{{contact.channel.address}}', noun: 'number', to: '+15555550100', timeout: 30 } });
        break;
      default:
        states.push({ name, type: 'say-play', transitions: [edge('audioComplete', next(i))], properties: { offset, say: sentence(int(6, 40)), voice: 'Polly.Joanna', language: 'en-US', loop: 1 } });
    }
  }
  return { description: terraform ? '${flow_description}' : `Flow ${index}`, states, initial_state: 'Trigger', flags: { allow_concurrent_calls: true } };
}

/** Writes `count` flows made by `generate(seed, i)` to `dir`; returns the bytes written. */
function writeFlows(dir, count, seed, generate) {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = JSON.stringify(generate(seed, i), null, 2) + '\n';
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `flow-${String(i).padStart(5, '0')}.json`), text);
  }
  return bytes;
}

export const generateRealisticCorpus = (dir, count, seed = 1) => writeFlows(dir, count, seed, generateRealisticFlow);

export const generateCorpus = (dir, count, seed = 1) => writeFlows(dir, count, seed, generateFlow);

/**
 * One flow of `widgets` widgets (Studio's maximum is 2,000). `entry`: the Trigger event its template flow is
 * wired to ('incomingMessage': a Chat-era flow, about 2.2 fixable findings per widget); any when omitted.
 */
export function generateLargeFlow(widgets, seed = 1, entry = undefined) {
  let flow;
  for (let i = 0; ; i++) {
    flow = generateFlow(seed, 100000 + i);
    if (flow.states.length > 100 && (!entry || flow.states[0].transitions.some((t) => t.event === entry && t.next))) break;
  }
  const template = flow.states.slice(1);
  const states = [flow.states[0]];
  for (let i = 0; i < widgets; i++) {
    const w = structuredClone(template[i % template.length]);
    const rename = (n) => (n ? `${n}__${Math.floor(i / template.length)}` : n);
    w.name = rename(w.name);
    for (const t of w.transitions) if (t.next) t.next = rename(t.next);
    states.push(w);
  }
  states[0].transitions = states[0].transitions.map((t) => (t.next ? { ...t, next: states[1].name } : t));
  return { ...flow, states };
}

/**
 * One flow of `widgets` widgets that all loop (issue 29's loop rules: their worst case): chains of Send
 * Message and Set Variables, each leading back to its start through a Split on the contact's first message, the
 * chains linked into one strongly connected whole, with no widget that waits.
 */
export function generateLoopFlow(widgets, chain = 50) {
  const states = [{ name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingMessage', next: 'w0' }, { event: 'incomingCall' }, { event: 'incomingRequest' }], properties: { offset: { x: 0, y: 0 } } }];
  const offset = { x: 0, y: 0 };
  for (let i = 0; i < widgets; i++) {
    const next = `w${(i + 1) % widgets}`;
    if (i % chain === chain - 1) {
      const back = `w${i - chain + 1}`;
      states.push({
        name: `w${i}`,
        type: 'split-based-on',
        transitions: [{ event: 'noMatch', next }, { event: 'match', next: back, conditions: [{ friendly_name: 'again', arguments: ['{{trigger.message.Body}}'], type: 'equal_to', value: 'again' }] }],
        properties: { input: '{{trigger.message.Body}}', offset },
      });
    } else if (i % 2 === 0) states.push({ name: `w${i}`, type: 'send-message', transitions: [{ event: 'sent', next }, { event: 'failed' }], properties: { body: `Step ${i}: {{flow.variables.step}}`, offset } });
    else states.push({ name: `w${i}`, type: 'set-variables', transitions: [{ event: 'next', next }], properties: { variables: [{ key: 'step', value: String(i) }], offset } });
  }
  return { description: 'every widget in a loop', states, initial_state: 'Trigger', flags: { allow_concurrent_calls: true } };
}

/**
 * A Chat-era flow dense with findings (issue 26): `widgets` Send Message widgets, each body reading
 * `references` Chat trigger variables between words, so about `widgets × references` findings, most of them
 * fixable. 28,000 widgets of 21 references: 50 MB, about 600,000 findings.
 */
export function generateDenseFindingsFlow(widgets, references, seed = 1) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const name = (i) => `send_${i}`;
  const states = [triggerState('incomingMessage', name(0))];
  for (let i = 0; i < widgets; i++) {
    const body = Array.from({ length: references }, () => `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} {{trigger.message.${pick(CHAT_VARS)}}}`).join(' ');
    const next = i + 1 < widgets ? name(i + 1) : undefined;
    states.push({
      name: name(i), type: 'send-message',
      transitions: [edge('sent', next), edge('failed', next)],
      properties: { offset: { x: 0, y: i * 200 }, service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body },
    });
  }
  return { description: 'Dense findings', states, initial_state: 'Trigger', flags: { allow_concurrent_calls: true } };
}

/**
 * A flow of `widgets` widgets where every fourth reads `{{widgets.<name>.body}}` of a widget that does not
 * exist (a near miss of a real name, so the rule looks for a "did you mean" hint each time).
 */
export function generateUndefinedReferencesFlow(widgets, seed = 1) {
  const flow = generateLargeFlow(widgets, seed);
  flow.states.slice(1).forEach((state, i) => {
    if (i % 4 !== 3) return;
    const missing = `${flow.states[1 + ((i * 7919) % widgets)].name}_old`;
    state.properties.note = `see {{widgets.${missing}.body}}`;
  });
  return flow;
}

if (process.argv[1]?.endsWith('generate-flows.mjs')) {
  const [dir = 'bench-flows', count = '1000'] = process.argv.slice(2);
  const bytes = generateCorpus(dir, Number(count));
  console.log(`wrote ${count} flows, ${(bytes / 1048576).toFixed(1)} MiB, to ${dir}`);
}

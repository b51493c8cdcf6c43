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
  const edge = (event, target) => (target ? { next: target, event } : { event });
  const states = [
    {
      name: 'Trigger',
      type: 'trigger',
      transitions: ['incomingMessage', 'incomingCall', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'].map((e) => edge(e, e === entry ? names[0] : undefined)),
      properties: { offset: { x: 0, y: 0 } },
    },
  ];
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

export function generateCorpus(dir, count, seed = 1) {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = JSON.stringify(generateFlow(seed, i), null, 2) + '\n';
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `flow-${String(i).padStart(5, '0')}.json`), text);
  }
  return bytes;
}

/** One flow of `widgets` widgets (Studio's maximum is 2,000). */
export function generateLargeFlow(widgets, seed = 1) {
  let flow;
  for (let i = 0; ; i++) {
    flow = generateFlow(seed, 100000 + i);
    if (flow.states.length > 100) break;
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

if (process.argv[1]?.endsWith('generate-flows.mjs')) {
  const [dir = 'bench-flows', count = '1000'] = process.argv.slice(2);
  const bytes = generateCorpus(dir, Number(count));
  console.log(`wrote ${count} flows, ${(bytes / 1048576).toFixed(1)} MiB, to ${dir}`);
}

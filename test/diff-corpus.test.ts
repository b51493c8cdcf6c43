/**
 * The flow diff over real edits (../shared/corpus, when it is there): flows their authors changed between two
 * commits (`__at-<commit>` copies beside the current file) and flows they migrated by hand (the pairs of
 * ../shared/tools/corpus-pairs.tsv). Each expectation below was written by reading the two files side by side
 * (keys sorted, `diff`), not by running the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFlow, pairFlows, type FlowDiff } from '../src/diff/diff.js';
import { textconv } from '../src/diff/render.js';
import { classify, type FlowEntry } from '../src/flow/load.js';
import { CORPUS, HAS_CORPUS, NEEDS_CORPUS } from './helpers.js';

const PAIRS_FILE = path.resolve(CORPUS, '..', '..', 'tools', 'corpus-pairs.tsv');
const pairs: Map<string, [string, string]> = new Map(
  HAS_CORPUS && existsSync(PAIRS_FILE)
    ? readFileSync(PAIRS_FILE, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t'))
        .map(([id, before, after]) => [id!, [before!, after!]] as const)
    : [],
);

function flows(file: string): FlowEntry[] {
  const c = classify(readFileSync(path.join(CORPUS, file), 'utf8'));
  if (c.kind !== 'flows') throw new Error(`${file}: ${c.kind}`);
  return c.flows;
}

function diffFiles(before: string, after: string): FlowDiff {
  const [pair, ...more] = pairFlows(flows(before), flows(after));
  expect(more).toEqual([]);
  return diffFlow(after, pair!.before, pair!.after, pair!.name);
}

const diffPair = (id: string) => {
  const files = pairs.get(id);
  if (!files) throw new Error(`${id} is not in ${PAIRS_FILE}`);
  return diffFiles(...files);
};

/** The Trigger moved from Incoming Message to Incoming Conversation, to the same widget: one line, no wiring change listed. */
const MOVED_TRIGGER = { triggerMoved: true };

describe.skipIf(!HAS_CORPUS)(`diffs of real edits${NEEDS_CORPUS}`, () => {
  it('Nsight voice flow, baa7bca → later: a voicemail widget added and wired, variables typed, three widgets moved', () => {
    const diff = diffFiles(
      'Nsight-Live__Twilio-Flex-Template__infra-as-code__terraform__studio__voice-flow__at-baa7bca.json',
      'Nsight-Live__Twilio-Flex-Template__infra-as-code__terraform__studio__voice-flow.json',
    );
    const typed = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `properties.variables[${i}].type`, after: 'string' }));
    expect(diff).toMatchObject({ status: 'changed', trigger: [], migration: null, flowFields: [], added: ['Send_to_voicemail'], removed: [], renamed: [] });
    expect(diff.changed).toEqual([
      { name: 'set_variables', type: 'set-variables', properties: typed(3), transitions: [] },
      {
        name: 'Outside_business_hours_message',
        type: 'send-message',
        properties: [],
        transitions: [
          { event: 'sent', before: null, after: 'Send_to_voicemail' },
          { event: 'failed', before: null, after: 'Send_to_voicemail' },
        ],
      },
      { name: 'set_isOpen', type: 'set-variables', properties: typed(1), transitions: [] },
      { name: 'set_counter_for_schedule', type: 'set-variables', properties: typed(1), transitions: [] },
      { name: 'set_counter_for_dealer_name', type: 'set-variables', properties: typed(1), transitions: [] },
    ]);
    // Only their offset changed; set_variables, set_isOpen and set_counter_for_schedule moved too, and changed.
    expect(diff.moved).toEqual(['SendCallToAgent', 'Closed_Message', 'dealer_name_counter']);
  });

  it('patient appointment management, 20943a2 → later: description, a date-parsing function put in front, split values upper-cased', () => {
    const diff = diffFiles(
      'twilio-labs__function-templates__patient-appointment-management__assets__studio-flow-template.private__at-20943a2.json',
      'twilio-labs__function-templates__patient-appointment-management__assets__studio-flow-template.private.json',
    );
    expect(diff.flowFields).toEqual([{ path: 'description', before: 'template appointment reminders flow', after: 'template patient appointment management flow' }]);
    expect(diff).toMatchObject({ added: ['get-datetime-parts'], removed: [], renamed: [], moved: ['Trigger'], trigger: [], migration: null });
    expect(diff.changed[0]).toEqual({
      name: 'set_global_variables',
      type: 'set-variables',
      properties: [{ path: 'properties.variables[1].value', before: 'YOUR_EHR_ENDPOINT_URL', after: 'https://you_ehr_endpoint_url.com/inbound' }],
      transitions: [{ event: 'next', before: 'split_on_event_type', after: 'get-datetime-parts' }],
    });
    const split = diff.changed.find((c) => c.name === 'split_on_event_type')!;
    expect(split.transitions).toEqual([]);
    expect(split.properties.slice(0, 3)).toEqual([
      { path: 'transitions[1].conditions[0].value', before: 'Remind', after: 'REMIND' },
      { path: 'transitions[2].conditions[0].friendly_name', before: 'Optedin', after: 'Opted-In' },
      { path: 'transitions[2].conditions[0].value', before: 'Optedin', after: 'OPTED-IN' },
    ]);
    expect(diff.changed.map((c) => c.name)).toEqual([
      'set_global_variables',
      'split_on_event_type',
      'send_canceled',
      'send_modified',
      'send_noshowed',
      'send_confirmed',
      'split_remind_reply',
      'send_remind',
      'send_rescheduled',
      'send_optedout',
      'send_optedin',
      'send_booked',
      'split_booked',
    ]);
  });

  it('tz/messaging-blocking, migrated by hand: migrated, plus the channel read renamed by name (which Conversations does not set)', () => {
    const diff = diffPair('tz/messaging-blocking');
    expect(diff).toMatchObject({ trigger: [], flowFields: [], added: [], removed: [], renamed: [], moved: [], migration: MOVED_TRIGGER });
    expect(diff.migration!.reads.map((r) => [r.widget, r.path])).toEqual([
      ['getProfileFlagsForIdentifier', 'properties.body'],
      ['send_blocked_message', 'properties.service'],
    ]);
    expect(diff.migration!.summary).toBe(
      'migrated from Programmable Chat to Conversations: the Trigger moved from Incoming Message to Incoming Conversation, 4 trigger.message reads renamed to trigger.conversation in 2 widgets',
    );
    expect(diff.changed).toEqual([
      { name: 'send_blocked_message', type: 'send-message', properties: [{ path: 'properties.channel', before: '{{trigger.message.ChannelSid}}', after: '{{trigger.conversation.ChannelSid}}' }], transitions: [] },
    ]);
  });

  it('ukmh/msg-greeting-blocking and tf/default/with-chatbot: migrated; service reads are the migration, channel reads are not', () => {
    const ukmh = diffPair('ukmh/msg-greeting-blocking');
    expect(ukmh).toMatchObject({ trigger: [], added: [], removed: [], renamed: [], moved: [], migration: MOVED_TRIGGER });
    expect(ukmh.migration!.reads.map((r) => [r.widget, r.path])).toEqual([
      ['send_blocked_message', 'properties.service'],
      ['welcome_message', 'properties.service'],
    ]);
    expect(ukmh.changed.map((c) => [c.name, c.properties.map((p) => p.path)])).toEqual([
      ['send_blocked_message', ['properties.channel']],
      ['welcome_message', ['properties.channel']],
    ]);
    const chatbot = diffPair('tf/default/with-chatbot');
    expect(chatbot).toMatchObject({ trigger: [], added: [], removed: [], renamed: [], moved: [], migration: MOVED_TRIGGER });
    expect(chatbot.migration!.reads.map((r) => [r.widget, r.path, r.after])).toEqual([
      ['ChatBot', 'properties.body', '{{trigger.conversation.Body}}'],
      ['ChatBot', 'properties.chat_service', '{{trigger.conversation.InstanceSid}}'],
    ]);
    expect(chatbot.changed).toEqual([
      { name: 'ChatBot', type: 'send-to-auto-pilot', properties: [{ path: 'properties.chat_channel', before: '{{trigger.message.ChannelSid}}', after: '{{trigger.conversation.ChannelSid}}' }], transitions: [] },
    ]);
  });

  it('usvc/webchat-sd: pre_engagement_data reads are the migration; the Terraform variables renamed in the split are not', () => {
    const diff = diffPair('usvc/webchat-sd');
    expect(diff.migration!.reads.map((r) => `${r.widget} ${r.path}`)).toEqual([
      'split_service properties.input',
      'split_service transitions[1].conditions[0].arguments[0]',
      'split_service transitions[2].conditions[0].arguments[0]',
      'send_message_vc_webchat_prequeue properties.service',
      'send_message_dcvh_webchat_prequeue properties.service',
    ]);
    expect(diff.changed[0]).toEqual({
      name: 'split_service',
      type: 'split-based-on',
      properties: [
        { path: 'transitions[1].conditions[0].value', before: '${flow_vars.vc_url}', after: '${channel_flow_vars.vc_url}' },
        { path: 'transitions[2].conditions[0].value', before: '${flow_vars.dcvh_url}', after: '${channel_flow_vars.dcvh_url}' },
      ],
      transitions: [],
    });
    expect(diff.changed.map((c) => c.name)).toEqual(['split_service', 'send_message_vc_webchat_prequeue', 'send_message_dcvh_webchat_prequeue']);
  });

  it('tpl/messaging-blocking-lambda-sd: migrated to a new entry widget, two widgets renamed with the transitions to them, a pre-queue message added', () => {
    const diff = diffPair('tpl/messaging-blocking-lambda-sd');
    // The Trigger moved, but to another widget: the wiring is listed as well as the migration line.
    expect(diff.trigger).toEqual([
      { event: 'incomingMessage', before: 'run_subflow_system_down', after: null },
      { event: 'incomingConversationMessage', before: null, after: 'f_getProfileFlagsForIdentifier' },
    ]);
    expect(diff.migration).toMatchObject({ triggerMoved: true, reads: [{ widget: 'send_message_blocked', path: 'properties.service' }] });
    // The migration line says where the entry leads now, not "moved" alone.
    expect(diff.migration?.summary).toMatch(
      /^migrated from Programmable Chat to Conversations: the Trigger moved from Incoming Message \(to 'run_subflow_system_down'\) to Incoming Conversation, which now leads to another widget \('f_getProfileFlagsForIdentifier'\)/,
    );
    expect(diff.added).toEqual(['send_message_prequeue']);
    expect(diff.removed).toEqual(['run_subflow_system_down']);
    expect(diff.renamed).toEqual([
      { from: 'http_post_notify_failed_to_enqueue', to: 'http_post_webhook_notify_error' },
      { from: 'split_based_on_client_flag', to: 'split_contact_routing' },
    ]);
    expect(diff.changed).toEqual([
      // next → split_based_on_client_flag became → split_contact_routing: the rename, not listed.
      { name: 'f_getProfileFlagsForIdentifier', type: 'make-http-request', properties: [], transitions: [{ event: 'failed', before: 'send_to_queue', after: 'send_message_prequeue' }] },
      {
        name: 'send_message_blocked',
        type: 'send-message',
        properties: [{ path: 'properties.channel', before: '{{trigger.message.ChannelSid}}', after: '{{trigger.conversation.ChannelSid}}' }],
        transitions: [{ event: 'failed', before: null, after: 'http_post_webhook_notify_error' }],
      },
      { name: 'split_contact_routing', type: 'split-based-on', properties: [], transitions: [{ event: 'noMatch', before: 'send_to_queue', after: 'send_message_prequeue' }] },
      {
        name: 'http_post_webhook_notify_error',
        type: 'make-http-request',
        properties: [
          {
            path: 'properties.body',
            before: '{ "text": "Issue detected [Failed to Enqueue] on ${short_helpline} ${short_environment} Flow SID: {{flow.flow_sid}} Execution SID: {{flow.sid}}  " }',
            after: '{ "text": "Issue detected on ${short_helpline} ${short_environment} Flow SID: {{flow.flow_sid}} Execution SID: {{flow.sid}}  " }',
          },
        ],
        transitions: [],
      },
    ]);
    // send_to_queue moved and its failedToEnqueue transition follows the rename: moved only.
    expect(diff.moved).toEqual(['Trigger', 'send_to_queue']);
  });

  it('every migrated pair reads as a migration; every flow against itself re-indented is no change, its textconv listing the same', () => {
    expect(pairs.size).toBeGreaterThanOrEqual(20);
    for (const [id, [before, after]] of pairs) {
      expect(diffFiles(before, after).migration?.triggerMoved, id).toBe(true);
      for (const file of [before, after]) {
        const [entry] = flows(file);
        const reindented = classify(JSON.stringify(entry!.definition, null, '\t'));
        if (reindented.kind !== 'flows') throw new Error(file);
        const same = diffFlow(file, entry, reindented.flows[0]);
        expect(same.status, file).toBe('unchanged');
        expect(textconv(reindented.flows[0]!.definition)).toBe(textconv(entry!.definition));
      }
    }
  });
});

/**
 * The account-specific values of a flow (src/flow/account-references.ts): every kind, its pointer and its exact
 * range inside the string, Terraform placeholders left alone, and a rewrite of those ranges that changes only them.
 */
import { describe, expect, it } from 'vitest';
import { accountReferences, type AccountReference } from '../src/flow/account-references.js';
import { classify, type FlowDefinition } from '../src/flow/load.js';
import { JsonLocator } from '../src/flow/locate.js';
import { applyEdits, replaceInString } from '../src/fixers/edits.js';
import { flow, studioText, widget } from './helpers.js';

const sid = (prefix: string, n: number) => `${prefix}${'a'.repeat(31)}${n}`;
const ZS = sid('ZS', 1);
const ZE = sid('ZE', 1);
const ZH = sid('ZH', 1);
const FW = sid('FW', 1);
const WW = sid('WW', 1);
const WW2 = sid('WW', 2);
const TC = sid('TC', 1);
const MG = sid('MG', 1);
const WQ = sid('WQ', 1);
const XX = sid('KS', 1);

const promoted = flow(
  { incomingMessage: 'fn' },
  widget('fn', 'run-function', { success: 'sub' }, { service_sid: ZS, environment_sid: ZE, function_sid: ZH, url: 'https://tools-1234-dev.twil.io/crm/lookup', parameters: [{ key: 'queue', value: WQ }] }),
  widget('sub', 'run-subflow', { completed: 'sms' }, { flow_sid: FW, flow_revision: 'LatestPublished', parameters: [] }),
  widget('sms', 'send-message', { sent: 'flex' }, { body: 'Hi {% if flow.data.vip %}{{flow.data.name}}{% endif %}', from: '+15005550006', to: '+15551230000', service: MG }),
  widget('flex', 'send-to-flex', {}, { workflow: WW, channel: TC, attributes: `{"name": "{{trigger.message.From}}", "transfer_workflow": "${WW2}", "other": "${XX}"}` }),
  widget('call', 'connect-call-to', {}, { noun: 'number', to: '+15551239999', caller_id: '+15005550007' }),
  widget('http', 'make-http-request', {}, { method: 'GET', url: 'https://api.example.com/x?redirect=https://other-9876.twil.io/hook' }),
);

const pick = (r: AccountReference) => [r.kind, r.value, r.pointer.join('/'), r.property, r.expected];

describe('accountReferences', () => {
  it('finds every kind, with its pointer, property and what the widget type says the property holds', () => {
    const refs = accountReferences(promoted as unknown as FlowDefinition);
    expect(refs.map(pick)).toEqual([
      ['serverless-service', ZS, 'states/1/properties/service_sid', 'service_sid', 'serverless-service'],
      ['serverless-environment', ZE, 'states/1/properties/environment_sid', 'environment_sid', 'serverless-environment'],
      ['function', ZH, 'states/1/properties/function_sid', 'function_sid', 'function'],
      ['function-domain', 'tools-1234-dev.twil.io', 'states/1/properties/url', 'url', 'function-domain'],
      ['task-queue', WQ, 'states/1/properties/parameters/0/value', 'parameters[0].value', undefined],
      ['flow', FW, 'states/2/properties/flow_sid', 'flow_sid', 'flow'],
      ['phone-number', '+15005550006', 'states/3/properties/from', 'from', 'phone-number'],
      ['messaging-service', MG, 'states/3/properties/service', 'service', 'messaging-service'],
      ['workflow', WW, 'states/4/properties/workflow', 'workflow', 'workflow'],
      ['task-channel', TC, 'states/4/properties/channel', 'channel', 'task-channel'],
      ['workflow', WW2, 'states/4/properties/attributes', 'attributes', undefined],
      ['sid', XX, 'states/4/properties/attributes', 'attributes', undefined],
      ['phone-number', '+15005550007', 'states/5/properties/caller_id', 'caller_id', 'phone-number'],
      ['function-domain', 'other-9876.twil.io', 'states/6/properties/url', 'url', undefined],
    ]);
    // The contact's numbers (`to`) are not the account's.
    expect(refs.some((r) => r.value === '+15551230000' || r.value === '+15551239999')).toBe(false);
  });

  it('gives the exact range inside the string, and a Function URL’s path', () => {
    const refs = accountReferences(promoted as unknown as FlowDefinition);
    const states = (promoted as { states: { properties: Record<string, unknown> }[] }).states;
    for (const r of refs) {
      let value: unknown = promoted;
      for (const segment of r.pointer) value = (value as Record<string | number, unknown>)[segment];
      expect((value as string).slice(r.start, r.end)).toBe(r.value);
    }
    const inAttributes = refs.find((r) => r.value === WW2)!;
    expect(inAttributes.start).toBe((states[4]!.properties.attributes as string).indexOf(WW2));
    expect(refs.find((r) => r.value === 'tools-1234-dev.twil.io')).toMatchObject({ start: 'https://'.length, urlPath: '/crm/lookup' });
    expect(refs.find((r) => r.value === 'other-9876.twil.io')!.urlPath).toBe('/hook');
  });

  it('leaves Terraform placeholders, look-alikes and Liquid-built values alone', () => {
    const definition = flow(
      { incomingMessage: 'fn' },
      widget('fn', 'run-function', {}, {
        service_sid: '${serverless_service_sid}',
        environment_sid: `\${lookup(var.envs, "${ZE}")}`,
        url: 'https://${var.domain}-dev.twil.io/x',
        function_sid: `X${ZH}`,
      }),
      widget('flex', 'send-to-flex', {}, { workflow: '{{flow.variables.workflow}}', channel: 'TCabc', attributes: '{}' }),
      widget('sms', 'send-message', {}, { body: 'x', from: '{{flow.channel.address}}', to: '+15551230000' }),
      widget('say', 'say-play', {}, { say: `call +15005550006 or visit https://twil.io.example.com ${WW.toLowerCase()}` }),
    ) as unknown as FlowDefinition;
    expect(accountReferences(definition)).toEqual([]);
  });

  it('a SID inside Liquid is still found; a SID of another prefix where a workflow belongs is what its prefix says', () => {
    const definition = flow(
      { incomingMessage: 'flex' },
      widget('flex', 'send-to-flex', {}, { workflow: `{% if flow.data.vip %}${WW}{% else %}${WW2}{% endif %}`, channel: WQ, attributes: '{}' }),
    ) as unknown as FlowDefinition;
    expect(accountReferences(definition).map((r) => [r.kind, r.value, r.start, r.expected])).toEqual([
      ['workflow', WW, '{% if flow.data.vip %}'.length, 'workflow'],
      ['workflow', WW2, `{% if flow.data.vip %}${WW}{% else %}`.length, 'workflow'],
      ['task-queue', WQ, 0, 'task-channel'],
    ]);
  });

  it('ranges are decoded offsets: a rewrite through replaceInString changes those characters and nothing else', () => {
    // The attributes string holds escaped quotes and a \u escape before the SID: raw and decoded offsets differ.
    const text = studioText(flow({ incomingMessage: 'flex' }, widget('flex', 'send-to-flex', {}, { workflow: WW, channel: TC, attributes: `{"n\u00e9": "\\"x\\"", "w": "${WW2}"}` }))).replace('né', '\\u00e9');
    const c = classify(text);
    if (c.kind !== 'flows') throw new Error('not a flow');
    const refs = accountReferences(c.flows[0]!.definition);
    const locator = new JsonLocator(text);
    const targets: Record<string, string> = { [WW]: sid('WW', 8), [TC]: sid('TC', 8), [WW2]: sid('WW', 9) };
    const edits = refs.map((r) => replaceInString(locator, r.pointer, r.start, r.end, targets[r.value]!));
    const { text: out, skipped } = applyEdits(text, edits);
    expect(skipped).toEqual([]);
    let expected = text;
    for (const [from, to] of Object.entries(targets)) expected = expected.replace(from, to);
    expect(out).toBe(expected);
    expect(out).toContain('\\u00e9');
  });
});

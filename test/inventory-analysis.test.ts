/** The inventory's analysis (src/migration/inventory.ts) on its own: no account, no linter. */
import { describe, expect, it } from 'vitest';
import { flowInventory, inventoryOf, isMessagingFlow, startingAddresses, type AccountAddresses, type MigrationState } from '../src/migration/inventory.js';
import type { FlowDefinition } from '../src/flow/load.js';

const sid = (n: number) => `FW${String(n).padStart(32, '0')}`;
const legacy = (n: number, flow: number, integrationType = 'studio') => ({ sid: `FO${n}`, friendlyName: `legacy ${n}`, channelType: 'sms', address: `+1555000000${n}`, integrationType, flowSid: sid(flow) });

describe('inventoryOf', () => {
  it('orders the flows with an address or number simplest first, and leaves out the rest', () => {
    const account: AccountAddresses = {
      legacyAddresses: [legacy(1, 1), legacy(2, 2), legacy(3, 3), legacy(4, 4), legacy(5, 5), legacy(6, 6, 'task')],
      conversationsAddresses: [],
      numbers: [{ sid: 'PN1', phoneNumber: '+15559999999', flowSid: sid(3) }],
    };
    const states: [number, string, MigrationState][] = [
      [1, 'needs a person, two rules', { state: 'needs-human', rules: ['a', 'b'] }],
      [2, 'needs a person, one rule', { state: 'needs-human', rules: ['a'] }],
      [3, 'fixable, two addresses', { state: 'fixable', rules: ['a'] }],
      [4, 'fixable, one address', { state: 'fixable', rules: ['a'] }],
      [5, 'voice', { state: 'not-messaging', rules: [] }],
      [6, 'migrated', { state: 'migrated', rules: [] }],
      [7, 'no address', { state: 'migrated', rules: [] }],
    ];
    const flows = states.map(([n, friendlyName, state]) => flowInventory({ sid: sid(n), friendlyName }, state, account));
    const inventory = inventoryOf(flows, account);
    expect(inventory.order).toEqual([sid(6), sid(4), sid(3), sid(2), sid(1)]);
    expect(inventory.flags).toEqual([
      "legacy address 'legacy 6' (sms +15550000006) uses integration type 'task', which Conversations addresses do not support: it needs a Studio flow",
      "'fixable, two addresses' serves 2 addresses and numbers: migrate them together",
    ]);
    expect(startingAddresses(sid(6), account.legacyAddresses)).toEqual([]);
    expect(startingAddresses(sid(1), account.legacyAddresses)).toEqual(['sms +15550000001 (FO1)']);
  });
});

describe('inventoryOf, one number seen twice', () => {
  it('a legacy address and the number’s webhook for the same phone are one contact point, not two to move together', () => {
    const account: AccountAddresses = {
      legacyAddresses: [legacy(7, 7)],
      conversationsAddresses: [],
      numbers: [{ sid: 'PN7', phoneNumber: '+15550000007', flowSid: sid(7) }],
    };
    const flows = [flowInventory({ sid: sid(7), friendlyName: 'one number' }, { state: 'fixable', rules: ['a'] }, account)];
    expect(inventoryOf(flows, account).flags).toEqual([]);
    // A second phone is a second one.
    account.numbers.push({ sid: 'PN8', phoneNumber: '+15550000008', flowSid: sid(7) });
    const two = [flowInventory({ sid: sid(7), friendlyName: 'two numbers' }, { state: 'fixable', rules: ['a'] }, account)];
    expect(inventoryOf(two, account).flags).toEqual(["'two numbers' serves 2 addresses and numbers: migrate them together"]);
  });

  it('SMS and WhatsApp on the same phone are two contact points: two addresses move', () => {
    const whatsapp = { ...legacy(9, 9), sid: 'FO9w', channelType: 'whatsapp', address: 'whatsapp:+15550000009' };
    const account: AccountAddresses = { legacyAddresses: [legacy(9, 9), whatsapp], conversationsAddresses: [], numbers: [] };
    const flows = [flowInventory({ sid: sid(9), friendlyName: 'sms and whatsapp' }, { state: 'fixable', rules: ['a'] }, account)];
    expect(inventoryOf(flows, account).flags).toEqual(["'sms and whatsapp' serves 2 addresses and numbers: migrate them together"]);
  });
});

describe('isMessagingFlow', () => {
  const withTrigger = (transitions: unknown[]) => ({ states: [{ name: 'Trigger', type: 'trigger', transitions }] }) as unknown as FlowDefinition;
  it('is a flow an incoming message (Chat or Conversations) leads somewhere from', () => {
    expect(isMessagingFlow(withTrigger([{ event: 'incomingMessage', next: 'reply' }]))).toBe(true);
    expect(isMessagingFlow(withTrigger([{ event: 'incomingConversationMessage', next: 'reply' }]))).toBe(true);
    expect(isMessagingFlow(withTrigger([{ event: 'incomingMessage' }, { event: 'incomingCall', next: 'say' }]))).toBe(false);
  });
});

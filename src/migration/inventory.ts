/**
 * The migration inventory's analysis (the seed guide's "Map existing legacy addresses, Studio flows, and phone
 * numbers"): what in the account must move together, what is in the way, and an order to migrate in,
 * simplest first. src/twilio/inventory.ts reads the account, the linter says where each flow stands
 * (src/linter/migration-state.ts), and the inventory command formats the result.
 */
import type { FlowDefinition } from '../flow/load.js';
import { bareAddress, RENAMED_CHANNEL_TYPES } from './channel-types.js';

export interface LegacyAddress {
  sid: string;
  friendlyName: string;
  channelType: string;
  address: string;
  integrationType: string;
  flowSid?: string;
}

export interface ConversationsAddress {
  sid: string;
  type: string;
  address: string;
  friendlyName: string;
  flowSid?: string;
}

export interface PhoneNumber {
  sid: string;
  phoneNumber: string;
  flowSid?: string;
}

/**
 * `not-in-migration`: a messaging flow Incoming Conversation does not start, with nothing for the migration
 * rules to report: a plain SMS or WhatsApp flow on a number's webhook (migration-semantics §1), which stays on
 * Programmable Messaging and Incoming Message. Not "migrated": moving its number would silence it.
 */
export type FlowState = 'migrated' | 'fixable' | 'fixable-unsafe' | 'needs-human' | 'not-messaging' | 'not-in-migration';

/** Where a flow stands in the migration, and the migration rules in its way. */
export interface MigrationState {
  state: FlowState;
  /**
   * The migration rules --fix handles (fixable); the ones left after --fix, which --fix --unsafe-fixes finishes
   * for a person to review (fixable-unsafe) or a person must handle (needs-human).
   */
  rules: string[];
}

export interface FlowInventory extends MigrationState {
  sid: string;
  friendlyName: string;
  legacyAddresses: LegacyAddress[];
  conversationsAddresses: ConversationsAddress[];
  numbers: PhoneNumber[];
}

export interface Inventory {
  flows: FlowInventory[];
  legacyAddresses: LegacyAddress[];
  conversationsAddresses: ConversationsAddress[];
  numbers: PhoneNumber[];
  /** Things in the way of the migration. */
  flags: string[];
  /** Flow SIDs, simplest migration first. */
  order: string[];
  /** Flows the migration concerns that are not in the order, and why. */
  notInOrder: { sid: string; reason: string }[];
}

/** What the account holds besides the flows. */
export interface AccountAddresses {
  legacyAddresses: LegacyAddress[];
  conversationsAddresses: ConversationsAddress[];
  numbers: PhoneNumber[];
}

/** How a legacy address is named in scope evidence and in the manifest: channel type, address and SID. */
export function describeLegacyAddress(address: LegacyAddress): string {
  return `${address.channelType} ${address.address} (${address.sid})`;
}

/** The legacy Flex addresses that start the flow through a Studio integration, described: the account's word on the migration's scope. */
export function startingAddresses(flowSid: string, legacyAddresses: LegacyAddress[]): string[] {
  return legacyAddresses.filter((a) => a.flowSid === flowSid && a.integrationType === 'studio').map(describeLegacyAddress);
}

/** The Trigger events of a definition that lead to a widget. */
function wiredTriggerEvents(definition: FlowDefinition): string[] {
  const trigger = definition.states.find((s) => (s as { type?: string }).type === 'trigger') as { transitions?: { event?: string; next?: string }[] } | undefined;
  return (trigger?.transitions ?? []).filter((t) => t.next && t.event).map((t) => t.event!);
}

/** Whether a message starts the flow (its Trigger's incoming-message event leads somewhere). */
export function isMessagingFlow(definition: FlowDefinition): boolean {
  return wiredTriggerEvents(definition).some((e) => e === 'incomingMessage' || e === 'incomingConversationMessage');
}

/** Whether the Trigger routes Incoming Conversation to a widget: what a Conversations address starts. */
export function routesIncomingConversation(definition: FlowDefinition): boolean {
  return wiredTriggerEvents(definition).includes('incomingConversationMessage');
}

/**
 * The linter's state, told apart where it says nothing: a flow is migrated only when Incoming Conversation
 * starts it. One the migration rules stay silent on because the migration does not concern it (a plain SMS
 * flow, still on Incoming Message) is `not-in-migration`, and must not be moved.
 */
export function inMigration(state: MigrationState, definition: FlowDefinition): MigrationState {
  return state.state === 'migrated' && !routesIncomingConversation(definition) ? { state: 'not-in-migration', rules: [] } : state;
}

/** A flow's entry: its state, and the addresses and numbers that move with it. */
export function flowInventory(flow: { sid: string; friendlyName: string }, state: MigrationState, account: AccountAddresses): FlowInventory {
  return {
    sid: flow.sid,
    friendlyName: flow.friendlyName,
    ...state,
    legacyAddresses: account.legacyAddresses.filter((a) => a.flowSid === flow.sid),
    conversationsAddresses: account.conversationsAddresses.filter((a) => a.flowSid === flow.sid),
    numbers: account.numbers.filter((n) => n.flowSid === flow.sid),
  };
}

/** The inventory: the flows' entries, what is in the way of the migration, and the order to migrate in. */
export function inventoryOf(flows: FlowInventory[], account: AccountAddresses): Inventory {
  const { legacyAddresses, conversationsAddresses, numbers } = account;
  const flags: string[] = [];
  for (const legacy of legacyAddresses) {
    const twin = conversationsAddresses.find((c) => bareAddress(c.address) === bareAddress(legacy.address));
    if (twin) {
      flags.push(`${legacy.address} is on Programmable Chat (legacy address '${legacy.friendlyName}') and on Conversations (${twin.type} address ${twin.sid}): a number cannot be on both; delete the legacy address first`);
    }
    if (legacy.integrationType && legacy.integrationType !== 'studio') {
      flags.push(`legacy address '${legacy.friendlyName}' (${legacy.channelType} ${legacy.address}) uses integration type '${legacy.integrationType}', which Conversations addresses do not support: it needs a Studio flow`);
    }
    const renamed = RENAMED_CHANNEL_TYPES[legacy.channelType];
    // The address type changes name; what a flow compares depends on what it reads (migration-semantics §4).
    if (renamed) {
      flags.push(
        `legacy address '${legacy.friendlyName}' is of channel type '${legacy.channelType}', which is '${renamed}' under Conversations: check the flow's channel comparisons (your own channel_type attribute keeps its values; Source does not)`,
      );
    }
  }
  for (const flow of flows) {
    // A legacy SMS address and its number's webhook are one contact point, counted once; SMS and WhatsApp on
    // the same phone are two (two addresses to move).
    const contact = (channel: string, address: string) => `${channel}:${bareAddress(address)}`;
    const contacts = new Set([...flow.legacyAddresses.map((a) => contact(a.channelType, a.address)), ...flow.numbers.map((n) => contact('sms', n.phoneNumber))]).size;
    if (flow.state !== 'not-messaging' && flow.state !== 'not-in-migration' && contacts > 1) {
      flags.push(`'${flow.friendlyName}' serves ${contacts} addresses and numbers: migrate them together`);
    }
  }

  const weight: Record<FlowState, number> = { migrated: 0, fixable: 1, 'fixable-unsafe': 2, 'needs-human': 3, 'not-messaging': 4, 'not-in-migration': 4 };
  const order = flows
    .filter((f) => f.state !== 'not-messaging' && f.state !== 'not-in-migration' && f.legacyAddresses.length + f.numbers.length > 0)
    .sort((a, b) => weight[a.state] - weight[b.state] || a.rules.length - b.rules.length || a.legacyAddresses.length + a.numbers.length - (b.legacyAddresses.length + b.numbers.length) || a.friendlyName.localeCompare(b.friendlyName))
    .map((f) => f.sid);
  // A flow the migration concerns that no legacy address or number starts has nothing to cut over: say so, so
  // that its absence from the order is not taken for an oversight.
  const notInOrder = flows
    .filter((f) => f.state !== 'not-messaging' && f.state !== 'not-in-migration' && f.legacyAddresses.length + f.numbers.length === 0)
    .map((f) => ({
      sid: f.sid,
      reason: `no legacy address or number of the account starts it, so nothing moves with it${f.conversationsAddresses.length ? ' (a Conversations address already starts it)' : ''}; ${f.state === 'migrated' ? 'it is migrated' : 'migrate its file and push it when it suits you'}`,
    }));
  return { flows, legacyAddresses, conversationsAddresses, numbers, flags, order, notInOrder };
}

/**
 * The migration inventory's reads of the account (the seed guide's "Map existing legacy addresses, Studio
 * flows, and phone numbers"): legacy Flex addresses, Conversations addresses, phone numbers and flows, as the
 * APIs answer them. Read-only. What they mean for the migration is src/migration/inventory.ts.
 */
import { migrationState } from '../linter/migration-state.js';
import {
  describeLegacyAddress,
  flowInventory,
  inventoryOf,
  inMigration,
  startingAddresses,
  type ConversationsAddress,
  type FlowInventory,
  type Inventory,
  type LegacyAddress,
  type PhoneNumber,
} from '../migration/inventory.js';
import { toTwilioError, TwilioError, type StudioApi } from './client.js';

const FLOW_WEBHOOK = /\/Flows\/(FW[0-9a-fA-F]{32})/;

interface RawClient {
  flexApi: { v1: { flexFlow: { list(): Promise<Record<string, unknown>[]> } } };
  conversations: { v1: { addressConfigurations: { list(): Promise<Record<string, unknown>[]> } } };
  incomingPhoneNumbers: { list(): Promise<Record<string, unknown>[]> };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** Nested objects come back as the API wrote them (snake_case); accept camelCase too. */
const nested = (o: unknown, snake: string, camel: string) => {
  const r = (o ?? {}) as Record<string, unknown>;
  const v = r[snake] ?? r[camel];
  return typeof v === 'string' && v ? v : undefined;
};

/**
 * Which flows legacy Flex addresses (Flex Flows with a Studio integration) start, by flow SID: what `pull`
 * records, so that lint knows those flows are part of the migration whatever their content. An account
 * without Flex answers 404 and has none.
 */
export async function legacyAddressesByFlow(api: StudioApi): Promise<Map<string, string[]>> {
  const client = api.client as RawClient;
  let flexFlows: Record<string, unknown>[];
  try {
    flexFlows = await client.flexApi.v1.flexFlow.list();
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return new Map();
    throw error;
  }
  const byFlow = new Map<string, string[]>();
  for (const f of flexFlows) {
    const flowSid = nested(f.integration, 'flow_sid', 'flowSid');
    if (!flowSid || str(f.integrationType) !== 'studio') continue;
    const address: LegacyAddress = { sid: str(f.sid), friendlyName: str(f.friendlyName), channelType: str(f.channelType), address: str(f.contactIdentity), integrationType: 'studio', flowSid };
    byFlow.set(flowSid, [...(byFlow.get(flowSid) ?? []), describeLegacyAddress(address)]);
  }
  return byFlow;
}

export async function takeInventory(api: StudioApi, bar?: { total(n: number): void; step(label: string): void }): Promise<Inventory> {
  const client = api.client as RawClient;
  // The raw client's failures become Twilio errors (exit 3 with Twilio's message) like the Studio API's: an
  // account without Flex answers 404 on /v1/FlexFlows.
  const read = <T>(what: string, request: () => Promise<T>) =>
    request().catch((error: unknown) => {
      throw error instanceof TwilioError ? error : toTwilioError(what, error);
    });
  const [flexFlows, addressConfigurations, numbers, flows] = await Promise.all([
    read('listing Flex Flows (legacy addresses)', () => client.flexApi.v1.flexFlow.list()),
    read('listing Conversations address configurations', () => client.conversations.v1.addressConfigurations.list()),
    read('listing incoming phone numbers', () => client.incomingPhoneNumbers.list()),
    api.listFlows(),
  ]);
  const legacyAddresses: LegacyAddress[] = flexFlows.map((f) => ({
    sid: str(f.sid),
    friendlyName: str(f.friendlyName),
    channelType: str(f.channelType),
    address: str(f.contactIdentity),
    integrationType: str(f.integrationType),
    flowSid: nested(f.integration, 'flow_sid', 'flowSid'),
  }));
  const conversationsAddresses: ConversationsAddress[] = addressConfigurations.map((a) => {
    const auto = (a.autoCreation ?? {}) as Record<string, unknown>;
    return {
      sid: str(a.sid),
      type: str(a.type),
      address: str(a.address),
      friendlyName: str(a.friendlyName),
      flowSid: auto.type === 'studio' ? nested(auto, 'studio_flow_sid', 'studioFlowSid') : undefined,
    };
  });
  const phoneNumbers: PhoneNumber[] = numbers.map((n) => ({ sid: str(n.sid), phoneNumber: str(n.phoneNumber), flowSid: FLOW_WEBHOOK.exec(str(n.smsUrl))?.[1] }));

  const account = { legacyAddresses, conversationsAddresses, numbers: phoneNumbers };
  const inventoried: FlowInventory[] = [];
  bar?.total(flows.length);
  for (const summary of flows) {
    bar?.step(summary.friendlyName);
    const flow = await api.fetchFlow(summary.sid);
    inventoried.push(flowInventory(flow, inMigration(migrationState(flow.sid, flow.definition, startingAddresses(flow.sid, legacyAddresses)), flow.definition), account));
  }
  return inventoryOf(inventoried, account);
}

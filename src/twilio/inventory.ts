/**
 * The migration inventory (the seed guide's "Map existing legacy addresses, Studio flows, and phone numbers"):
 * what in the account must move together, what is in the way, and an order to migrate in, simplest first.
 * Read-only.
 */
import { activeRules, lintSource } from '../linter/lint.js';
import { rulesById } from '../rules/index.js';
import { RENAMED_CHANNEL_TYPES } from '../migration/channel-types.js';
import { fixSource } from '../linter/fix-loop.js';
import { decodeSource } from '../flow/load.js';
import { exportText } from './manifest.js';
import { printable } from '../formatters/printable.js';
import { toTwilioError, TwilioError, type RemoteFlow, type StudioApi } from './client.js';

/**
 * Whether a finding means the flow is not migrated yet: the migration rules, and Autopilot (retired, so a
 * flow that hands off to it cannot move as it is).
 */
function blocksMigration(ruleId: string | null): ruleId is string {
  return ruleId === 'no-autopilot-widget' || (ruleId !== null && rulesById.get(ruleId)?.meta.category === 'migration');
}

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

export type FlowState = 'migrated' | 'fixable' | 'needs-human' | 'not-messaging';

export interface FlowInventory {
  sid: string;
  friendlyName: string;
  state: FlowState;
  /** The migration rules a person must handle (needs-human), or --fix handles (fixable). */
  rules: string[];
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
}

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

  const inventoried: FlowInventory[] = [];
  bar?.total(flows.length);
  for (const summary of flows) {
    bar?.step(summary.friendlyName);
    const flow = await api.fetchFlow(summary.sid);
    inventoried.push({
      sid: flow.sid,
      friendlyName: flow.friendlyName,
      ...lintState(flow, legacyAddresses.filter((a) => a.flowSid === flow.sid && a.integrationType === 'studio').map(describeLegacyAddress)),
      legacyAddresses: legacyAddresses.filter((a) => a.flowSid === flow.sid),
      conversationsAddresses: conversationsAddresses.filter((a) => a.flowSid === flow.sid),
      numbers: phoneNumbers.filter((n) => n.flowSid === flow.sid),
    });
  }

  const flags: string[] = [];
  const normalise = (address: string) => address.replace(/^(whatsapp|messenger|sms):/i, '');
  for (const legacy of legacyAddresses) {
    const twin = conversationsAddresses.find((c) => normalise(c.address) === normalise(legacy.address));
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
  for (const flow of inventoried) {
    if (flow.state !== 'not-messaging' && flow.legacyAddresses.length + flow.numbers.length > 1) {
      flags.push(`'${flow.friendlyName}' serves ${flow.legacyAddresses.length + flow.numbers.length} addresses and numbers: migrate them together`);
    }
  }

  const weight: Record<FlowState, number> = { migrated: 0, fixable: 1, 'needs-human': 2, 'not-messaging': 3 };
  const order = inventoried
    .filter((f) => f.state !== 'not-messaging' && f.legacyAddresses.length + f.numbers.length > 0)
    .sort((a, b) => weight[a.state] - weight[b.state] || a.rules.length - b.rules.length || a.legacyAddresses.length + a.numbers.length - (b.legacyAddresses.length + b.numbers.length) || a.friendlyName.localeCompare(b.friendlyName))
    .map((f) => f.sid);
  return { flows: inventoried, legacyAddresses, conversationsAddresses, numbers: phoneNumbers, flags, order };
}

/** How a legacy address is named in scope evidence and in the manifest: channel type, address and SID. */
export function describeLegacyAddress(address: LegacyAddress): string {
  return `${address.channelType} ${address.address} (${address.sid})`;
}

/**
 * Migrated, fixable by --fix, or needing a person (and which rules), from the linter itself. A flow a legacy
 * Flex address starts is in the migration's scope whatever its content.
 */
export function lintState(flow: RemoteFlow, legacyAddresses: string[] = []): { state: FlowState; rules: string[] } {
  const trigger = flow.definition.states.find((s) => (s as { type?: string }).type === 'trigger') as { transitions?: { event?: string; next?: string }[] } | undefined;
  const messaging = trigger?.transitions?.some((t) => t.next && (t.event === 'incomingMessage' || t.event === 'incomingConversationMessage'));
  if (!messaging) return { state: 'not-messaging', rules: [] };
  const active = activeRules();
  const scope = legacyAddresses.length ? { account: { legacyAddresses } } : undefined;
  const file = lintSource(flow.sid, decodeSource(exportText(flow.definition)), active, { scope });
  const migration = (ids: (string | null)[]) => [...new Set(ids.filter(blocksMigration))].sort();
  const before = migration(file.findings.map((f) => f.ruleId));
  if (before.length === 0) return { state: 'migrated', rules: [] };
  const after = migration(fixSource(file, active).file.findings.map((f) => f.ruleId));
  return after.length === 0 ? { state: 'fixable', rules: before } : { state: 'needs-human', rules: after };
}

export function formatInventory(inventory: Inventory, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return JSON.stringify(inventory, null, 2) + '\n';
  const md = format === 'markdown';
  const stateText: Record<FlowState, string> = { migrated: 'migrated', fixable: 'fixable by --fix', 'needs-human': 'needs a human', 'not-messaging': 'not a messaging flow' };
  // Names and addresses come from the account: shown, never acted on by the terminal.
  const rows = inventory.flows.map((f) => [
    f.friendlyName,
    f.sid,
    stateText[f.state] + (f.rules.length ? ` (${f.rules.join(', ')})` : ''),
    [...f.legacyAddresses.map((a) => `legacy ${a.channelType} ${a.address}`), ...f.numbers.map((n) => `number ${n.phoneNumber}`), ...f.conversationsAddresses.map((c) => `conversations ${c.type} ${c.address}`)].join('; ') || '-',
  ]);
  for (const r of rows) r.forEach((cell, i) => (r[i] = printable(cell)));
  const header = ['flow', 'sid', 'lint status', 'moves together'];
  let out = md ? '## Migration inventory\n\n' : 'Migration inventory\n\n';
  if (md) {
    out += `| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n`;
    for (const r of rows) out += `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |\n`;
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ') + '\n';
    out += line(header) + line(widths.map((w) => '-'.repeat(w)));
    for (const r of rows) out += line(r);
  }
  const name = (sid: string) => printable(inventory.flows.find((f) => f.sid === sid)?.friendlyName ?? sid);
  out += `\n${md ? '### ' : ''}Flags\n\n`;
  out += inventory.flags.length ? inventory.flags.map((f) => `- ${printable(f)}\n`).join('') : '- none\n';
  out += `\n${md ? '### ' : ''}Proposed order (one Studio flow at a time, simplest first)\n\n`;
  out += inventory.order.length ? inventory.order.map((sid, i) => `${i + 1}. ${name(sid)} (${sid})\n`).join('') : '- nothing to migrate\n';
  return out;
}

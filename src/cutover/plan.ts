/**
 * `cutover plan`: reads the account (GETs only) and writes, for one migrated flow, the steps of the seed
 * guide's "Handle downtime" and "Migrate addresses" in the guide's order, each with how it is undone, the
 * checks that must pass first, and a snapshot of what the steps touch so that `apply` can refuse a stale plan.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify, decodeSource, type FlowDefinition } from '../flow/load.js';
import { bareAddress, RENAMED_CHANNEL_TYPES } from '../migration/channel-types.js';
import { TwilioError, type StudioApi } from '../twilio/client.js';
import { flowWebhookUrl, type ConversationsAddressRecord, type CutoverApi, type LegacyAddressRecord, type NumberRecord } from '../twilio/cutover-api.js';
import { migrationState } from '../linter/migration-state.js';
import { describeLegacyAddress, routesIncomingConversation } from '../migration/inventory.js';
import { MANIFEST_FILE, readManifest } from '../runner/manifest.js';
import { definitionHash } from '../twilio/manifest.js';
import { DeploymentGate } from '../runner/gate.js';

export const DOWNTIME_FLOW_NAME = 'Downtime (Flex Conversations migration)';

/** Legacy channel types the Conversations address API creates, and the address type each becomes. */
export const CONVERSATIONS_TYPE: Readonly<Record<string, string>> = { sms: 'sms', whatsapp: 'whatsapp', facebook: RENAMED_CHANNEL_TYPES.facebook ?? 'messenger' };

interface StepBase {
  n: number;
  what: string;
  resource: string;
  undo: string;
}

export type Step = StepBase &
  (
    | { kind: 'create-downtime-flow'; friendlyName: string; message?: string }
    | { kind: 'point-number'; numberSid: string; phoneNumber: string; before: { smsUrl: string; smsMethod: string } }
    | { kind: 'end-executions'; flowSid: string; seen: string[] }
    | { kind: 'cancel-tasks'; workspaceSid: string; seen: string[]; channelTypes: string[] }
    | { kind: 'publish'; flowSid: string; fromRevision: number; restore: { revision: number; status: 'draft' | 'published' } }
    | { kind: 'delete-legacy-address'; record: LegacyAddressRecord }
    | { kind: 'create-conversations-address'; type: string; address: string; friendlyName: string; flowSid: string }
    | { kind: 'clear-number-webhook'; numberSid: string; phoneNumber: string }
  );

export interface Check {
  name: string;
  passed: boolean;
  reason: string;
}

export interface Plan {
  kind: 'studio-lint-cutover-plan';
  version: 1;
  /** sha256 of the plan without this field: apply refuses a plan edited by hand. */
  id: string;
  createdAt: string;
  accountSid: string;
  /** The migrated file, and the manifest entry it was pulled as. */
  file: string;
  flow: { sid: string; friendlyName: string; revision: number; definitionHash: string };
  definition: FlowDefinition;
  /** The downtime flow: given (and checked), or made by the first step. */
  downtime: { flowSid: string | null };
  cancelPendingTasks: boolean;
  checks: Check[];
  steps: Step[];
  /** What the API cannot do: done by a person, with the Console path. */
  manual: string[];
  /** Seen at plan time, not acted on (pending tasks without --cancel-pending-tasks). */
  notes: string[];
}

export interface PlanOptions {
  /** Where the project's config is looked for (upward), as lint and push do: the working folder. */
  cwd?: string;
  downtimeFlow?: string;
  downtimeMessage?: string;
  cancelPendingTasks?: boolean;
}

/** Why a plan cannot be made at all (exit 2): not a pulled flow file. */
export class PlanInputError extends Error {}


/**
 * Whether a Conversations address is the one of this type for this address. An SMS and a WhatsApp address on
 * one phone are two ("a unique address (i.e. a WhatsApp or SMS phone number)", Twilio's Address Configuration
 * resource: https://www.twilio.com/docs/conversations/api/address-configuration-resource).
 */
export function isConversationsAddress(c: { type: string; address: string }, type: string, address: string): boolean {
  return c.type === type && bareAddress(c.address) === bareAddress(address);
}

export function planId(plan: Omit<Plan, 'id'> | Plan): string {
  const { id: _id, ...rest } = plan as Plan;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** The migrated file: its definition, and the flow it was pulled from (manifest beside it). */
export function readPulledFile(file: string): { definition: FlowDefinition; text: string; sid: string; revision: number; friendlyName: string } {
  let text: string;
  try {
    text = decodeSource(readFileSync(file)).text;
  } catch {
    throw new PlanInputError(`${file}: cannot read the file`);
  }
  const c = classify(text);
  if (c.kind !== 'flows' || c.flows.length !== 1 || c.flows[0]!.base.length > 0) throw new PlanInputError(`${file}: not a flow definition`);
  const dir = path.dirname(file);
  if (!existsSync(path.join(dir, MANIFEST_FILE))) throw new PlanInputError(`${file}: no ${MANIFEST_FILE} beside it: pull the flow first (studio-lint pull)`);
  const entry = readManifest(dir).flows[path.basename(file)];
  if (!entry) throw new PlanInputError(`${file}: not in ${MANIFEST_FILE} (not pulled from the account)`);
  return { definition: c.flows[0]!.definition, text, sid: entry.sid, revision: entry.revision, friendlyName: entry.friendlyName };
}

export async function makePlan(studio: StudioApi, api: CutoverApi, file: string, options: PlanOptions): Promise<Plan> {
  const pulled = readPulledFile(file);
  const checks: Check[] = [];
  const manual: string[] = [];
  const notes: string[] = [];

  const [remote, legacyAll, conversations, numbersAll, flexConfig, defaultService] = await Promise.all([
    studio.fetchFlow(pulled.sid),
    api.listLegacyAddresses(),
    api.listConversationsAddresses(),
    api.listNumbers(),
    api.flexConfiguration(),
    api.defaultConversationService(),
  ]);
  const legacy = legacyAll.filter((a) => a.integration.flow_sid === pulled.sid || a.integration.flowSid === pulled.sid);
  const numberFor = (a: LegacyAddressRecord) => numbersAll.find((n) => n.phoneNumber && n.phoneNumber === bareAddress(a.contactIdentity));
  const flowWebhook = /\/Flows\/(FW[0-9a-fA-F]{32})/;
  const numbers: NumberRecord[] = [];
  for (const n of numbersAll) {
    const byAddress = legacy.some((a) => numberFor(a)?.sid === n.sid);
    if (byAddress || flowWebhook.exec(n.smsUrl)?.[1] === pulled.sid) numbers.push(n);
  }
  // Numbers whose SMS webhook starts the flow and that no legacy SMS address of the flow stands behind (that
  // one becomes their SMS Conversations address): the plan gives them one of their own.
  const webhookOnly = numbers.filter(
    (n) => flowWebhook.exec(n.smsUrl)?.[1] === pulled.sid && !legacy.some((a) => CONVERSATIONS_TYPE[a.channelType] === 'sms' && numberFor(a)?.sid === n.sid),
  );

  // Checks, in the guide's order.
  const state = migrationState(
    pulled.sid,
    pulled.definition,
    legacy.filter((a) => a.integrationType === 'studio').map((a) => describeLegacyAddress({ sid: a.sid, friendlyName: a.friendlyName, channelType: a.channelType, address: a.contactIdentity, integrationType: a.integrationType })),
  );
  checks.push({
    name: 'the migrated file has no migration error left',
    passed: state.state === 'migrated',
    reason: state.state === 'migrated' ? `${file} lints clean of migration rules` : state.state === 'not-messaging' ? `${file} has no messaging trigger` : `still to fix: ${state.rules.join(', ')}`,
  });
  // The plan publishes the file: the same gate as push (the project's config and baseline), so that a cutover
  // never deploys what push would refuse. The check above stays stricter on migration errors (no baseline).
  const gate = new DeploymentGate(options.cwd ?? process.cwd()).verdict(file, pulled.text);
  checks.push({
    name: 'lint finds no error in the migrated file (push’s gate)',
    passed: gate.errors === 0,
    reason: gate.errors === 0 ? `${file}: no errors with the project’s config and baseline` : `${gate.errors} error(s) of ${gate.errorRules.join(', ')}: studio-lint ${file} lists them`,
  });
  // The Conversations addresses the plan creates start the flow from Incoming Conversation, and the numbers'
  // webhooks are cleared: a flow that Incoming Conversation does not start would never run again. The check
  // above cannot see it when the migration rules stay silent: a plain SMS flow on a number's webhook is not in
  // the migration's scope (migration-semantics §1), and is "clean".
  const startsFromConversation = routesIncomingConversation(pulled.definition);
  checks.push({
    name: 'Incoming Conversation starts the migrated flow',
    passed: startsFromConversation,
    reason: startsFromConversation
      ? `${file}'s Trigger routes Incoming Conversation`
      : `${file}'s Trigger does not route Incoming Conversation (incomingConversationMessage): nothing would run it after the cutover; a plain SMS flow on a number's webhook stays on Incoming Message and is not part of the migration`,
  });
  checks.push({
    name: 'the remote flow has not changed since it was pulled',
    passed: remote.revision === pulled.revision,
    reason: remote.revision === pulled.revision ? `${remote.sid} is at revision ${remote.revision}, as pulled` : `${remote.sid} is at revision ${remote.revision}, pulled at ${pulled.revision}: pull and merge first`,
  });
  const serviceOk = !!defaultService && defaultService === flexConfig.chatServiceSid;
  checks.push({
    name: 'the Default Conversation Service is the Flex chat service',
    passed: serviceOk,
    reason: serviceOk
      ? `${defaultService} is Flex's chat_service_instance_sid`
      : `Default Conversation Service ${defaultService ?? '(none)'}, Flex's chat_service_instance_sid ${flexConfig.chatServiceSid ?? '(none)'}: set it in Console > Conversations > Manage > Defaults`,
  });
  const twins = legacy.filter((a) => conversations.some((c) => CONVERSATIONS_TYPE[a.channelType] && isConversationsAddress(c, CONVERSATIONS_TYPE[a.channelType]!, a.contactIdentity)));
  checks.push({
    name: 'no number is already on both platforms',
    passed: twins.length === 0,
    reason: twins.length ? twins.map((a) => `${a.contactIdentity} has a legacy address and a Conversations address`).join('; ') : `none of ${legacy.length} legacy address(es) has a Conversations address yet`,
  });
  // Every phone the plan gives a Conversations address must be free of legacy addresses the plan does not
  // delete, on every channel: Twilio answered 409 to an SMS address whose phone another flow's legacy WhatsApp
  // address held, half way through an apply. Twilio's steps ("Remove the Legacy Messaging Address", then
  // "Create a new Conversations Address for that same Phone Number or WhatsApp Number",
  // https://www.twilio.com/docs/flex/admin-guide/setup/conversations/migrate-from-legacy-messaging) do not say
  // whether a legacy address blocks its own channel or the whole phone: the plan takes the cautious reading
  // (the whole phone), and refuses rather than move another flow's address along unasked.
  const creatable = legacy.filter((a) => CONVERSATIONS_TYPE[a.channelType]);
  const staying = legacyAll.filter((a) => !creatable.includes(a));
  const heldBy = (phone: string) => staying.filter((a) => bareAddress(a.contactIdentity) === bareAddress(phone));
  const heldPhones: string[] = [];
  for (const a of creatable) {
    for (const other of heldBy(a.contactIdentity)) {
      const flowSid = other.integration.flow_sid ?? other.integration.flowSid;
      const whose = typeof flowSid === 'string' ? flowSid : undefined;
      heldPhones.push(
        `${bareAddress(a.contactIdentity)} (the ${a.channelType} address '${a.friendlyName}' moves) also has the ${other.channelType} legacy address '${other.friendlyName}' (${other.sid}${whose ? `, flow ${whose}` : ''}), which this plan does not move: Twilio refuses a Conversations address for a phone a legacy address holds; migrate that address first (or with its own plan), or delete it`,
      );
    }
  }
  checks.push({
    name: 'no phone the plan moves has a legacy address that stays, on any channel',
    passed: heldPhones.length === 0,
    reason: heldPhones.length ? heldPhones.join('; ') : `${creatable.length} legacy address(es) move; none of their phones has another legacy address`,
  });
  // A webhook-only number gets an SMS address: no legacy address may stay on the number (Twilio refuses the
  // address then, and apply would stop half way), and an SMS address it already has must start this flow.
  const blocked: string[] = [];
  const existingSms = new Map<string, ConversationsAddressRecord>();
  for (const n of webhookOnly) {
    const held = heldBy(n.phoneNumber)[0];
    if (held) blocked.push(`${n.phoneNumber} has a legacy address of ${legacy.includes(held) ? 'this flow that the plan does not move' : 'another flow'} ('${held.friendlyName}', ${held.sid}): migrate that flow first, or point the number's webhook elsewhere`);
    const existing = conversations.find((c) => isConversationsAddress(c, 'sms', n.phoneNumber));
    if (existing && existing.flowSid !== pulled.sid) blocked.push(`${n.phoneNumber} has an SMS Conversations address (${existing.sid}) that does not start ${pulled.sid}: point it at the flow or delete it, then plan again`);
    else if (existing) existingSms.set(n.sid, existing);
  }
  checks.push({
    name: 'every number only its webhook connects can have its SMS Conversations address',
    passed: blocked.length === 0,
    reason: blocked.length ? blocked.join('; ') : `${webhookOnly.length} such number(s)${existingSms.size ? `, ${existingSms.size} with an SMS Conversations address to the flow already` : ''}`,
  });
  let downtimeSid: string | null = null;
  if (options.downtimeFlow) {
    downtimeSid = options.downtimeFlow;
    let published = false;
    try {
      await studio.fetchRevision(options.downtimeFlow, 'LatestPublished');
      published = true;
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
    }
    checks.push({ name: 'the downtime flow exists and is published', passed: published, reason: published ? `${options.downtimeFlow} has a published revision` : `${options.downtimeFlow}: no published revision (or no such flow)` });
  } else {
    checks.push({ name: 'the downtime flow exists and is published', passed: true, reason: 'the plan creates it (step 1), published' });
  }
  checks.push({
    name: 'the flow has legacy addresses or numbers to move',
    passed: legacy.length + numbers.length > 0,
    reason: legacy.length + numbers.length > 0 ? `${legacy.length} legacy address(es), ${numbers.length} number(s)` : `no legacy address or number points at ${pulled.sid}`,
  });

  // Steps, in the guide's order.
  const steps: Step[] = [];
  const add = (step: Omit<StepBase, 'n'> & Record<string, unknown>) => steps.push({ n: steps.length + 1, ...step } as Step);
  const downtimeLabel = downtimeSid ?? 'the downtime flow of step 1';
  if (!downtimeSid) {
    add({ kind: 'create-downtime-flow', friendlyName: DOWNTIME_FLOW_NAME, message: options.downtimeMessage, what: 'create the downtime flow, published', resource: `Studio flow '${DOWNTIME_FLOW_NAME}'`, undo: 'kept (unused afterwards; delete it in the Console)' });
  }
  for (const n of numbers) {
    add({ kind: 'point-number', numberSid: n.sid, phoneNumber: n.phoneNumber, before: { smsUrl: n.smsUrl, smsMethod: n.smsMethod }, what: `point "A message comes in" at ${downtimeLabel}`, resource: `number ${n.phoneNumber} (${n.sid})`, undo: `restore ${n.smsMethod} ${n.smsUrl || '(empty)'}` });
  }
  for (const a of legacy.filter((a) => !CONVERSATIONS_TYPE[a.channelType])) {
    manual.push(
      a.channelType === 'web'
        ? `legacy address '${a.friendlyName}' (web ${a.contactIdentity}): Webchat 2 cannot move by API; before apply (which publishes the Conversations flow), remove the Webchat 2 widget from your site; then in Console > Flex > Channel management > Messaging delete the legacy address and create a Webchat Conversations address, then move to Webchat 3 (guide: "Migrate to Webchat 3.x.x")`
        : `legacy address '${a.friendlyName}' (${a.channelType} ${a.contactIdentity}): no Conversations address type for '${a.channelType}'; move it in Console > Flex > Channel management > Messaging`,
    );
  }
  const executions = await api.activeExecutions(pulled.sid);
  add({ kind: 'end-executions', flowSid: pulled.sid, seen: executions.map((e) => e.sid), what: `end the flow's active executions (${executions.length} now)`, resource: `executions of ${pulled.sid}`, undo: 'cannot be undone (an ended execution stays ended)' });
  const channelTypes = [...new Set(legacy.map((a) => a.channelType))];
  const tasks = flexConfig.workspaceSid ? (await api.pendingTasks(flexConfig.workspaceSid)).filter((t) => isChatTask(t.attributes, channelTypes)) : [];
  if (options.cancelPendingTasks && flexConfig.workspaceSid) {
    add({ kind: 'cancel-tasks', workspaceSid: flexConfig.workspaceSid, seen: tasks.map((t) => t.sid), channelTypes, what: `cancel pending Programmable Chat tasks (${tasks.length} now; never deleted)`, resource: `tasks in ${flexConfig.workspaceSid}`, undo: 'cannot be undone (a canceled task stays canceled)' });
  } else if (tasks.length) {
    notes.push(`${tasks.length} pending Programmable Chat task(s) (${tasks.map((t) => t.sid).join(', ')}): let agents take them, or plan with --cancel-pending-tasks`);
  }
  const restore = await previousPublished(studio, pulled.sid, remote.revision, remote.status);
  add({ kind: 'publish', flowSid: pulled.sid, fromRevision: remote.revision, restore, what: `publish the migrated flow from ${path.basename(file)} (validated, drift-checked)`, resource: `flow ${pulled.sid} '${remote.friendlyName}' revision ${remote.revision}`, undo: `publish revision ${restore.revision}'s definition again (${restore.status})` });
  for (const a of creatable) {
    add({ kind: 'delete-legacy-address', record: a, what: 'delete the legacy address (all its properties recorded)', resource: `legacy ${a.channelType} address ${a.contactIdentity} '${a.friendlyName}' (${a.sid})`, undo: 'create it again from the recorded properties' });
  }
  for (const a of creatable) {
    const type = CONVERSATIONS_TYPE[a.channelType]!;
    // "The address can be a whatsapp address or phone number" (Conversations' Address Configuration resource,
    // https://www.twilio.com/docs/conversations/api/address-configuration-resource): prefixed but for SMS.
    const address = type === 'sms' ? bareAddress(a.contactIdentity) : `${type}:${bareAddress(a.contactIdentity)}`;
    add({ kind: 'create-conversations-address', type, address, friendlyName: a.friendlyName, flowSid: pulled.sid, what: `create the Conversations ${type} address, Studio auto-creation to ${pulled.sid}`, resource: `Conversations address ${address}`, undo: 'delete it' });
  }
  // The guide moves "the legacy address or number" to a Conversations address. A number only its webhook
  // connects to the flow (no legacy address behind it) gets its SMS address here too, before its webhook is
  // cleared: otherwise it would answer nothing once apply ends.
  for (const n of webhookOnly) {
    const existing = existingSms.get(n.sid);
    if (existing) {
      notes.push(`number ${n.phoneNumber} (${n.sid}) already has an SMS Conversations address to the flow (${existing.sid}): it answers through it once apply clears the webhook`);
      continue;
    }
    const address = bareAddress(n.phoneNumber);
    add({ kind: 'create-conversations-address', type: 'sms', address, friendlyName: `${remote.friendlyName} ${n.phoneNumber}`, flowSid: pulled.sid, what: `create the Conversations sms address, Studio auto-creation to ${pulled.sid} (the number's webhook started the flow)`, resource: `Conversations address ${address}`, undo: 'delete it' });
  }
  for (const n of numbers) {
    add({ kind: 'clear-number-webhook', numberSid: n.sid, phoneNumber: n.phoneNumber, what: 'clear "A message comes in" (disconnect the downtime flow; a set webhook runs beside auto-creation)', resource: `number ${n.phoneNumber} (${n.sid})`, undo: `point it at the downtime flow again` });
  }
  for (const a of legacy.filter((a) => CONVERSATIONS_TYPE[a.channelType] && !numberFor(a) && a.channelType !== 'sms')) {
    manual.push(`${a.channelType} sender ${a.contactIdentity} is not a number of this account: point its incoming-message webhook at the downtime flow in the Console before apply, and clear it after`);
  }

  const body: Omit<Plan, 'id'> = {
    kind: 'studio-lint-cutover-plan',
    version: 1,
    createdAt: new Date().toISOString(),
    accountSid: api.accountSid,
    file: path.resolve(file),
    flow: { sid: pulled.sid, friendlyName: remote.friendlyName, revision: remote.revision, definitionHash: definitionHash(pulled.definition) },
    definition: pulled.definition,
    downtime: { flowSid: downtimeSid },
    cancelPendingTasks: !!options.cancelPendingTasks,
    checks,
    steps,
    manual,
    notes,
  };
  return { ...body, id: planId(body) };
}

/** A Programmable Chat task: a Chat channel (CH…) in its attributes and no Conversation, on a channel that moves. */
export function isChatTask(attributes: Record<string, unknown>, channelTypes: string[]): boolean {
  const channelSid = attributes.channelSid ?? attributes.channel_sid;
  if (typeof channelSid !== 'string' || !channelSid.startsWith('CH') || attributes.conversationSid || attributes.conversation_sid) return false;
  const type = attributes.channelType ?? attributes.channel_type;
  return typeof type !== 'string' || channelTypes.includes(type);
}

/** What rollback publishes again: the last published revision before the cutover (or the current one). */
async function previousPublished(studio: StudioApi, sid: string, revision: number, status: string): Promise<{ revision: number; status: 'draft' | 'published' }> {
  if (status === 'published') return { revision, status: 'published' };
  try {
    return { revision: (await studio.fetchRevision(sid, 'LatestPublished')).revision, status: 'published' };
  } catch (error) {
    if (!(error instanceof TwilioError)) throw error;
    return { revision, status: 'draft' };
  }
}

export function downtimeWebhook(plan: Plan, downtimeSid: string | null): string {
  return downtimeSid ? flowWebhookUrl(plan.accountSid, downtimeSid) : '(the downtime flow of step 1)';
}

/** The plan as a table of numbered steps, then checks, manual steps and notes. */
export function formatPlan(plan: Plan, states?: (n: number) => string): string {
  let out = `Cutover plan ${plan.id} for ${plan.flow.sid} '${plan.flow.friendlyName}' (revision ${plan.flow.revision}), account ${plan.accountSid}\n\n`;
  out += 'Checks\n';
  for (const c of plan.checks) out += `  ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.reason}\n`;
  const rows = plan.steps.map((s) => [String(s.n), ...(states ? [states(s.n)] : []), s.what, s.resource, s.undo]);
  const header = ['#', ...(states ? ['state'] : []), 'step', 'resource', 'undo'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ') + '\n';
  out += '\nSteps\n' + line(header) + line(widths.map((w) => '-'.repeat(w)));
  for (const r of rows) out += line(r);
  if (plan.manual.length) out += '\nManual steps (not done by apply)\n' + plan.manual.map((m) => `  - ${m}\n`).join('');
  if (plan.notes.length) out += '\nNotes\n' + plan.notes.map((m) => `  - ${m}\n`).join('');
  return out;
}

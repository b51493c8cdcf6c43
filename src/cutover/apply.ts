/**
 * `cutover apply` and `cutover rollback`: the plan's steps in order (or the done ones in reverse), each
 * journaled before and after, refusing a plan whose account state has changed since (as Terraform refuses a
 * stale plan). A failed step stops the run with the numbers on the downtime flow: customers get the downtime
 * message, never silence. Running again resumes from the first step not done; a step whose effect is already
 * in the account (a run cut short after Twilio acted) is recorded as done without being sent again.
 */
import { downtimeFlow } from '../migration/downtime-flow.js';
import { TwilioError, type StudioApi } from '../twilio/client.js';
import { flowWebhookUrl, type ConversationsAddressRecord, type CutoverApi, type LegacyAddressRecord, type NumberRecord } from '../twilio/cutover-api.js';
import { definitionHash } from '../twilio/manifest.js';
import { recordRevision } from '../twilio/sync.js';
import type { Journal, StepState } from './journal.js';
import { DOWNTIME_FLOW_NAME, isChatTask, isConversationsAddress, type Plan, type Step } from './plan.js';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What the steps touch, read once before a run. */
interface Live {
  flowRevision: number;
  flowHash: string;
  flowStatus: string;
  legacy: LegacyAddressRecord[];
  conversations: ConversationsAddressRecord[];
  numbers: Map<string, NumberRecord>;
  /** Whether the downtime flow the plan was given still has a published revision. */
  downtimePublished: boolean;
}

/** The downtime flow's SID: from the plan, or from the journal of the step that created it. */
export function downtimeSid(plan: Plan, journal: Journal): string | null {
  if (plan.downtime.flowSid) return plan.downtime.flowSid;
  const step = plan.steps.find((s) => s.kind === 'create-downtime-flow');
  return step ? ((journal.lastResult(step.n)?.flowSid as string | undefined) ?? null) : null;
}

/** The legacy address's SID now: a rollback makes it again under a new SID. */
function legacySid(step: Step & { kind: 'delete-legacy-address' }, journal: Journal): string {
  const recreated = journal.results(step.n).filter((r) => typeof r.recreatedSid === 'string').pop();
  return (recreated?.recreatedSid as string | undefined) ?? step.record.sid;
}

/** The flow revision the account should be at: the plan's, or the last one a publish or its undo made. */
function expectedRevision(plan: Plan, journal: Journal): number {
  const publish = plan.steps.find((s) => s.kind === 'publish');
  const last = publish ? journal.results(publish.n).filter((r) => typeof r.revision === 'number').pop() : undefined;
  return (last?.revision as number | undefined) ?? plan.flow.revision;
}

async function readLive(plan: Plan, studio: StudioApi, api: CutoverApi): Promise<Live> {
  const numberSids = [...new Set(plan.steps.flatMap((s) => (s.kind === 'point-number' || s.kind === 'clear-number-webhook' ? [s.numberSid] : [])))];
  const downtimePublished = async () => {
    if (!plan.downtime.flowSid) return true;
    try {
      await studio.fetchRevision(plan.downtime.flowSid, 'LatestPublished');
      return true;
    } catch (error) {
      if (error instanceof TwilioError && error.status === 404) return false;
      throw error;
    }
  };
  const [flow, legacy, conversations, published, ...numbers] = await Promise.all([
    studio.fetchFlow(plan.flow.sid),
    api.listLegacyAddresses(),
    api.listConversationsAddresses(),
    downtimePublished(),
    ...numberSids.map((sid) => api.fetchNumber(sid)),
  ]);
  return { flowRevision: flow.revision, flowHash: definitionHash(flow.definition), flowStatus: flow.status, legacy, conversations, numbers: new Map(numbers.map((n) => [n.sid, n])), downtimePublished: published };
}

const sameLegacy = (a: LegacyAddressRecord, b: LegacyAddressRecord) =>
  a.friendlyName === b.friendlyName &&
  a.channelType === b.channelType &&
  a.contactIdentity === b.contactIdentity &&
  a.integrationType === b.integrationType &&
  a.chatServiceSid === b.chatServiceSid &&
  a.enabled === b.enabled &&
  JSON.stringify(a.integration) === JSON.stringify(b.integration);

/**
 * Where each resource a step touches is, against where the plan and the journal say it should be: before
 * the step (pending), after it (done), or either (maybe). Each difference is a reason the plan is stale.
 */
function staleness(plan: Plan, journal: Journal, live: Live, downtime: string | null): string[] {
  const reasons: string[] = [];
  if (!live.downtimePublished) reasons.push(`the downtime flow ${plan.downtime.flowSid} has no published revision any more`);
  const states = (n: number | undefined): StepState => (n === undefined ? 'pending' : journal.state(n));
  const may = (s: StepState, done: boolean) => s === 'maybe' || (s === 'done') === done;

  const publish = plan.steps.find((s) => s.kind === 'publish');
  const revision = expectedRevision(plan, journal);
  const publishState = states(publish?.n);
  const published = live.flowHash === plan.flow.definitionHash;
  if (live.flowRevision !== revision && !(publishState === 'maybe' && published)) {
    reasons.push(`flow ${plan.flow.sid} is at revision ${live.flowRevision}, the plan expects ${revision} (edited since the plan?)`);
  }

  for (const step of plan.steps) {
    if (step.kind === 'delete-legacy-address') {
      const sid = legacySid(step, journal);
      const found = live.legacy.find((a) => a.sid === sid);
      const state = journal.state(step.n);
      if (!found && !may(state, true)) reasons.push(`legacy address ${step.record.contactIdentity} (${sid}) is gone`);
      if (found && !may(state, false)) reasons.push(`legacy address ${step.record.contactIdentity} (${sid}) still exists though step ${step.n} deleted it`);
      if (found && !sameLegacy(found, { ...step.record, sid })) reasons.push(`legacy address ${step.record.contactIdentity} (${sid}) has changed since the plan`);
    }
    if (step.kind === 'create-conversations-address') {
      const state = journal.state(step.n);
      const created = journal.lastResult(step.n)?.sid as string | undefined;
      const found = live.conversations.filter((c) => isConversationsAddress(c, step.type, step.address));
      if (state === 'pending' && found.length) reasons.push(`${step.address} already has a Conversations address (${found.map((c) => c.sid).join(', ')})`);
      if (state === 'done' && !found.some((c) => c.sid === created)) reasons.push(`the Conversations address ${created} for ${step.address} that step ${step.n} created is gone`);
      if (state === 'maybe' && found.some((c) => c.flowSid !== step.flowSid)) reasons.push(`${step.address} has a Conversations address that does not start ${step.flowSid}`);
    }
    if (step.kind === 'point-number') {
      const number = live.numbers.get(step.numberSid);
      if (!number) continue;
      const clear = plan.steps.find((s) => s.kind === 'clear-number-webhook' && s.numberSid === step.numberSid);
      // Where the webhook may be: 0 as before, 1 on the downtime flow, 2 cleared.
      const allowed = new Set<number>();
      const values = (s: StepState) => (s === 'maybe' ? [0, 1] : s === 'done' ? [1] : [0]);
      for (const p of values(journal.state(step.n))) for (const c of values(states(clear?.n))) allowed.add(c === 1 ? 2 : p);
      const at = new Set<number>();
      if (number.smsUrl === step.before.smsUrl && number.smsMethod === step.before.smsMethod) at.add(0);
      if (downtime && number.smsUrl === flowWebhookUrl(plan.accountSid, downtime)) at.add(1);
      if (number.smsUrl === '') at.add(2);
      if (![...at].some((p) => allowed.has(p))) reasons.push(`number ${step.phoneNumber}'s "A message comes in" is ${number.smsMethod} ${number.smsUrl || '(empty)'}, not what the plan and journal expect`);
    }
  }
  return reasons;
}

/** The requests a step sends, for --dry-run and for the journal's readers. */
export function requestsOf(plan: Plan, step: Step, downtime: string | null, undo = false): string[] {
  const numberPath = (sid: string) => `/2010-04-01/Accounts/${plan.accountSid}/IncomingPhoneNumbers/${sid}.json`;
  const downtimeUrl = downtime ? flowWebhookUrl(plan.accountSid, downtime) : '<the downtime flow of step 1>';
  switch (step.kind) {
    case 'create-downtime-flow':
      return undo ? [] : ['POST studio /v2/Flows/Validate', `POST studio /v2/Flows FriendlyName="${step.friendlyName}" Status=published`];
    case 'point-number':
      return [`POST api ${numberPath(step.numberSid)} SmsUrl=${undo ? step.before.smsUrl : downtimeUrl} SmsMethod=${undo ? step.before.smsMethod : 'POST'}`];
    case 'end-executions':
      return undo ? [] : [`GET studio /v2/Flows/${step.flowSid}/Executions`, `POST studio /v2/Flows/${step.flowSid}/Executions/<each active> Status=ended`];
    case 'cancel-tasks':
      return undo ? [] : [`GET taskrouter /v1/Workspaces/${step.workspaceSid}/Tasks?AssignmentStatus=pending`, `POST taskrouter /v1/Workspaces/${step.workspaceSid}/Tasks/<each Chat task> AssignmentStatus=canceled Reason=...`];
    case 'publish':
      return undo
        ? [`GET studio /v2/Flows/${step.flowSid}/Revisions/${step.restore.revision}`, 'POST studio /v2/Flows/Validate', `POST studio /v2/Flows/${step.flowSid} Status=${step.restore.status} Definition=<revision ${step.restore.revision}>`]
        : [`GET studio /v2/Flows/${step.flowSid}`, 'POST studio /v2/Flows/Validate', `POST studio /v2/Flows/${step.flowSid} Status=published Definition=<the migrated file>`];
    case 'delete-legacy-address':
      return undo
        ? [`POST flex-api /v1/FlexFlows FriendlyName="${step.record.friendlyName}" ChannelType=${step.record.channelType} ContactIdentity=${step.record.contactIdentity} ...`]
        : [`DELETE flex-api /v1/FlexFlows/${step.record.sid}`];
    case 'create-conversations-address':
      return undo
        ? [`DELETE conversations /v1/Configuration/Addresses/<the created address>`]
        : [`POST conversations /v1/Configuration/Addresses Type=${step.type} Address=${step.address} AutoCreation.Enabled=true AutoCreation.Type=studio AutoCreation.StudioFlowSid=${step.flowSid}`];
    case 'clear-number-webhook':
      return [`POST api ${numberPath(step.numberSid)} SmsUrl=${undo ? downtimeUrl : ''} SmsMethod=POST`];
  }
}

export class StaleError extends Error {}

interface RunContext {
  plan: Plan;
  journal: Journal;
  studio: StudioApi;
  api: CutoverApi;
  out: Output;
}

/** Runs one step; resolves to what the journal records. `maybe`: check the account before sending. */
async function runStep(ctx: RunContext, step: Step, maybe: boolean): Promise<Record<string, unknown>> {
  const { plan, journal, studio, api } = ctx;
  const downtime = downtimeSid(plan, journal);
  switch (step.kind) {
    case 'create-downtime-flow': {
      if (maybe) {
        const existing = (await studio.listFlows()).find((f) => f.friendlyName === step.friendlyName && f.status === 'published');
        if (existing) return { flowSid: existing.sid, already: true };
      }
      const definition = downtimeFlow(step.message);
      const problems = await studio.validate(DOWNTIME_FLOW_NAME, 'published', definition as never);
      // Validation's 400: nothing was created.
      if (problems.length) throw new TwilioError(`Twilio refused the downtime flow: ${problems.map((p) => `${p.propertyPath}: ${p.message}`).join('; ')}`, 400);
      const created = await studio.createFlow({ friendlyName: step.friendlyName, status: 'published', definition: definition as never, commitMessage: `studio-lint cutover ${plan.id}` });
      return { flowSid: created.sid };
    }
    case 'point-number': {
      const url = flowWebhookUrl(plan.accountSid, downtime!);
      if (maybe && (await api.fetchNumber(step.numberSid)).smsUrl === url) return { already: true };
      await api.updateNumberSms(step.numberSid, { smsUrl: url, smsMethod: 'POST' });
      return {};
    }
    case 'end-executions': {
      const ended: string[] = [];
      for (const e of await api.activeExecutions(step.flowSid)) {
        await api.endExecution(step.flowSid, e.sid);
        ended.push(e.sid);
      }
      return { ended };
    }
    case 'cancel-tasks': {
      const canceled: string[] = [];
      for (const t of await api.pendingTasks(step.workspaceSid)) {
        if (!isChatTask(t.attributes, step.channelTypes)) continue;
        await api.cancelTask(step.workspaceSid, t.sid, 'Flex Conversations migration: Programmable Chat ended (studio-lint cutover)');
        canceled.push(t.sid);
      }
      return { canceled };
    }
    case 'publish': {
      const remote = await studio.fetchFlow(step.flowSid);
      if (definitionHash(remote.definition) === plan.flow.definitionHash && remote.status === 'published' && (maybe || remote.revision !== step.fromRevision)) {
        return { revision: remote.revision, already: true };
      }
      // The drift check of push: nobody made a revision since the plan.
      if (remote.revision !== expectedRevision(plan, journal)) throw new StaleError(`flow ${step.flowSid} is at revision ${remote.revision}, the plan expects ${expectedRevision(plan, journal)}`);
      const problems = await studio.validate(remote.friendlyName, 'published', plan.definition);
      if (problems.length) throw new TwilioError(`Twilio refused the migrated flow: ${problems.map((p) => `${p.propertyPath}: ${p.message}`).join('; ')}`, 400);
      const updated = await studio.updateFlow(step.flowSid, { status: 'published', definition: plan.definition, commitMessage: `studio-lint cutover ${plan.id}: migrated to Flex Conversations` });
      // The pulled folder's manifest follows the account, as after push.
      recordRevision(plan.file, updated, plan.flow.definitionHash);
      return { revision: updated.revision };
    }
    case 'delete-legacy-address': {
      const sid = legacySid(step, journal);
      if (maybe && !(await api.listLegacyAddresses()).some((a) => a.sid === sid)) return { already: true };
      await api.deleteLegacyAddress(sid);
      return { deletedSid: sid, record: step.record };
    }
    case 'create-conversations-address': {
      if (maybe) {
        const found = (await api.listConversationsAddresses()).find((c) => isConversationsAddress(c, step.type, step.address) && c.flowSid === step.flowSid);
        if (found) return { sid: found.sid, already: true };
      }
      const created = await api.createConversationsAddress({ type: step.type, address: step.address, friendlyName: step.friendlyName, flowSid: step.flowSid });
      return { sid: created.sid };
    }
    case 'clear-number-webhook': {
      if (maybe && (await api.fetchNumber(step.numberSid)).smsUrl === '') return { already: true };
      await api.updateNumberSms(step.numberSid, { smsUrl: '', smsMethod: 'POST' });
      return {};
    }
  }
}

/** Undoes one step; resolves to what the journal records, or undefined for a step that cannot be undone. */
async function undoStep(ctx: RunContext, step: Step): Promise<Record<string, unknown> | undefined> {
  const { plan, journal, studio, api } = ctx;
  const downtime = downtimeSid(plan, journal);
  switch (step.kind) {
    case 'create-downtime-flow':
    case 'end-executions':
    case 'cancel-tasks':
      return undefined;
    case 'point-number': {
      if ((await api.fetchNumber(step.numberSid)).smsUrl !== step.before.smsUrl) await api.updateNumberSms(step.numberSid, step.before);
      return {};
    }
    case 'publish': {
      const remote = await studio.fetchFlow(step.flowSid);
      const old = await studio.fetchRevision(step.flowSid, step.restore.revision);
      if (definitionHash(remote.definition) === definitionHash(old.definition) && remote.status === step.restore.status) return { revision: remote.revision, already: true };
      if (remote.revision !== expectedRevision(plan, journal) && definitionHash(remote.definition) !== plan.flow.definitionHash) {
        throw new StaleError(`flow ${step.flowSid} is at revision ${remote.revision}, edited since the cutover: roll it back by hand (studio-lint rollback --to ${step.restore.revision})`);
      }
      const updated = await studio.updateFlow(step.flowSid, { status: step.restore.status, definition: old.definition, commitMessage: `studio-lint cutover ${plan.id}: rolled back to revision ${step.restore.revision}` });
      recordRevision(plan.file, updated, definitionHash(updated.definition));
      return { revision: updated.revision };
    }
    case 'delete-legacy-address': {
      const sid = legacySid(step, journal);
      const existing = (await api.listLegacyAddresses()).find((a) => a.sid === sid || sameLegacy(a, { ...step.record, sid: a.sid }));
      if (existing) return { recreatedSid: existing.sid, already: true };
      return { recreatedSid: await api.createLegacyAddress(step.record) };
    }
    case 'create-conversations-address': {
      const created = journal.lastResult(step.n)?.sid as string | undefined;
      const found = (await api.listConversationsAddresses()).filter((c) => (created ? c.sid === created : isConversationsAddress(c, step.type, step.address) && c.flowSid === step.flowSid));
      for (const c of found) await api.deleteConversationsAddress(c.sid);
      return { deleted: found.map((c) => c.sid) };
    }
    case 'clear-number-webhook': {
      const url = flowWebhookUrl(plan.accountSid, downtime!);
      if ((await api.fetchNumber(step.numberSid)).smsUrl !== url) await api.updateNumberSms(step.numberSid, { smsUrl: url, smsMethod: 'POST' });
      return {};
    }
  }
}

export type RunOutcome = { kind: 'ok' } | { kind: 'stale'; reasons: string[] } | { kind: 'failed'; step: Step; message: string; refused: boolean };

/**
 * Steps that send one write (checking the account first when a run before may have acted). A 4xx to it means
 * Twilio did not act. The steps that send one write per execution or task may have done part of their work
 * when one is refused: those stay "maybe".
 */
const ONE_WRITE: ReadonlySet<Step['kind']> = new Set(['create-downtime-flow', 'point-number', 'publish', 'delete-legacy-address', 'create-conversations-address', 'clear-number-webhook']);

/**
 * Whether Twilio definitely refused the step: a 4xx answer (the request was judged and turned down), but not
 * 408, a timeout that may leave the request's fate open. No status (a reset, a timeout here) or a 5xx: unknown.
 */
function definitelyRefused(step: Step, error: unknown): boolean {
  if (!(error instanceof TwilioError) || error.status === undefined || !ONE_WRITE.has(step.kind)) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408;
}

/** Reads the account, refuses a stale plan, then runs the steps not done. */
export async function applyPlan(ctx: RunContext): Promise<RunOutcome> {
  const { plan, journal, out } = ctx;
  const live = await readLive(plan, ctx.studio, ctx.api);
  const reasons = staleness(plan, journal, live, downtimeSid(plan, journal));
  if (reasons.length) return { kind: 'stale', reasons };
  for (const step of plan.steps) {
    const state = journal.state(step.n);
    if (state === 'done') {
      out.stdout(`  ${step.n}. done before: ${step.what} (${step.resource})\n`);
      continue;
    }
    journal.append(step.n, 'start');
    try {
      const result = await runStep(ctx, step, state === 'maybe');
      journal.append(step.n, 'done', { result });
      out.stdout(`  ${step.n}. ${result.already ? 'already done' : 'done'}: ${step.what} (${step.resource})${summary(result)}\n`);
    } catch (error) {
      if (!(error instanceof TwilioError) && !(error instanceof StaleError)) throw error;
      // A StaleError comes before the step's write: nothing was sent.
      const refused = error instanceof StaleError || definitelyRefused(step, error);
      journal.append(step.n, refused ? 'refused' : 'failed', { error: error.message });
      if (error instanceof StaleError) return { kind: 'stale', reasons: [error.message] };
      return { kind: 'failed', step, message: error.message, refused };
    }
  }
  return { kind: 'ok' };
}

/** Undoes the done (and maybe-done) steps in reverse order. */
export async function rollbackPlan(ctx: RunContext): Promise<RunOutcome> {
  const { plan, journal, out } = ctx;
  const live = await readLive(plan, ctx.studio, ctx.api);
  const reasons = staleness(plan, journal, live, downtimeSid(plan, journal));
  if (reasons.length) return { kind: 'stale', reasons };
  for (const step of [...plan.steps].reverse()) {
    if (journal.state(step.n) === 'pending') continue;
    journal.append(step.n, 'undo-start');
    try {
      const result = await undoStep(ctx, step);
      if (result === undefined) {
        if (step.kind === 'end-executions' || step.kind === 'cancel-tasks') {
          // Nothing to send (an ended execution stays ended), but the step is pending again: while the rollback
          // is live new executions and Chat tasks start, and an apply after it must end and cancel those too.
          journal.append(step.n, 'undone', { result: { notUndoable: true } });
          out.stdout(`  ${step.n}. not undone: ${step.what}: ${step.undo}; apply runs it again\n`);
          continue;
        }
        // The downtime flow is kept, and an apply after the rollback uses it again.
        journal.append(step.n, 'done', { result: journal.lastResult(step.n) ?? {} });
        out.stdout(`  ${step.n}. not undone: ${step.what}: ${step.undo}\n`);
        continue;
      }
      journal.append(step.n, 'undone', { result });
      out.stdout(`  ${step.n}. undone: ${step.what} (${step.resource}): ${step.undo}${summary(result)}\n`);
    } catch (error) {
      if (!(error instanceof TwilioError) && !(error instanceof StaleError)) throw error;
      const refused = error instanceof StaleError || definitelyRefused(step, error);
      journal.append(step.n, refused ? 'undo-refused' : 'undo-failed', { error: error.message });
      if (error instanceof StaleError) return { kind: 'stale', reasons: [error.message] };
      return { kind: 'failed', step, message: error.message, refused };
    }
  }
  return { kind: 'ok' };
}

function summary(result: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof result.flowSid === 'string') parts.push(result.flowSid);
  if (typeof result.sid === 'string') parts.push(result.sid);
  if (typeof result.recreatedSid === 'string') parts.push(`now ${result.recreatedSid}`);
  if (typeof result.revision === 'number') parts.push(`revision ${result.revision}`);
  if (Array.isArray(result.ended)) parts.push(`${result.ended.length} ended`);
  if (Array.isArray(result.canceled)) parts.push(`${result.canceled.length} canceled`);
  return parts.length ? ` -> ${parts.join(', ')}` : '';
}

export type { RunContext };

/**
 * cutover plan | apply | rollback: the seed guide's remaining manual steps for one flow (numbers to the
 * downtime flow, executions and Chat tasks, publish, legacy addresses to Conversations addresses, disconnect
 * the downtime flow) as a Terraform-style plan, a journaled apply and a rollback.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPlan, downtimeSid, requestsOf, rollbackPlan, type RunOutcome } from '../cutover/apply.js';
import { Journal, journalPath } from '../cutover/journal.js';
import { formatPlan, makePlan, PlanInputError, planId, type Plan } from '../cutover/plan.js';
import { definitionHash } from '../twilio/manifest.js';
import { writeFileAtomic, WriteError } from '../runner/write.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { remoteCommand, type RemoteIo } from './remote.js';
import { ConfigError } from '../config/config.js';

export interface CutoverIo extends RemoteIo {
  stdinIsTty: boolean;
  /** Asks a question on the terminal; resolves to the answer. */
  ask(question: string): Promise<string>;
}

export interface CutoverPlanOptions {
  downtimeFlow?: string;
  downtimeMessage?: string;
  cancelPendingTasks?: boolean;
  out?: string;
}

export interface CutoverRunOptions {
  yes?: boolean;
  dryRun?: boolean;
}

export async function cutoverPlan(io: CutoverIo, file: string, options: CutoverPlanOptions): Promise<number> {
  if (options.downtimeFlow && !/^FW[0-9a-fA-F]{32}$/.test(options.downtimeFlow)) {
    io.stderr(`studio-lint: --downtime-flow ${options.downtimeFlow}: not a flow SID (FW followed by 32 hex digits)\n`);
    return EXIT.usage;
  }
  const target = path.resolve(io.cwd, file);
  const out = path.resolve(io.cwd, options.out ?? 'cutover-plan.json');
  // A journal beside the plan records steps done in the account: a new plan there would lose that record.
  if (existsSync(journalPath(out))) {
    io.stderr(`studio-lint: ${displayPath(io.cwd, journalPath(out))} records a cutover already started with ${displayPath(io.cwd, out)}: finish or roll it back, or write the new plan elsewhere (--out)\n`);
    return EXIT.usage;
  }
  return remoteCommand(io, async (studio) => {
    const { cutoverApi } = await import('../twilio/cutover-api.js');
    let plan: Plan;
    try {
      plan = await makePlan(studio, cutoverApi(studio), target, { ...options, cwd: io.cwd });
    } catch (error) {
      if (!(error instanceof PlanInputError)) throw error;
      io.stderr(`studio-lint: ${error.message.replace(target, displayPath(io.cwd, target))}\n`);
      return EXIT.usage;
    }
    // Atomic: a write that fails (a full disk, a folder in the way) leaves the plan that was there, whole.
    try {
      writeFileAtomic(out, JSON.stringify(plan, null, 2) + '\n');
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      io.stderr(`studio-lint: ${displayPath(io.cwd, out)}: ${error.reason}; the plan was not written\n`);
      return EXIT.usage;
    }
    io.stdout(formatPlan(plan));
    const failed = plan.checks.filter((c) => !c.passed);
    io.stdout(`\nwrote ${displayPath(io.cwd, out)}${failed.length ? `; ${failed.length} check(s) failed: apply will refuse it` : `: studio-lint cutover apply ${displayPath(io.cwd, out)}`}\n`);
    return failed.length ? EXIT.problems : EXIT.ok;
  }, [ConfigError]);
}

/** The plan file, checked: ours, not edited by hand, its checks passed, the migrated file unchanged. */
function loadPlan(io: CutoverIo, file: string): { plan: Plan; planPath: string } | string {
  const planPath = path.resolve(io.cwd, file);
  let plan: Plan;
  try {
    plan = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  } catch {
    return `${file}: cannot read a cutover plan from it`;
  }
  if (plan?.kind !== 'studio-lint-cutover-plan' || plan.version !== 1 || !Array.isArray(plan.steps)) return `${file}: not a cutover plan (make one with studio-lint cutover plan)`;
  if (planId(plan) !== plan.id) return `${file}: the plan was changed after it was made; make a new one with studio-lint cutover plan`;
  return { plan, planPath };
}

function confirmable(io: CutoverIo, options: CutoverRunOptions, what: string): Promise<boolean> | boolean {
  if (options.yes || options.dryRun) return true;
  if (!io.stdinIsTty) {
    io.stderr(`studio-lint: ${what} changes the account: pass --yes (standard input is not a terminal to ask on)\n`);
    return false;
  }
  return io.ask(`${what}? Type yes to go on: `).then((a) => a.trim().toLowerCase() === 'yes');
}

export async function cutoverApply(io: CutoverIo, file: string, options: CutoverRunOptions): Promise<number> {
  return run(io, file, options, 'apply');
}

export async function cutoverRollback(io: CutoverIo, file: string, options: CutoverRunOptions): Promise<number> {
  return run(io, file, options, 'rollback');
}

async function run(io: CutoverIo, file: string, options: CutoverRunOptions, mode: 'apply' | 'rollback'): Promise<number> {
  const loaded = loadPlan(io, file);
  if (typeof loaded === 'string') {
    io.stderr(`studio-lint: ${loaded}\n`);
    return EXIT.usage;
  }
  const { plan, planPath } = loaded;
  let journal: Journal;
  try {
    journal = new Journal(journalPath(planPath), plan.id);
  } catch (error) {
    io.stderr(`studio-lint: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (mode === 'apply') {
    const failed = plan.checks.filter((c) => !c.passed);
    if (failed.length) {
      io.stderr(`studio-lint: ${file}: the plan's checks failed, so it is not applied:\n${failed.map((c) => `  ${c.name}: ${c.reason}\n`).join('')}`);
      return EXIT.problems;
    }
    let fileHash: string | undefined;
    try {
      fileHash = definitionHash((await import('../cutover/plan.js')).readPulledFile(plan.file).definition);
    } catch {
      fileHash = undefined;
    }
    if (fileHash !== plan.flow.definitionHash && journal.state(plan.steps.find((s) => s.kind === 'publish')?.n ?? 0) === 'pending') {
      io.stderr(`studio-lint: ${file}: ${displayPath(io.cwd, plan.file)} changed since the plan (or is gone): make a new plan\n`);
      return EXIT.problems;
    }
  }
  const todo = mode === 'apply' ? plan.steps.filter((s) => journal.state(s.n) !== 'done') : [...plan.steps].reverse().filter((s) => journal.state(s.n) !== 'pending');
  const states = (n: number) => journal.state(n);
  io.stdout(formatPlan(plan, states));
  if (todo.length === 0) {
    io.stdout(mode === 'apply' ? '\nevery step is done\n' : '\nnothing to roll back\n');
    return EXIT.ok;
  }
  if (options.dryRun) {
    const downtime = downtimeSid(plan, journal);
    io.stdout(`\nwould send (dry run: nothing sent, the account not read)\n`);
    for (const step of todo) {
      const requests = requestsOf(plan, step, downtime, mode === 'rollback');
      io.stdout(`  ${step.n}. ${mode === 'rollback' ? `undo: ${step.undo}` : step.what}\n${requests.length ? requests.map((r) => `       ${r}\n`).join('') : '       (nothing: cannot be undone)\n'}`);
    }
    return EXIT.ok;
  }
  const what = `${mode === 'apply' ? 'Apply' : 'Roll back'} ${todo.length} step(s) of cutover ${plan.id} to account ${plan.accountSid}`;
  const confirmed = await confirmable(io, options, what);
  if (!confirmed) {
    if (io.stdinIsTty && !options.yes) io.stderr('studio-lint: not confirmed; nothing sent\n');
    return io.stdinIsTty ? EXIT.problems : EXIT.usage;
  }
  // One run at a time per plan: two would each think the other's steps were not done.
  const lock = `${planPath.replace(/\.json$/i, '')}.lock`;
  if (!takeLock(lock, io)) {
    io.stderr(`studio-lint: ${displayPath(io.cwd, lock)} exists: another apply or rollback of this plan is running (if none is, a run was killed: delete the file)\n`);
    return EXIT.usage;
  }
  try {
    // Read the journal again under the lock: a run that finished while this one waited at the prompt wrote to it.
    return await locked(io, file, mode, plan, new Journal(journalPath(planPath), plan.id));
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Takes the plan's lock (a file holding the run's PID). A lock whose process is gone (a run killed, Ctrl-C
 * during a request) is taken over, and said so: otherwise nothing could apply or roll back the plan again.
 */
function takeLock(lock: string, io: CutoverIo): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch {
      const pid = Number.parseInt(readLockText(lock), 10);
      if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) return false;
      io.stderr(`studio-lint: ${displayPath(io.cwd, lock)}: the run that held it (process ${pid}) is gone; taking the lock over\n`);
      rmSync(lock, { force: true });
    }
  }
  return false;
}

function readLockText(lock: string): string {
  try {
    return readFileSync(lock, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function locked(io: CutoverIo, file: string, mode: 'apply' | 'rollback', plan: Plan, journal: Journal): Promise<number> {
  return remoteCommand(io, async (studio) => {
    const { cutoverApi } = await import('../twilio/cutover-api.js');
    const api = cutoverApi(studio);
    if (api.accountSid !== plan.accountSid) {
      io.stderr(`studio-lint: ${file} is for account ${plan.accountSid}, the credentials are for ${api.accountSid}\n`);
      return EXIT.usage;
    }
    io.stdout(`\n${mode === 'apply' ? 'applying' : 'rolling back'}\n`);
    const outcome = await (mode === 'apply' ? applyPlan : rollbackPlan)({ plan, journal, studio, api, out: io });
    return report(io, file, mode, outcome, plan);
  });
}

function report(io: CutoverIo, file: string, mode: 'apply' | 'rollback', outcome: RunOutcome, plan: Plan): number {
  if (outcome.kind === 'ok') {
    io.stdout(mode === 'apply' ? `\ncutover of ${plan.flow.sid} done${plan.manual.length ? `; manual steps left:\n${plan.manual.map((m) => `  - ${m}\n`).join('')}` : '\n'}` : `\nrolled back ${plan.flow.sid}\n`);
    return EXIT.ok;
  }
  if (outcome.kind === 'stale') {
    io.stderr(`studio-lint: ${file}: the account changed since the plan; nothing sent for the remaining steps:\n${outcome.reasons.map((r) => `  ${r}\n`).join('')}make a new plan (or roll back this one)\n`);
    return EXIT.problems;
  }
  io.stderr(
    `studio-lint: step ${outcome.step.n} (${outcome.step.what}, ${outcome.step.resource}) failed: ${outcome.message}\n` +
      (outcome.refused ? `Twilio refused it, so it was not applied${mode === 'rollback' ? ' (the step stays done)' : ' (the journal records it as not done)'}.\n` : '') +
      (mode === 'apply'
        ? `stopped in a safe state: the numbers answer with the downtime flow. Run studio-lint cutover apply ${file} again to continue from step ${outcome.step.n}, or studio-lint cutover rollback ${file} to undo the steps done.\n`
        : `stopped; run studio-lint cutover rollback ${file} again to continue.\n`),
  );
  return EXIT.twilio;
}

/**
 * The sync state between a pulled folder and the account, and the rules that protect work on both sides.
 *
 * The state is the folder's manifest (its format: src/runner/manifest.ts): per file, the flow it holds, the
 * revision and status last pulled or pushed, and the hash of that definition. pull, push and rollback (the
 * commands handle options and print the outcomes below), and cutover apply and rollback when they publish,
 * keep it with three rules:
 *
 * - **Never over someone's newer revision**: push and rollback refuse when the account holds a revision newer
 *   than the one recorded (someone edited the flow in the Console), unless forced.
 * - **Never replace unpushed local work**: pull (of a new revision) and rollback refuse to rewrite a file whose
 *   definition differs from the recorded hash (an edit, or text that no longer parses), unless forced.
 * - **A lost answer is recorded, not refused**: when the account already holds exactly the local definition
 *   (a push whose answer was lost to a reset, or a 500 after Twilio applied it), pull and push record that
 *   revision instead of calling it someone else's change.
 *
 * Every write of a file or of the manifest goes through the atomic writer, refusing symbolic links.
 */
import { closeSync, existsSync, lstatSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { classify, decodeSource, type FlowDefinition } from '../flow/load.js';
import { displayPath } from '../formatters/paths.js';
import { accountReferences, type AccountReference } from '../flow/account-references.js';
import { MANIFEST_FILE, ManifestError, readManifest, writeManifest, type Manifest, type RecordedReference } from '../runner/manifest.js';
import { isAlive, writeFileAtomic } from '../runner/write.js';
import { TwilioError, type FlowSummary, type RemoteFlow, type StudioApi, type ValidationProblem } from './client.js';
import { definitionHash, exportText, fileNameFor } from './manifest.js';
import type { AccountResources } from './account-resources.js';

/** A file's text, or undefined when it cannot be read (gone, a folder in its place). */
export function readText(file: string): string | undefined {
  try {
    return decodeSource(readFileSync(file)).text;
  } catch {
    return undefined;
  }
}

/** The flow definition a pulled file's text holds; undefined when it does not parse as one. */
export function definitionOf(text: string): FlowDefinition | undefined {
  const c = classify(text);
  return c.kind === 'flows' ? c.flows[0]!.definition : undefined;
}

/**
 * Whether a pulled file differs from what was pulled into it: an edit, or text that no longer parses. A file
 * that cannot be read (gone, a folder in its place) is not a local change: the write that follows reports it.
 */
export function changedSincePull(file: string, pulledHash: string): boolean {
  const text = readText(file);
  if (text === undefined) return false;
  const definition = definitionOf(text);
  return definition === undefined || definitionHash(definition) !== pulledHash;
}

/** A file of a pulled folder that its manifest tracks. */
export interface Tracked {
  dir: string;
  manifest: Manifest;
  name: string;
  file: string;
}

/**
 * The tracked files among the given paths, relative to `cwd` (a folder: every file of its manifest; none
 * given: `flows`), and a problem per path that is not tracked. Throws ManifestError for a broken manifest.
 */
export function trackedFiles(cwd: string, paths: string[]): { tracked: Tracked[]; problems: string[] } {
  const tracked: Tracked[] = [];
  const problems: string[] = [];
  const manifests = new Map<string, Manifest>();
  const manifestOf = (dir: string) => {
    let m = manifests.get(dir);
    if (!m) manifests.set(dir, (m = readManifest(dir)));
    return m;
  };
  for (const p of paths.length ? paths : ['flows']) {
    const target = path.resolve(cwd, p);
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat) {
      problems.push(`${p}: no such file or folder`);
      continue;
    }
    const dir = stat.isDirectory() ? target : path.dirname(target);
    const manifest = manifestOf(dir);
    if (!existsSync(path.join(dir, MANIFEST_FILE))) {
      problems.push(`${p}: no ${MANIFEST_FILE} in ${displayPath(cwd, dir)}: pull the flows first`);
      continue;
    }
    const names = stat.isDirectory() ? Object.keys(manifest.flows) : [path.basename(target)];
    for (const name of names) {
      if (!manifest.flows[name]) problems.push(`${displayPath(cwd, path.join(dir, name))}: not in ${MANIFEST_FILE} (not pulled from the account)`);
      else tracked.push({ dir, manifest, name, file: path.join(dir, name) });
    }
  }
  return { tracked, problems };
}

/**
 * Records that the tracked file now holds `flow`'s revision (whose definition hashes to `hash`), and saves the
 * manifest. What the last pull recorded about the account (the legacy addresses that start the flow) stays:
 * a push or a rollback changes the flow, not what starts it. A cutover does change it (it deletes the legacy
 * addresses), and the record still keeps them until the next pull: the flow was in the migration's scope, and
 * stays in it for lint, which is all the record is used for; a cutover rollback makes them again.
 */
function record(t: Tracked, flow: FlowSummary, hash: string): void {
  // What pull named stays too: a value the new revision still holds is still that resource.
  const { legacyAddresses, references } = t.manifest.flows[t.name] ?? {};
  t.manifest.flows[t.name] = { sid: flow.sid, friendlyName: flow.friendlyName, revision: flow.revision, status: flow.status, hash, ...(legacyAddresses ? { legacyAddresses } : {}), ...(references ? { references } : {}) };
  writeManifest(t.dir, t.manifest);
}

/**
 * Records, as push does, that a pulled file now holds `flow`'s revision, for a caller that has the file's path
 * but not its manifest (cutover apply and rollback, from a plan made earlier): nothing when the file is gone
 * or its manifest does not track it as this flow (moved, or pulled again as another). Throws ManifestError.
 */
export function recordRevision(file: string, flow: FlowSummary, hash: string): void {
  if (!existsSync(file)) return;
  const dir = path.dirname(file);
  const name = path.basename(file);
  const manifest = readManifest(dir);
  if (manifest.flows[name]?.sid !== flow.sid) return;
  record({ dir, manifest, name, file }, flow, hash);
}

// ---------------------------------------------------------------------------------------------------------
// pull

export type PullOutcome =
  /** Every file name for the flow is taken by a file pull did not write: not pulled. */
  | { kind: 'no-file-name' }
  /** The revision recorded is the account's and the file is there: nothing written. */
  | { kind: 'unchanged'; file: string }
  /** The file has local changes and the account a new revision: not replaced. */
  | { kind: 'local-changes'; file: string }
  | { kind: 'pulled'; file: string; flow: RemoteFlow };

/**
 * A pull into one folder: the manifest read once at the start, each flow pulled into its file and recorded,
 * the manifest saved at the end (`save`, also after a failure: what was written stays recorded).
 */
export class PullSession {
  readonly manifest: Manifest;
  /**
   * The legacy Flex addresses by flow SID, as the account said (legacyAddressesByFlow), recorded per file for
   * lint (a flow a legacy address starts is in the migration's scope); undefined when they could not be
   * listed: the entries keep what they had.
   */
  legacyAddresses: Map<string, string[]> | undefined;
  /** File names given to a flow in this folder (the manifest's, and this pull's). */
  private readonly taken: Set<string>;

  /** Throws ManifestError when the folder's manifest cannot be used. */
  constructor(readonly dir: string) {
    this.manifest = readManifest(dir);
    this.taken = new Set(Object.keys(this.manifest.flows));
  }

  /**
   * Pulls one flow of the account. Throws TwilioError (the API) and WriteError (the file; the flow is then
   * not recorded).
   */
  async pull(api: StudioApi, summary: FlowSummary, { force = false }: { force?: boolean } = {}): Promise<PullOutcome> {
    const { dir, manifest } = this;
    // A file in the folder that the manifest does not track was not written by pull: never overwritten.
    const occupied = (name: string) => lstatSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined;
    const name = fileNameFor(summary.friendlyName, summary.sid, manifest, this.taken, occupied);
    if (!name) return { kind: 'no-file-name' };
    this.taken.add(name);
    const file = path.join(dir, name);
    const known = manifest.flows[name];
    if (known && known.revision === summary.revision && existsSync(file)) {
      this.recordScope(name, summary.sid);
      return { kind: 'unchanged', file };
    }
    const localText = known && existsSync(file) ? readText(file) : undefined;
    const local = localText === undefined ? undefined : definitionOf(localText);
    // A local edit that does not parse (a trailing comma) is a local change too: never replaced unasked.
    const changedLocally = localText !== undefined && (local === undefined || definitionHash(local) !== known!.hash);
    let flow: RemoteFlow | undefined;
    if (changedLocally && !force) {
      // The account may already hold the local change: a push whose answer was lost (a reset, a 500
      // after Twilio applied it). Then there is nothing to merge: record it.
      flow = await api.fetchFlow(summary.sid);
      if (!local || definitionHash(flow.definition) !== definitionHash(local)) return { kind: 'local-changes', file };
    }
    flow ??= await api.fetchFlow(summary.sid);
    const hash = definitionHash(flow.definition);
    if (!existsSync(file) || !local || definitionHash(local) !== hash) writeFileAtomic(file, exportText(flow.definition), { links: 'refuse' });
    const { references } = manifest.flows[name] ?? {};
    manifest.flows[name] = { sid: flow.sid, friendlyName: flow.friendlyName, revision: flow.revision, status: flow.status, hash, ...(references ? { references } : {}) };
    this.recordScope(name, flow.sid);
    return { kind: 'pulled', file, flow };
  }

  /**
   * The files whose flow the account no longer lists (deleted in the Console or by the API), given the full
   * listing. Their files and entries are kept as they are: the file may be the only copy left of the flow.
   */
  gone(listed: readonly FlowSummary[]): { file: string; sid: string; friendlyName: string }[] {
    const present = new Set(listed.map((f) => f.sid));
    return Object.entries(this.manifest.flows)
      .filter(([, entry]) => !present.has(entry.sid))
      .map(([name, entry]) => ({ file: path.join(this.dir, name), sid: entry.sid, friendlyName: entry.friendlyName }));
  }

  /**
   * Names every account-specific value of these files (src/flow/account-references.ts) in the account, and
   * records it per file, keyed by the value; a value that cannot be named is recorded with why (a listing the
   * account refused says so: the pull itself goes on). The lookups are `resources`' listings, made once each.
   * Returns the number of values recorded and of those unresolved.
   */
  async recordReferences(resources: AccountResources, names: Iterable<string>): Promise<{ recorded: number; unresolved: { file: string; reference: AccountReference; why: string }[] }> {
    let recorded = 0;
    const unresolved: { file: string; reference: AccountReference; why: string }[] = [];
    for (const name of names) {
      const entry = this.manifest.flows[name];
      const text = entry ? readText(path.join(this.dir, name)) : undefined;
      const definition = text === undefined ? undefined : definitionOf(text);
      if (!entry || !definition) continue;
      const references: Record<string, RecordedReference> = {};
      for (const reference of accountReferences(definition)) {
        if (references[reference.value]) continue;
        let named: RecordedReference;
        try {
          const resolution = await resources.identify(reference);
          named = 'identity' in resolution ? { kind: reference.kind, name: resolution.identity.name } : { kind: reference.kind, unresolved: resolution.unresolved };
        } catch (error) {
          if (!(error instanceof TwilioError)) throw error;
          named = { kind: reference.kind, unresolved: `not looked up: ${error.message}` };
        }
        references[reference.value] = named;
        recorded++;
        if ('unresolved' in named) unresolved.push({ file: path.join(this.dir, name), reference, why: named.unresolved });
      }
      if (Object.keys(references).length) entry.references = references;
      else delete entry.references;
    }
    return { recorded, unresolved };
  }

  /** Writes the manifest. */
  save(): void {
    writeManifest(this.dir, this.manifest);
  }

  /** What the account says about the migration's scope, recorded per file for lint. */
  private recordScope(name: string, sid: string): void {
    const entry = this.manifest.flows[name];
    if (!entry || !this.legacyAddresses) return;
    const addresses = this.legacyAddresses.get(sid);
    if (addresses?.length) entry.legacyAddresses = addresses;
    else delete entry.legacyAddresses;
  }
}

// ---------------------------------------------------------------------------------------------------------
// push

export type PushCheck =
  /** The file does not hold one flow definition: not pushed. */
  | { kind: 'not-a-flow' }
  /** The account no longer has the flow (Twilio answers 404 for its SID): deleted, not pushed. */
  | { kind: 'gone' }
  /** The file holds what was recorded (and needs no publishing): not sent. */
  | { kind: 'unchanged' }
  /** The account already holds this definition as a newer revision: record it (`recordApplied`), send nothing. */
  | { kind: 'already-applied'; remote: RemoteFlow; hash: string }
  /** The account has a revision newer than the one recorded, made by someone else: not pushed unless forced. */
  | { kind: 'newer-remote'; remote: RemoteFlow }
  /** To send (`send`): the definition, its hash and the text it was read from, and the account's flow now. */
  | { kind: 'send'; remote: RemoteFlow; definition: FlowDefinition; hash: string; text: string };

/**
 * What a push of a tracked file would do, after reading the account's flow when the file changed (or a
 * draft must be published). Sends nothing; throws TwilioError.
 */
export async function checkPush(api: StudioApi, t: Tracked, { status, force = false }: { status: 'draft' | 'published'; force?: boolean }): Promise<PushCheck> {
  const entry = t.manifest.flows[t.name]!;
  const text = readText(t.file);
  const c = text === undefined ? undefined : classify(text);
  if (!text || c?.kind !== 'flows' || c.flows[0]!.base.length > 0) return { kind: 'not-a-flow' };
  const definition = c.flows[0]!.definition;
  const hash = definitionHash(definition);
  // Unchanged text is still sent when --publish must make a draft push live.
  if (hash === entry.hash && !(status === 'published' && entry.status !== 'published')) return { kind: 'unchanged' };
  let remote: RemoteFlow;
  try {
    remote = await api.fetchFlow(entry.sid);
  } catch (error) {
    // 20404, "The requested resource … was not found": a SID the account does not have (any more).
    if (error instanceof TwilioError && error.status === 404) return { kind: 'gone' };
    throw error;
  }
  // The account already holds this very definition: an earlier push whose answer was lost (a reset, a
  // 500 after Twilio applied it). Record it instead of refusing it as someone else's newer revision.
  const applied = remote.revision > entry.revision && definitionHash(remote.definition) === hash;
  if (applied && !(status === 'published' && remote.status !== 'published')) return { kind: 'already-applied', remote, hash };
  if (remote.revision > entry.revision && !force && !applied) return { kind: 'newer-remote', remote };
  return { kind: 'send', remote, definition, hash, text };
}

/** Records the revision a lost push made (checkPush's `already-applied`). */
export function recordApplied(t: Tracked, check: { remote: RemoteFlow; hash: string }): void {
  record(t, check.remote, check.hash);
}

export type SendOutcome =
  /** Twilio's validation refused the definition: nothing sent. */
  | { kind: 'invalid'; problems: ValidationProblem[] }
  | { kind: 'pushed'; flow: RemoteFlow }
  /**
   * Pushed, but the answer's revision says other revisions were made between the check and the update
   * (another push, a Console edit: reading, validating and updating are not atomic), and this update replaced
   * them as the latest: `between` is the first and last of them. What is recorded is what the account holds.
   */
  | { kind: 'overtaken'; flow: RemoteFlow; checked: number; between: [number, number] };

/**
 * Sends a checked definition as a new revision: validated by Twilio first (its problems returned, nothing
 * sent), then updated and recorded. Throws TwilioError: then nothing is recorded (if Twilio applied it
 * anyway, the next push or pull records it).
 */
export async function send(
  api: StudioApi,
  t: Tracked,
  check: { remote: FlowSummary; definition: FlowDefinition; hash: string },
  { status, commitMessage }: { status: 'draft' | 'published'; commitMessage: string },
): Promise<SendOutcome> {
  const entry = t.manifest.flows[t.name]!;
  const problems = await api.validate(entry.friendlyName, status, check.definition);
  if (problems.length) return { kind: 'invalid', problems };
  const flow = await api.updateFlow(entry.sid, { status, definition: check.definition, commitMessage });
  // Each update makes exactly one revision (https://www.twilio.com/docs/studio/rest-api/v2/flow#update-a-flow-resource):
  // an answer further on than the one after the revision checked means others came in between.
  const expected = check.remote.revision + 1;
  // The answer is this update's revision, which holds what was sent: the account's latest, recorded as such
  // (never the revision checked, which the account no longer has as its latest).
  record(t, flow, check.hash);
  if (flow.revision > expected) return { kind: 'overtaken', flow, checked: check.remote.revision, between: [expected, flow.revision - 1] };
  return { kind: 'pushed', flow };
}

/**
 * Records what a promotion made in a target (push --promote): the target flow's revision and the hash of what
 * was sent, and the hash of the source it was made from, under the target's name; saves the manifest. The
 * next promotion compares the target's revision with it (a Console edit there since is drift).
 */
export function recordPromotion(t: Tracked, target: string, account: string, flow: FlowSummary, hash: string, sourceHash: string): void {
  const promotions = (t.manifest.promotions ??= {});
  const into = (promotions[target] ??= { account, flows: {} });
  into.account = account;
  into.flows[t.name] = { sid: flow.sid, friendlyName: flow.friendlyName, revision: flow.revision, hash, sourceHash };
  writeManifest(t.dir, t.manifest);
}

/** Another push from the same folder holds its lock: exit 2, naming the process and the lock file. */
export class PushLockedError extends ManifestError {}

/**
 * Takes the push lock of a pulled folder (`<manifest>.lock` beside the manifest, holding the pid): two pushes
 * from one folder would each read the account, then both update it, one edit lost. A lock whose process is
 * no longer alive (killed) is taken over. Returns its release. Throws PushLockedError.
 */
export function lockPushes(dir: string, cwd: string): () => void {
  const lock = path.join(dir, `${MANIFEST_FILE}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = Number(readText(lock)?.trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new PushLockedError(`another push from ${displayPath(cwd, dir) || '.'} is running (process ${holder}, lock ${displayPath(cwd, lock)}): wait for it to end`);
    }
    // Its process is gone: a stale lock.
    rmSync(lock, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// rollback

export type RollbackOutcome =
  /** The account has a revision newer than the one pulled into the file: not rolled back unless forced. */
  | { kind: 'newer-remote'; current: RemoteFlow; pulledRevision: number }
  /** The pulled file has changes not pushed, which the rollback would overwrite: not rolled back unless forced. */
  | { kind: 'local-changes' }
  /** The old revision no longer validates: nothing sent. */
  | { kind: 'invalid'; problems: ValidationProblem[] }
  /** The flow has no such revision (revisions count from 1 to the current one): nothing sent. */
  | { kind: 'no-such-revision'; current: RemoteFlow }
  | { kind: 'rolled-back'; flow: RemoteFlow };

/**
 * Pushes revision `to` of flow `sid` as a new revision; with the pulled file that tracks it (`tracked`), the
 * drift and local-change checks first, and the file and its record rewritten after. Throws TwilioError.
 */
export async function rollbackFlow(
  api: StudioApi,
  sid: string,
  tracked: Tracked | undefined,
  { to, status, force = false }: { to: number; status: 'draft' | 'published'; force?: boolean },
): Promise<RollbackOutcome> {
  const current = await api.fetchFlow(sid);
  const pulled = tracked?.manifest.flows[tracked.name];
  if (pulled && current.revision > pulled.revision && !force) return { kind: 'newer-remote', current, pulledRevision: pulled.revision };
  // The pulled file is rewritten with the rolled-back definition: edits not pushed yet would be lost.
  if (tracked && pulled && changedSincePull(tracked.file, pulled.hash) && !force) return { kind: 'local-changes' };
  // Asked of Twilio, a revision past the current one is a 404, which would read as Twilio's failure: it is the user's.
  if (to > current.revision) return { kind: 'no-such-revision', current };
  const old = await api.fetchRevision(sid, to);
  const problems = await api.validate(current.friendlyName, status, old.definition);
  if (problems.length) return { kind: 'invalid', problems };
  const flow = await api.updateFlow(sid, { status, definition: old.definition, commitMessage: `studio-lint: roll back to revision ${to}` });
  if (tracked) {
    writeFileAtomic(tracked.file, exportText(flow.definition), { links: 'refuse' });
    record(tracked, { ...flow, sid }, definitionHash(flow.definition));
  }
  return { kind: 'rolled-back', flow };
}

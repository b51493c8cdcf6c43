/**
 * pull, push and rollback: the round trip between a folder of flow files and the Twilio account, through
 * the Studio v2 REST API. Validated before any write, drafts unless --publish, and never over a revision
 * someone else made after the pull (unless --force).
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { activeRules, lintSource } from '../linter/lint.js';
import { classify, decodeSource, isObject, type FlowDefinition } from '../flow/load.js';
import { JsonLocator, LineIndex, parsePointer } from '../flow/locate.js';
import { describeFsError, writeFileAtomic, WriteError } from '../runner/write.js';
import type { RemoteFlow, StudioApi, ValidationProblem } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { definitionHash, exportText, fileNameFor, ManifestError, readManifest, writeManifest, MANIFEST_FILE, type Manifest } from '../twilio/manifest.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { legacyAddressesByFlow } from '../twilio/inventory.js';
import { EXIT } from '../exit-codes.js';
import { failureExitCode, UsageError, type Io } from './shared.js';
import { endProgress, progress } from './progress.js';

export interface RemoteIo extends Io {
  env: NodeJS.ProcessEnv;
  stderrIsTty: boolean;
  /** Opens the API: the real twilio client, loaded only now. */
  connect(env: NodeJS.ProcessEnv): Promise<StudioApi>;
}

/** Runs a remote command, turning Twilio failures into exit 3 with Twilio's code and message. */
export async function remoteCommand(io: RemoteIo, run: (api: StudioApi) => Promise<number>): Promise<number> {
  try {
    return await run(await io.connect(io.env));
  } catch (error) {
    endProgress(io);
    // A manifest or a folder that cannot be used, a file that cannot be written: the user's to fix.
    return failureExitCode(error, io, [ManifestError]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// pull

/** The legacy Flex addresses by flow; a failure to list them costs only the account's word on scope, not the pull. */
async function legacyAddressesOrNothing(api: StudioApi, io: RemoteIo): Promise<Map<string, string[]> | undefined> {
  try {
    return await legacyAddressesByFlow(api);
  } catch (error) {
    io.stderr(`studio-lint: could not list the legacy Flex addresses (${error instanceof Error ? error.message : String(error)}): lint decides from each flow's content whether the migration concerns it\n`);
    return undefined;
  }
}

export async function pull(api: StudioApi, io: RemoteIo, options: { out?: string; sid?: string[]; force?: boolean }): Promise<number> {
  const dir = path.resolve(io.cwd, options.out ?? 'flows');
  const out = displayPath(io.cwd, dir);
  const existing = statSync(dir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${out}: is a file, not a folder`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${out}: cannot create the folder: ${describeFsError(error)}`);
  }
  const manifest = readManifest(dir);
  const listed = await api.listFlows();
  const wanted = options.sid?.length ? listed.filter((f) => options.sid!.includes(f.sid)) : listed;
  for (const sid of options.sid ?? []) if (!listed.some((f) => f.sid === sid)) io.stderr(`studio-lint: ${sid}: no such flow in the account\n`);
  const taken = new Set(Object.keys(manifest.flows));
  const starts = await legacyAddressesOrNothing(api, io);
  // What the account says about the migration's scope, recorded per file for lint (a flow a legacy Flex address starts is in it).
  const recordScope = (name: string, sid: string) => {
    const entry = manifest.flows[name];
    if (!entry || !starts) return;
    const addresses = starts.get(sid);
    if (addresses?.length) entry.legacyAddresses = addresses;
    else delete entry.legacyAddresses;
  };
  // A file in the folder that the manifest does not track was not written by pull: never overwritten.
  const occupied = (name: string) => lstatSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined;
  const bar = progress(io, wanted.length);
  let failures = 0;
  let unwritten = 0;
  let refused = 0;
  try {
    for (const summary of wanted) {
      const label = `${summary.sid} '${printable(summary.friendlyName)}'`;
      bar.step(printable(summary.friendlyName));
      const name = fileNameFor(summary.friendlyName, summary.sid, manifest, taken, occupied);
      if (!name) {
        io.stderr(`studio-lint: ${label}: every file name for it is taken by a file pull did not write; not pulled\n`);
        refused++;
        continue;
      }
      taken.add(name);
      const file = path.join(dir, name);
      const known = manifest.flows[name];
      try {
        if (known && known.revision === summary.revision && existsSync(file)) {
          recordScope(name, summary.sid);
          io.stdout(`unchanged  ${label} revision ${summary.revision}: ${displayPath(io.cwd, file)}\n`);
          continue;
        }
        const local = known && existsSync(file) ? localDefinition(file) : undefined;
        let flow: RemoteFlow | undefined;
        if (known && local && definitionHash(local) !== known.hash && !options.force) {
          // The account may already hold the local change: a push whose answer was lost (a reset, a 500
          // after Twilio applied it). Then there is nothing to merge: record it.
          flow = await api.fetchFlow(summary.sid);
          if (definitionHash(flow.definition) !== definitionHash(local)) {
            io.stderr(`studio-lint: ${displayPath(io.cwd, file)} has local changes and ${summary.sid} has a new revision ${summary.revision}: push or discard them first, or pull --force\n`);
            refused++;
            continue;
          }
        }
        flow ??= await api.fetchFlow(summary.sid);
        const hash = definitionHash(flow.definition);
        if (!existsSync(file) || !local || definitionHash(local) !== hash) writeFileAtomic(file, exportText(flow.definition), { links: 'refuse' });
        manifest.flows[name] = { sid: flow.sid, friendlyName: flow.friendlyName, revision: flow.revision, status: flow.status, hash };
        recordScope(name, flow.sid);
        io.stdout(`pulled     ${flow.sid} '${printable(flow.friendlyName)}' revision ${flow.revision} (${flow.status}): ${displayPath(io.cwd, file)}\n`);
      } catch (error) {
        if (error instanceof WriteError) {
          unwritten++;
          io.stderr(`studio-lint: ${label}: not pulled: ${displayPath(io.cwd, error.file)}: ${error.reason}\n`);
          continue;
        }
        if (!(error instanceof TwilioError)) throw error;
        failures++;
        io.stderr(`studio-lint: ${error.message}\n`);
      }
    }
  } finally {
    // What was written is recorded, whatever stopped the loop.
    bar.end();
    writeManifest(dir, manifest);
  }
  return failures ? EXIT.twilio : unwritten ? EXIT.usage : refused ? EXIT.problems : EXIT.ok;
}

function localDefinition(file: string): FlowDefinition | undefined {
  const text = readText(file); // undefined for a folder in its place, say: the write that follows reports it
  if (text === undefined) return undefined;
  const c = classify(text);
  return c.kind === 'flows' ? c.flows[0]!.definition : undefined;
}

/** A file's text, or undefined when it cannot be read (gone, a folder in its place). */
function readText(file: string): string | undefined {
  try {
    return decodeSource(readFileSync(file)).text;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// push

interface Tracked {
  dir: string;
  manifest: Manifest;
  name: string;
  file: string;
}

/** The tracked files among the given paths (a folder: every file of its manifest). */
function trackedFiles(io: Io, paths: string[]): { tracked: Tracked[]; problems: string[] } {
  const tracked: Tracked[] = [];
  const problems: string[] = [];
  const manifests = new Map<string, Manifest>();
  const manifestOf = (dir: string) => {
    let m = manifests.get(dir);
    if (!m) manifests.set(dir, (m = readManifest(dir)));
    return m;
  };
  for (const p of paths.length ? paths : ['flows']) {
    const target = path.resolve(io.cwd, p);
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat) {
      problems.push(`${p}: no such file or folder`);
      continue;
    }
    const dir = stat.isDirectory() ? target : path.dirname(target);
    const manifest = manifestOf(dir);
    if (!existsSync(path.join(dir, MANIFEST_FILE))) {
      problems.push(`${p}: no ${MANIFEST_FILE} in ${displayPath(io.cwd, dir)}: pull the flows first`);
      continue;
    }
    const names = stat.isDirectory() ? Object.keys(manifest.flows) : [path.basename(target)];
    for (const name of names) {
      if (!manifest.flows[name]) problems.push(`${displayPath(io.cwd, path.join(dir, name))}: not in ${MANIFEST_FILE} (not pulled from the account)`);
      else tracked.push({ dir, manifest, name, file: path.join(dir, name) });
    }
  }
  return { tracked, problems };
}

export async function push(
  api: StudioApi,
  io: RemoteIo,
  paths: string[],
  options: { dryRun?: boolean; publish?: boolean; force?: boolean; message?: string },
): Promise<number> {
  const { tracked, problems } = trackedFiles(io, paths);
  for (const p of problems) io.stderr(`studio-lint: ${p}\n`);
  if (tracked.length === 0) return EXIT.usage;
  const status = options.publish ? 'published' : 'draft';
  const bar = progress(io, tracked.length);
  let failures = 0;
  let refused = 0;
  for (const t of tracked) {
    const entry = t.manifest.flows[t.name]!;
    const label = `${entry.sid} '${printable(entry.friendlyName)}'`;
    bar.step(printable(entry.friendlyName));
    const text = readText(t.file);
    const c = text === undefined ? undefined : classify(text);
    if (!text || c?.kind !== 'flows' || c.flows[0]!.base.length > 0) {
      io.stderr(`studio-lint: ${displayPath(io.cwd, t.file)}: not a flow definition; not pushed\n`);
      refused++;
      continue;
    }
    const definition = c.flows[0]!.definition;
    const hash = definitionHash(definition);
    if (hash === entry.hash) {
      io.stdout(`unchanged  ${label}: not sent\n`);
      continue;
    }
    try {
      const remote = await api.fetchFlow(entry.sid);
      // The account already holds this very definition: an earlier push whose answer was lost (a reset, a
      // 500 after Twilio applied it). Record it instead of refusing it as someone else's newer revision.
      const applied = remote.revision > entry.revision && definitionHash(remote.definition) === hash;
      if (applied && !(status === 'published' && remote.status !== 'published')) {
        if (options.dryRun) {
          io.stdout(`unchanged  ${label}: the account already has it as revision ${remote.revision} (${remote.status}); push records it\n`);
          continue;
        }
        t.manifest.flows[t.name] = { sid: remote.sid, friendlyName: remote.friendlyName, revision: remote.revision, status: remote.status, hash };
        writeManifest(t.dir, t.manifest);
        io.stdout(`recorded   ${label}: the account already has it as revision ${remote.revision} (${remote.status}); an earlier push's answer was lost\n`);
        continue;
      }
      if (remote.revision > entry.revision && !options.force && !applied) {
        io.stderr(`studio-lint: ${label}: the account has revision ${remote.revision}, newer than revision ${entry.revision} pulled into ${displayPath(io.cwd, t.file)} (edited in the Console?): pull and merge, or push --force\n`);
        refused++;
        continue;
      }
      if (options.dryRun) {
        io.stdout(plan(io, t.file, label, remote.definition, definition, status));
        continue;
      }
      const invalid = await api.validate(entry.friendlyName, status, definition);
      if (invalid.length) {
        io.stderr(`studio-lint: ${label}: Twilio refused the definition; not pushed:\n${locateProblems(io, t.file, text, invalid)}`);
        refused++;
        continue;
      }
      const commitMessage = options.message ?? commitMessageFor(remote.definition, definition);
      const updated = await api.updateFlow(entry.sid, { status, definition, commitMessage });
      t.manifest.flows[t.name] = { sid: updated.sid, friendlyName: updated.friendlyName, revision: updated.revision, status: updated.status, hash };
      writeManifest(t.dir, t.manifest);
      io.stdout(`pushed     ${label}: revision ${updated.revision} (${updated.status}) "${commitMessage}"\n`);
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      failures++;
      io.stderr(`studio-lint: ${label}: ${error.message}; nothing recorded (if Twilio applied it anyway, the next push or pull records it)\n`);
    }
  }
  bar.end();
  return failures ? EXIT.twilio : refused ? EXIT.problems : EXIT.ok;
}

/** Twilio's validation messages at the file's lines: property_path is a JSON pointer into the definition. */
export function locateProblems(io: Io, file: string, text: string, problems: ValidationProblem[]): string {
  const locator = new JsonLocator(text);
  const lines = new LineIndex(text);
  return problems
    .map((p) => {
      const pointer = parsePointer(p.propertyPath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      let range;
      for (let n = pointer.length; n >= 0 && !range; n--) range = locator.value(pointer.slice(0, n));
      const at = lines.position(range?.start ?? 0);
      return `  ${displayPath(io.cwd, file)}:${at.line}:${at.column}: ${p.message} (${p.propertyPath})\n`;
    })
    .join('');
}

/** "studio-lint: fix <rules>": the rules with fewer findings in the new definition than in the remote one. */
export function commitMessageFor(before: unknown, after: unknown): string {
  const active = activeRules();
  const count = (definition: unknown) => {
    const counts = new Map<string, number>();
    for (const f of lintSource('remote.json', { text: JSON.stringify(definition), bom: false }, active).findings) {
      counts.set(f.ruleId ?? '', (counts.get(f.ruleId ?? '') ?? 0) + 1);
    }
    return counts;
  };
  const old = count(before);
  const now = count(after);
  const fixed = [...old.keys()].filter((id) => id && (now.get(id) ?? 0) < old.get(id)!).sort();
  return fixed.length ? `studio-lint: fix ${fixed.join(', ')}` : 'studio-lint: update';
}

/** The dry run's plan for one flow: what changes, by widget and property, then the diff. */
function plan(io: Io, file: string, label: string, before: FlowDefinition, after: FlowDefinition, status: string): string {
  const changes = changedProperties(before, after);
  let out = `would push ${label} as ${status}: ${displayPath(io.cwd, file)}\n`;
  for (const [widget, properties] of changes) out += `  ${widget}: ${properties.join(', ')}\n`;
  const name = displayPath(io.cwd, file);
  out += createTwoFilesPatch(`${name} (account)`, name, exportText(before), exportText(after), undefined, undefined, { context: 2, headerOptions: FILE_HEADERS_ONLY });
  return out;
}

function changedProperties(before: FlowDefinition, after: FlowDefinition): Map<string, string[]> {
  const byName = (d: FlowDefinition) => new Map(d.states.filter(isObject).map((s) => [String(s.name), s]));
  const a = byName(before);
  const b = byName(after);
  const changes = new Map<string, string[]>();
  for (const [name, state] of b) {
    const old = a.get(name);
    if (!old) changes.set(name, ['(new widget)']);
    else {
      const paths: string[] = [];
      diffPaths(old, state, '', paths);
      if (paths.length) changes.set(name, paths);
    }
  }
  for (const name of a.keys()) if (!b.has(name)) changes.set(name, ['(removed)']);
  return changes;
}

function diffPaths(a: unknown, b: unknown, at: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[key], b[key], at ? `${at}.${key}` : key, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diffPaths(v, b[i], `${at}[${i}]`, out));
  } else out.push(at || '(value)');
}

// ---------------------------------------------------------------------------------------------------------
// rollback

export async function rollback(
  api: StudioApi,
  io: RemoteIo,
  targets: string[],
  options: { to: number; publish?: boolean; force?: boolean },
): Promise<number> {
  let failures = 0;
  let refused = 0;
  for (const target of targets) {
    // A FW sid, or a pulled file: the manifest gives its sid and the revision to check drift against.
    let sid = /^FW[0-9a-fA-F]{32}$/.test(target) ? target : undefined;
    let tracked: Tracked | undefined;
    if (!sid) {
      const found = trackedFiles(io, [target]);
      for (const p of found.problems) io.stderr(`studio-lint: ${p}\n`);
      tracked = found.tracked[0];
      if (!tracked) {
        refused++;
        continue;
      }
      sid = tracked.manifest.flows[tracked.name]!.sid;
    }
    try {
      const current = await api.fetchFlow(sid);
      const pulled = tracked?.manifest.flows[tracked.name];
      if (pulled && current.revision > pulled.revision && !options.force) {
        io.stderr(`studio-lint: ${sid} '${printable(current.friendlyName)}': the account has revision ${current.revision}, newer than revision ${pulled.revision} pulled: pull first, or rollback --force\n`);
        refused++;
        continue;
      }
      const old = await api.fetchRevision(sid, options.to);
      const status = options.publish ? 'published' : 'draft';
      const invalid = await api.validate(current.friendlyName, status, old.definition);
      if (invalid.length) {
        io.stderr(`studio-lint: ${sid}: revision ${options.to} no longer validates: ${invalid.map((p) => `${p.propertyPath}: ${p.message}`).join('; ')}\n`);
        refused++;
        continue;
      }
      const updated = await api.updateFlow(sid, { status, definition: old.definition, commitMessage: `studio-lint: roll back to revision ${options.to}` });
      if (tracked) {
        writeFileAtomic(tracked.file, exportText(updated.definition), { links: 'refuse' });
        tracked.manifest.flows[tracked.name] = { sid, friendlyName: updated.friendlyName, revision: updated.revision, status: updated.status, hash: definitionHash(updated.definition) };
        writeManifest(tracked.dir, tracked.manifest);
      }
      io.stdout(`rolled back ${sid} '${printable(updated.friendlyName)}' to revision ${options.to}: now revision ${updated.revision} (${updated.status})\n`);
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      failures++;
      io.stderr(`studio-lint: ${error.message}\n`);
    }
  }
  return failures ? EXIT.twilio : refused ? EXIT.problems : EXIT.ok;
}

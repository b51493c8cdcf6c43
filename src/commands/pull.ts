/** `studio-lint pull`: write the account's flows into a folder, one file per flow, with the manifest. */
import { existsSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, writeFileAtomic, WriteError } from '../runner/write.js';
import type { RemoteFlow, StudioApi } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { definitionHash, exportText, fileNameFor, readManifest, writeManifest } from '../twilio/manifest.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { legacyAddressesByFlow } from '../twilio/inventory.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from './shared.js';
import { progress } from './progress.js';
import { definitionOf, readText, remoteCommand, remoteIo, type RemoteIo } from './remote.js';
import { collect, command } from './spec.js';

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
        const localText = known && existsSync(file) ? readText(file) : undefined;
        const local = localText === undefined ? undefined : definitionOf(localText);
        // A local edit that does not parse (a trailing comma) is a local change too: never replaced unasked.
        const changedLocally = localText !== undefined && (local === undefined || definitionHash(local) !== known!.hash);
        let flow: RemoteFlow | undefined;
        if (changedLocally && !options.force) {
          // The account may already hold the local change: a push whose answer was lost (a reset, a 500
          // after Twilio applied it). Then there is nothing to merge: record it.
          flow = await api.fetchFlow(summary.sid);
          if (!local || definitionHash(flow.definition) !== definitionHash(local)) {
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

export const pullCommand = command<[], { out?: string; sid?: string[]; force?: boolean }>({
  name: 'pull',
  description: 'write the account’s flows into a folder, one file per flow, with a manifest of what was pulled',
  options: [
    { flags: '--out <dir>', description: 'the folder', default: 'flows' },
    { flags: '--sid <FW...>', description: 'only this flow; repeatable', parse: collect },
    { flags: '--force', description: 'overwrite local changes to a flow that has a new revision' },
  ],
  run: (_args, options) => {
    const io = remoteIo();
    return remoteCommand(io, (api) => pull(api, io, options));
  },
});

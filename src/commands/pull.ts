/** `studio-lint pull`: write the account's flows into a folder, one file per flow, with the manifest. */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, WriteError } from '../runner/write.js';
import type { StudioApi } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { PullSession } from '../twilio/sync.js';
import { MANIFEST_FILE } from '../runner/manifest.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { legacyAddressesByFlow } from '../twilio/inventory.js';
import { AccountResources } from '../twilio/account-resources.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from './shared.js';
import { progress } from './progress.js';
import { remoteCommand, remoteIo, type RemoteIo } from './remote.js';
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

/** An Account SID as messages show it: its last four characters, enough to tell two accounts apart. */
export const accountTail = (sid: string) => `account …${sid.slice(-4)}`;

export async function pull(api: StudioApi, io: RemoteIo, options: { out?: string; sid?: string[]; force?: boolean }): Promise<number> {
  const dir = path.resolve(io.cwd, options.out ?? 'flows');
  const out = displayPath(io.cwd, dir);
  const existing = statSync(dir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${out}: is a file, not a folder`);
  const listed = await api.listFlows();
  // As lint --remote: a SID the account does not have (a typo) pulls nothing, rather than passing as a pull
  // that wrote nothing.
  const missingSids = (options.sid ?? []).filter((sid) => !listed.some((f) => f.sid === sid));
  if (missingSids.length) throw new UsageError(`no such flow in the account: ${missingSids.join(', ')}`);
  const wanted = options.sid?.length ? listed.filter((f) => options.sid!.includes(f.sid)) : listed;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${out}: cannot create the folder: ${describeFsError(error)}`);
  }
  const session = new PullSession(dir);
  // One folder holds one account's flows: another account's would take suffixed names beside them, and a push
  // would send them to the account of the credentials. Promotion is how flows move between accounts.
  if (session.manifest.account && session.manifest.account !== api.accountSid) {
    throw new UsageError(`${out}: pulled from another account (${accountTail(session.manifest.account)}) than these credentials open (${accountTail(api.accountSid)}): pull into another folder; push --promote moves flows between accounts`);
  }
  session.manifest.account = api.accountSid;
  session.legacyAddresses = await legacyAddressesOrNothing(api, io);
  const bar = progress(io, wanted.length);
  let failures = 0;
  let unwritten = 0;
  let refused = 0;
  const identified: string[] = [];
  try {
    for (const summary of wanted) {
      const label = `${summary.sid} '${printable(summary.friendlyName)}'`;
      bar.step(printable(summary.friendlyName));
      try {
        const outcome = await session.pull(api, summary, options);
        switch (outcome.kind) {
          case 'no-file-name':
            io.stderr(`studio-lint: ${label}: every file name for it is taken by a file pull did not write; not pulled\n`);
            refused++;
            break;
          case 'unchanged':
            io.stdout(`unchanged  ${label} revision ${summary.revision}: ${displayPath(io.cwd, outcome.file)}\n`);
            identified.push(path.basename(outcome.file));
            break;
          case 'local-changes':
            io.stderr(`studio-lint: ${displayPath(io.cwd, outcome.file)} has local changes and ${summary.sid} has a new revision ${summary.revision}: push or discard them first, or pull --force\n`);
            refused++;
            break;
          case 'pulled': {
            const { flow } = outcome;
            io.stdout(`pulled     ${flow.sid} '${printable(flow.friendlyName)}' revision ${flow.revision} (${flow.status}): ${displayPath(io.cwd, outcome.file)}\n`);
            identified.push(path.basename(outcome.file));
            break;
          }
        }
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
    // What each account-specific value is, by name, for push --promote (a listing per resource kind).
    const { unresolved } = await session.recordReferences(new AccountResources(api), identified);
    if (unresolved.length) {
      const files = new Set(unresolved.map((u) => u.file)).size;
      io.stdout(`unnamed    ${unresolved.length} account-specific value${unresolved.length === 1 ? '' : 's'} in ${files} flow${files === 1 ? '' : 's'} could not be named in the account (why: ${MANIFEST_FILE}); push --promote needs them mapped\n`);
    }
  } finally {
    // What was written is recorded, whatever stopped the loop.
    bar.end();
    session.save();
  }
  // Only a full pull sees the whole account: a flow of the manifest it does not list was deleted there.
  if (!options.sid?.length) {
    for (const gone of session.gone(listed)) {
      io.stderr(`studio-lint: ${gone.sid} '${printable(gone.friendlyName)}' is no longer in the account (deleted): ${displayPath(io.cwd, gone.file)} is kept as it is, and push will not send it; remove it and its entry in ${MANIFEST_FILE} to forget it\n`);
    }
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
  run: (_args, options, context) => {
    const io = remoteIo(context);
    return remoteCommand(io, (api) => pull(api, io, options));
  },
});

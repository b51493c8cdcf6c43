/** `studio-lint rollback`: push an earlier revision of a flow as a new revision, validated, with the drift check. */
import { writeFileAtomic } from '../runner/write.js';
import type { StudioApi } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { definitionHash, exportText, writeManifest } from '../twilio/manifest.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { InvalidArgumentError } from 'commander';
import { changedSincePull, remoteCommand, remoteIo, type RemoteIo, type Tracked, trackedFiles } from './remote.js';
import { command } from './spec.js';

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
      // The pulled file is rewritten with the rolled-back definition: edits not pushed yet would be lost.
      if (tracked && pulled && changedSincePull(tracked.file, pulled.hash) && !options.force) {
        io.stderr(`studio-lint: ${displayPath(io.cwd, tracked.file)} has local changes that were not pushed: push or discard them first, or rollback --force\n`);
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

export const rollbackCommand = command<[string[]], { to: number; publish?: boolean; force?: boolean }>({
  name: 'rollback',
  description: 'push an earlier revision of a flow as a new revision, validated, with the drift check',
  arguments: [['<targets...>', 'pulled flow files or FW sids']],
  options: [
    {
      flags: '--to <revision>',
      description: 'the revision to return to',
      required: true,
      parse: (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a revision number');
        return n;
      },
    },
    { flags: '--publish', description: 'make the new revision live (default: draft)' },
    { flags: '--force', description: 'roll back even when the account has a newer revision than the one pulled' },
  ],
  run: ([targets], options) => {
    const io = remoteIo();
    return remoteCommand(io, (api) => rollback(api, io, targets, options));
  },
});

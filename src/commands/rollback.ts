/** `studio-lint rollback`: push an earlier revision of a flow as a new revision, validated, with the drift check. */
import type { StudioApi } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { rollbackFlow, trackedFiles, type Tracked } from '../twilio/sync.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { InvalidArgumentError } from 'commander';
import { remoteCommand, remoteIo, type RemoteIo } from './remote.js';
import { command } from './spec.js';

export async function rollback(
  api: StudioApi,
  io: RemoteIo,
  targets: string[],
  options: { to: number; publish?: boolean; force?: boolean },
): Promise<number> {
  let failures = 0;
  let refused = 0;
  let usage = 0;
  for (const target of targets) {
    // A FW sid, or a pulled file: the manifest gives its sid and the revision to check drift against.
    let sid = /^FW[0-9a-fA-F]{32}$/.test(target) ? target : undefined;
    let tracked: Tracked | undefined;
    if (!sid) {
      const found = trackedFiles(io.cwd, [target]);
      for (const p of found.problems) io.stderr(`studio-lint: ${p}\n`);
      tracked = found.tracked[0];
      if (!tracked) {
        refused++;
        continue;
      }
      sid = tracked.manifest.flows[tracked.name]!.sid;
    }
    try {
      const outcome = await rollbackFlow(api, sid, tracked, { to: options.to, status: options.publish ? 'published' : 'draft', force: options.force });
      switch (outcome.kind) {
        case 'newer-remote':
          io.stderr(`studio-lint: ${sid} '${printable(outcome.current.friendlyName)}': the account has revision ${outcome.current.revision}, newer than revision ${outcome.pulledRevision} pulled: pull first, or rollback --force\n`);
          refused++;
          break;
        case 'local-changes':
          io.stderr(`studio-lint: ${displayPath(io.cwd, tracked!.file)} has local changes that were not pushed: push or discard them first, or rollback --force\n`);
          refused++;
          break;
        case 'invalid':
          io.stderr(`studio-lint: ${sid}: revision ${options.to} no longer validates: ${outcome.problems.map((p) => `${p.propertyPath}: ${p.message}`).join('; ')}\n`);
          refused++;
          break;
        case 'no-such-revision':
          io.stderr(`studio-lint: ${sid} '${printable(outcome.current.friendlyName)}': --to ${options.to}: no such revision (its revisions are 1 to ${outcome.current.revision})\n`);
          usage++;
          break;
        case 'rolled-back':
          io.stdout(`rolled back ${sid} '${printable(outcome.flow.friendlyName)}' to revision ${options.to}: now revision ${outcome.flow.revision} (${outcome.flow.status})\n`);
          break;
      }
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      failures++;
      io.stderr(`studio-lint: ${error.message}\n`);
    }
  }
  return failures ? EXIT.twilio : usage ? EXIT.usage : refused ? EXIT.problems : EXIT.ok;
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
  run: ([targets], options, context) => {
    const io = remoteIo(context);
    return remoteCommand(io, (api) => rollback(api, io, targets, options));
  },
});

/**
 * `push --promote`: send pulled flows into another account (issue 27). Per flow, in an order where a subflow
 * comes before the flows that run it: the target's flow of the same friendly name (`--create` makes a missing
 * one), every account-specific value rewritten to the target's resource of the same name (src/twilio/promote.ts),
 * the same gate as push (lint, baseline, drafts by default, `--publish`), the drift check against the target's
 * revision this folder last promoted (recorded per target in the manifest), Twilio's validation, then the update.
 * A flow with a value that does not resolve in the target is not sent at all.
 */
import { readManifest } from '../runner/manifest.js';
import { DeploymentGate } from '../runner/gate.js';
import { AccountResources } from '../twilio/account-resources.js';
import { TwilioError, type StudioApi } from '../twilio/client.js';
import { definitionHash } from '../twilio/manifest.js';
import { rewriteForTarget, subflowsFirst, type Rewrite } from '../twilio/promote.js';
import { definitionOf, lockPushes, readText, recordPromotion, trackedFiles, type Tracked } from '../twilio/sync.js';
import { JsonLocator, LineIndex, nearestValue } from '../flow/locate.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { progress } from './progress.js';
import { locateProblems, type PushOptions } from './push.js';
import type { RemoteIo } from './remote.js';
import { accountTail } from './pull.js';

export interface PromoteTarget {
  /** The environment's name (--to), or the target's Account SID when the credentials were given directly. */
  name: string;
  map: Readonly<Record<string, string>>;
}

export async function promote(api: StudioApi, io: RemoteIo, paths: string[], options: PushOptions & { create?: boolean }, target: PromoteTarget): Promise<number> {
  const { tracked, problems } = trackedFiles(io.cwd, paths);
  for (const p of problems) io.stderr(`studio-lint: ${p}\n`);
  if (tracked.length === 0) return EXIT.usage;
  const where = target.name === api.accountSid ? accountTail(api.accountSid) : `${target.name} (${accountTail(api.accountSid)})`;
  for (const dir of new Set(tracked.map((t) => t.dir))) {
    const { account } = readManifest(dir);
    const folder = displayPath(io.cwd, dir) || '.';
    if (!account) {
      io.stderr(`studio-lint: ${folder}: its manifest does not say which account the flows were pulled from (pulled by an older studio-lint): pull again before promoting\n`);
      return EXIT.usage;
    }
    if (account === api.accountSid) {
      io.stderr(`studio-lint: ${folder}: pulled from ${where} itself: push sends flows back to their account; --promote is for another account\n`);
      return EXIT.usage;
    }
  }
  const gate = options.verify === false ? undefined : new DeploymentGate(io.cwd, { color: io.stderrIsTty && !io.env.NO_COLOR, configFile: options.config });
  const releases = options.dryRun ? [] : [...new Set(tracked.map((t) => t.dir))].map((dir) => lockPushes(dir, io.cwd));
  try {
    return await promoteTracked(api, io, tracked, options, target, where, gate);
  } finally {
    for (const release of releases) release();
  }
}

async function promoteTracked(api: StudioApi, io: RemoteIo, tracked: Tracked[], options: PushOptions & { create?: boolean }, target: PromoteTarget, where: string, gate: DeploymentGate | undefined): Promise<number> {
  const status = options.publish ? 'published' : 'draft';
  const resources = new AccountResources(api);
  const ordered = subflowsFirst(
    tracked.map((t) => {
      const text = readText(t.file);
      return { t, text, sid: t.manifest.flows[t.name]!.sid, definition: text === undefined ? undefined : definitionOf(text) };
    }),
  );
  const bar = progress(io, ordered.length);
  let failures = 0;
  let refused = 0;
  for (const { t, text, definition } of ordered) {
    const entry = t.manifest.flows[t.name]!;
    const file = displayPath(io.cwd, t.file);
    const label = `'${printable(entry.friendlyName)}' (${file})`;
    bar.step(printable(entry.friendlyName));
    try {
      if (text === undefined || !definition) {
        io.stderr(`studio-lint: ${file}: not a flow definition; not promoted\n`);
        refused++;
        continue;
      }
      const sourceHash = definitionHash(definition);
      const matches = (await resources.flows()).filter((f) => f.name === entry.friendlyName);
      if (matches.length > 1) {
        io.stderr(`studio-lint: ${label}: ${where} has ${matches.length} flows named so (${matches.map((m) => m.sid).join(', ')}): rename one; not promoted\n`);
        refused++;
        continue;
      }
      const existing = matches[0];
      if (!existing && !options.create) {
        io.stderr(`studio-lint: ${label}: ${where} has no flow named so: push --promote --create makes it; not promoted\n`);
        refused++;
        continue;
      }
      const promoted = t.manifest.promotions?.[target.name]?.flows[t.name];
      const samePlace = existing && promoted?.sid === existing.sid;
      // The source has not changed since it was promoted, and the target's flow not since then either.
      if (samePlace && promoted.sourceHash === sourceHash && promoted.revision === existing.revision && !(status === 'published' && existing.status !== 'published')) {
        io.stdout(`unchanged  ${label} in ${where}: ${existing.sid} revision ${existing.revision} is what it was promoted as\n`);
        continue;
      }
      const rewritten = await rewriteForTarget(text, entry, resources, target.map);
      if (rewritten.kind === 'not-a-flow') {
        io.stderr(`studio-lint: ${file}: not a flow definition; not promoted\n`);
        refused++;
        continue;
      }
      if (rewritten.kind === 'unresolved') {
        const lines = new LineIndex(text);
        const locator = new JsonLocator(text);
        const n = rewritten.unresolved.length;
        io.stderr(`studio-lint: ${label}: ${n} account-specific value${n === 1 ? '' : 's'} with no counterpart in ${where}; nothing of the flow sent:\n`);
        for (const u of rewritten.unresolved) {
          const range = locator.stringSlice(u.reference.pointer, u.reference.start, u.reference.end) ?? nearestValue(locator, u.reference.pointer);
          const at = lines.position(range?.start ?? 0);
          io.stderr(`  ${file}:${at.line}:${at.column}: ${printable(u.reference.widget)}.${u.reference.property}: ${u.reference.value} (${u.reference.kind}): ${printable(u.why)}\n`);
        }
        refused++;
        continue;
      }
      const verdict = gate?.verdict(t.file, rewritten.text, { promoted: true });
      if (options.dryRun) {
        io.stdout(`would ${existing ? `update ${existing.sid}` : 'create'} ${label} in ${where} as ${status}\n${rewriteLines(rewritten.rewrites)}`);
        if (verdict?.errors) {
          io.stdout(`  lint: ${verdict.errors} error${verdict.errors === 1 ? '' : 's'}; push --promote refuses it (--no-verify sends it anyway):\n${verdict.report}`);
          refused++;
        }
        // A flow made by this promotion is found by the flows that run it, in the plan too.
        if (!existing) await resources.noteFlow({ sid: `(new: ${entry.friendlyName})`, name: entry.friendlyName, revision: 0, status });
        continue;
      }
      if (verdict?.errors) {
        io.stderr(`studio-lint: ${label}: the promoted flow has ${verdict.errors} error${verdict.errors === 1 ? '' : 's'}; not promoted (--no-verify sends it anyway):\n${verdict.report}`);
        refused++;
        continue;
      }
      const hash = definitionHash(rewritten.definition);
      if (existing) {
        const remote = await api.fetchFlow(existing.sid);
        // The target already holds exactly this (a promotion whose answer was lost, or the same change made
        // there): record it, send nothing.
        if (definitionHash(remote.definition) === hash && !(status === 'published' && remote.status !== 'published')) {
          recordPromotion(t, target.name, api.accountSid, remote, hash, sourceHash);
          io.stdout(`recorded   ${label} in ${where}: ${remote.sid} revision ${remote.revision} already holds it\n`);
          continue;
        }
        if (samePlace && remote.revision > promoted.revision && !options.force) {
          io.stderr(`studio-lint: ${label}: ${where}'s ${remote.sid} has revision ${remote.revision}, newer than revision ${promoted.revision} this folder promoted (edited in the Console?): bring that change into the source, or push --promote --force\n`);
          refused++;
          continue;
        }
      }
      const problems = await api.validate(entry.friendlyName, status, rewritten.definition);
      if (problems.length) {
        io.stderr(`studio-lint: ${label}: Twilio refused the promoted definition; not promoted:\n${locateProblems(io, t.file, rewritten.text, problems)}`);
        refused++;
        continue;
      }
      const commitMessage = options.message ?? `studio-lint: promoted from ${accountTail(t.manifest.account ?? '')}`;
      const flow = existing
        ? await api.updateFlow(existing.sid, { status, definition: rewritten.definition, commitMessage })
        : await api.createFlow({ friendlyName: entry.friendlyName, status, definition: rewritten.definition, commitMessage });
      recordPromotion(t, target.name, api.accountSid, flow, hash, sourceHash);
      if (!existing) await resources.noteFlow({ sid: flow.sid, name: flow.friendlyName, revision: flow.revision, status: flow.status });
      io.stdout(`promoted   ${label} to ${where}: ${existing ? '' : 'created '}${flow.sid} revision ${flow.revision} (${flow.status}), ${rewritten.rewrites.length} value${rewritten.rewrites.length === 1 ? '' : 's'} rewritten\n`);
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      failures++;
      io.stderr(`studio-lint: ${label}: ${error.message}; nothing recorded (if Twilio applied it anyway, the next promotion records it)\n`);
    }
  }
  bar.end();
  return failures ? EXIT.twilio : refused ? EXIT.problems : EXIT.ok;
}

/** The dry run's lines: every value, source → target (the name it was found by). */
function rewriteLines(rewrites: Rewrite[]): string {
  return rewrites.map((r) => `  ${printable(r.reference.widget)}.${r.reference.property}: ${r.reference.value} → ${r.to} (${r.by === 'map' ? 'the environment’s map' : `${r.reference.kind} ${printable(r.by)}`})\n`).join('');
}

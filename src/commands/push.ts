/** `studio-lint push`: send changed flow files back: drift check, validation, then a new draft revision. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { activeRules, lintSource } from '../linter/lint.js';
import { classify, isObject, type FlowDefinition } from '../flow/load.js';
import { JsonLocator, LineIndex, nearestValue, parsePointer } from '../flow/locate.js';
import type { StudioApi, ValidationProblem } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { definitionHash, exportText, writeManifest } from '../twilio/manifest.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { type Io } from './shared.js';
import { progress } from './progress.js';
import { readText, remoteCommand, remoteIo, type RemoteIo, trackedFiles } from './remote.js';
import { command } from './spec.js';

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
    // Unchanged text is still sent when --publish must make a draft push live.
    if (hash === entry.hash && !(status === 'published' && entry.status !== 'published')) {
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
      const range = nearestValue(locator, parsePointer(p.propertyPath));
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

export const pushCommand = command<[string[]], { dryRun?: boolean; publish?: boolean; force?: boolean; message?: string }>({
  name: 'push',
  description: 'send changed flow files back: drift check, validation, then a new draft revision',
  arguments: [['[paths...]', 'a pulled folder (default flows) or files in it']],
  options: [
    { flags: '--dry-run', description: 'print the plan (changes by widget and property, and a diff); send nothing' },
    { flags: '--publish', description: 'make the new revisions live (default: draft)' },
    { flags: '--force', description: 'push even when the account has a newer revision than the one pulled' },
    { flags: '--message <text>', description: 'the commit message (default: the rules the change fixes)' },
  ],
  run: ([paths], options) => {
    const io = remoteIo();
    return remoteCommand(io, (api) => push(api, io, paths, options));
  },
});

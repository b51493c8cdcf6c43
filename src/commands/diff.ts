/**
 * `studio-lint diff`: what changed in flows, widget by widget (issue 28). Two files; files or folders against a
 * git revision (`--since`, HEAD by default); or, for git's textconv, one file as a normalised listing.
 * Exit codes as diff(1) and `git diff --exit-code`: 0 no difference, 1 differences, 2 a usage error or a file
 * that cannot be read.
 */
import chalk from 'chalk';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffFlow, pairFlows, type FlowDiff } from '../diff/diff.js';
import { renderHtml } from '../diff/html.js';
import { renderMarkdown, renderText, textconv } from '../diff/render.js';
import { describeFsError, writeFileAtomic, WriteError } from '../runner/write.js';
import { VERSION } from '../version.js';
import { classify, decodeSource, type FlowEntry } from '../flow/load.js';
import { Flow } from '../flow/model.js';
import { changedFiles, checkRevision, gitRoot, GitError, showAtRevision, showManyAtRevision } from '../runner/git.js';
import { MANIFEST_FILE, readManifest } from '../runner/manifest.js';
import type { StudioApi } from '../twilio/client.js';
import { remoteCommand, remoteIo, type RemoteIo } from './remote.js';
import { EXIT, UsageError, defaultIo, failureExitCode, type Io } from './shared.js';
import { command } from './spec.js';

export interface DiffOptions {
  format?: string;
  since?: string;
  textconv?: boolean;
  color?: boolean;
  remote?: boolean;
  outputFile?: string;
}

const FORMATS = ['text', 'json', 'markdown', 'html'];

/** One side of a comparison: the flows of a file's version, or none (the file is not there). */
interface Side {
  flows: FlowEntry[] | undefined;
}

/** The flows in `bytes` (the file named `label`); not a flow: a UsageError naming the file, unless `optional`. */
function readFlows(label: string, bytes: Buffer | string, optional = false): FlowEntry[] | undefined {
  const source = decodeSource(bytes);
  if (source.utf16) throw new UsageError(`${label}: the file is ${source.utf16}; Studio flows are UTF-8`);
  const c = classify(source.text);
  if (c.kind === 'flows') return c.flows;
  if (optional) return undefined;
  throw new UsageError(`${label}: ${c.kind === 'invalid-json' ? c.message : c.kind === 'not-a-flow' ? `not a Studio flow definition: ${c.reason}` : c.reason}`);
}

function readFile(io: Io, file: string): Buffer {
  try {
    return readFileSync(path.resolve(io.cwd, file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`${file}: ${code === 'EISDIR' ? 'is a folder: compare two files, or a folder with --since' : code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`}`);
  }
}

/** The new and old version of each diffed flow, for the graphs. */
const newVersions = new WeakMap<FlowDiff, FlowEntry>();
const oldVersions = new WeakMap<FlowDiff, FlowEntry>();

function diffSides(file: string, before: Side, after: Side): FlowDiff[] {
  return pairFlows(before.flows ?? [], after.flows ?? []).map((p) => {
    const d = diffFlow(file, p.before, p.after, p.name);
    if (p.after) newVersions.set(d, p.after);
    if (p.before) oldVersions.set(d, p.before);
    return d;
  });
}

/** Files or folders against `ref`: every changed flow file (a file added since is all added, one deleted all removed). */
function diffAgainstRevision(io: Io, targets: string[], ref: string): FlowDiff[] {
  const diffs: FlowDiff[] = [];
  for (const target of targets) {
    // A glob ('flows/*.json', quoted) stands for the folder it starts in.
    const absolute = gitRoot(target, io.cwd);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat && !statSync(path.dirname(absolute), { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${target}: no such file or folder`);
    if (!stat?.isDirectory()) checkRevision(path.dirname(absolute), ref);
    const files = stat?.isDirectory() ? changedFiles(absolute, ref) : [absolute];
    const olds = stat?.isDirectory() ? showManyAtRevision(files, ref) : new Map([[absolute, showAtRevision(absolute, ref)]]);
    for (const file of files) {
      const label = path.relative(io.cwd, file) || file;
      const explicit = !stat?.isDirectory();
      const old = olds.get(file);
      const exists = statSync(file, { throwIfNoEntry: false })?.isFile();
      if (old === undefined && !exists) throw new UsageError(`${label}: no such file, now or at ${ref}`);
      // In a folder, JSON files that are not flows (package.json, settings) are passed over.
      const before: Side = { flows: old === undefined ? undefined : readFlows(`${label} at ${ref}`, old, !explicit) };
      const after: Side = { flows: exists ? readFlows(label, readFile(io, file), !explicit) : undefined };
      if (!before.flows && !after.flows) continue;
      diffs.push(...diffSides(label, before, after));
    }
  }
  return diffs;
}

/**
 * Pulled files against the account's current version of their flow (the SID `pull` recorded in the folder's
 * manifest): what a push would change, or what someone changed in the Console since the pull.
 */
async function diffAgainstAccount(api: StudioApi, io: Io, targets: string[]): Promise<FlowDiff[]> {
  const files: string[] = [];
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${target}: no such file or folder`);
    if (stat.isDirectory()) {
      const pulled = Object.keys(readManifest(absolute).flows).sort();
      // A folder pull never wrote to would otherwise compare nothing and say "no difference" (exit 0), which a
      // drift check in CI would take for a pass.
      if (pulled.length === 0) throw new UsageError(`${target}: no pulled flows (no ${MANIFEST_FILE} records any): pull into it first, or name the pulled folder`);
      files.push(...pulled.map((name) => path.join(absolute, name)));
    } else files.push(absolute);
  }
  const diffs: FlowDiff[] = [];
  for (const file of files) {
    const label = path.relative(io.cwd, file) || file;
    const entry = readManifest(path.dirname(file)).flows[path.basename(file)];
    if (!entry) throw new UsageError(`${label}: not a pulled flow (${path.join(path.dirname(label), MANIFEST_FILE)} has no record of it): pull it first, or compare two files`);
    const remote = await api.fetchFlow(entry.sid);
    const local = statSync(file, { throwIfNoEntry: false })?.isFile() ? readFlows(label, readFile(io, file)) : undefined;
    const account = readFlows(`${label} in the account (${entry.sid}, revision ${remote.revision})`, JSON.stringify(remote.definition));
    diffs.push(...diffSides(label, { flows: account }, { flows: local }));
  }
  return diffs;
}

export function diff(io: Io, paths: string[], options: DiffOptions): number {
  const format = options.format ?? 'text';
  try {
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${format}' (text, json, markdown or html)`);
    if (options.textconv) {
      if (paths.length !== 1) throw new UsageError('--textconv prints one file: give exactly one path');
      const bytes = readFile(io, paths[0]!);
      // git runs the textconv on every file the attribute names: a JSON file that is not a flow (or not UTF-8) shows as it is.
      const flows = decodeSource(bytes).utf16 ? undefined : readFlows(paths[0]!, bytes, true);
      output(io, flows ? flows.map((f) => (flows.length > 1 ? `# ${f.resource?.friendlyName ?? f.resource?.sid ?? ''}\n` : '') + textconv(f.definition)).join('\n') : bytes, options);
      return EXIT.ok;
    }
    let diffs: FlowDiff[];
    if (paths.length === 2 && options.since === undefined) {
      const [oldFile, newFile] = paths as [string, string];
      diffs = diffSides(newFile, { flows: readFlows(oldFile, readFile(io, oldFile)) }, { flows: readFlows(newFile, readFile(io, newFile)) });
    } else {
      diffs = diffAgainstRevision(io, paths.length ? paths : ['.'], options.since ?? 'HEAD');
    }
    output(io, render(io, diffs, format, options), options);
    return diffs.some((d) => d.status !== 'unchanged') ? EXIT.problems : EXIT.ok;
  } catch (error) {
    if (error instanceof GitError) {
      io.stderr(`studio-lint: ${error.message}\n`);
      return EXIT.usage;
    }
    return failureExitCode(error, io);
  }
}

/** `diff --remote`: the account's version of each pulled flow → the file (exit 3 for a Twilio or network failure). */
export async function diffRemote(paths: string[], options: DiffOptions, io: RemoteIo): Promise<number> {
  const format = options.format ?? 'text';
  if (!FORMATS.includes(format)) return failureExitCode(new UsageError(`unknown format '${format}' (text, json, markdown or html)`), io);
  if (options.since !== undefined || options.textconv) return failureExitCode(new UsageError(`--remote compares with the account: not with ${options.since !== undefined ? '--since' : '--textconv'}`), io);
  return remoteCommand(
    io,
    async (api) => {
      const diffs = await diffAgainstAccount(api, io, paths.length ? paths : ['.']);
      output(io, render(io, diffs, format, options), options);
      return diffs.some((d) => d.status !== 'unchanged') ? EXIT.problems : EXIT.ok;
    },
    [UsageError],
  );
}

/** Standard output, or the file of --output-file, written whole or not at all. */
function output(io: Io, text: string | Uint8Array, options: DiffOptions): void {
  const file = options.outputFile;
  if (file === undefined || file === '/dev/stdout') return io.stdout(text);
  if (file === '/dev/stderr') return io.stderr(typeof text === 'string' ? text : Buffer.from(text).toString());
  try {
    const target = path.resolve(io.cwd, file);
    // A FIFO or a device (a process substitution) is written in place, as lint's --output-file does.
    const stat = statSync(target, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) writeFileSync(target, text);
    else writeFileAtomic(target, text);
  } catch (error) {
    throw new UsageError(`--output-file ${file}: cannot write it: ${error instanceof WriteError ? error.reason : describeFsError(error)}`);
  }
}

function render(io: Io, diffs: FlowDiff[], format: string, options: DiffOptions): string {
  if (format === 'html') {
    const flowOf = (entry: FlowEntry | undefined) => entry && new Flow(entry);
    return renderHtml(diffs, { version: VERSION, graphOf: (d) => flowOf(newVersions.get(d)), oldGraphOf: (d) => flowOf(oldVersions.get(d)) });
  }
  if (format === 'json') return JSON.stringify(diffs.filter((d) => d.status !== 'unchanged'), null, 2) + '\n';
  if (format === 'markdown') {
    return renderMarkdown(diffs, {
      graphOf: (d) => {
        const entry = newVersions.get(d);
        return entry && new Flow(entry);
      },
    });
  }
  // --color forces colour; --no-color and NO_COLOR turn it off; otherwise chalk's view (FORCE_COLOR, a terminal), as lint does.
  // A file gets no colour unless --color asks for it, as lint's --output-file.
  const color = options.color === true || (options.color !== false && options.outputFile === undefined && !(io.env ?? process.env).NO_COLOR && (chalk.level > 0 || io.stdoutIsTty));
  return renderText(diffs, { color });
}

export const diffCommand = command<[string[]], DiffOptions>({
  name: 'diff',
  description: 'what changed in flows, widget by widget: two files, or files and folders against a git revision',
  arguments: [['[paths...]', 'two flow files (old, new); or files and folders to compare with --since (default: HEAD)']],
  options: [
    { flags: '-f, --format <name>', description: 'text (default), json, markdown or html', default: 'text' },
    { flags: '-o, --output-file <path>', description: 'write the diff to a file instead of standard output' },
    { flags: '--since <ref>', description: 'compare the files with their version at this git revision (default HEAD when one path is given)' },
    { flags: '--remote', description: 'compare pulled files (or the pulled flows of a folder) with their flow in the account (Twilio credentials from the environment)' },
    { flags: '--textconv', description: 'print one flow as a sorted line-per-value listing, for git diff’s textconv' },
    { flags: '--color', description: 'always colour the output' },
    { flags: '--no-color', description: 'never colour the output' },
  ],
  run: ([paths], options, context) => (options.remote ? diffRemote(paths, options, remoteIo(context)) : diff(defaultIo(context), paths, options)),
});

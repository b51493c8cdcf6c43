/**
 * pull, push and rollback: the round trip between a folder of flow files and the Twilio account, through
 * the Studio v2 REST API. Validated before any write, drafts unless --publish, and never over a revision
 * someone else made after the pull (unless --force).
 */

// What pull, push and rollback share: the remote I/O, the failure mapping, the files a pull tracks.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { classify, decodeSource, type FlowDefinition } from '../flow/load.js';
import type { StudioApi } from '../twilio/client.js';
import { definitionHash, ManifestError, readManifest, MANIFEST_FILE, type Manifest } from '../twilio/manifest.js';
import { displayPath } from '../formatters/paths.js';
import { defaultIo, failureExitCode, type Io } from './shared.js';
import { endProgress } from './progress.js';

export interface RemoteIo extends Io {
  env: NodeJS.ProcessEnv;
  stderrIsTty: boolean;
  /** Opens the API: the real twilio client, loaded only now. */
  connect(env: NodeJS.ProcessEnv): Promise<StudioApi>;
}

/** The twilio package is loaded here, on demand: lint without --remote never imports it. */
export async function openStudioApi(env: NodeJS.ProcessEnv): Promise<StudioApi> {
  const { connect } = await import('../twilio/client.js');
  return connect(env);
}

export function remoteIo(): RemoteIo {
  return { ...defaultIo(), env: process.env, stderrIsTty: !!process.stderr.isTTY, connect: openStudioApi };
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

/** A file's text, or undefined when it cannot be read (gone, a folder in its place). */
export function readText(file: string): string | undefined {
  try {
    return decodeSource(readFileSync(file)).text;
  } catch {
    return undefined;
  }
}

export interface Tracked {
  dir: string;
  manifest: Manifest;
  name: string;
  file: string;
}

/** The tracked files among the given paths (a folder: every file of its manifest). */
export function trackedFiles(io: Io, paths: string[]): { tracked: Tracked[]; problems: string[] } {
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

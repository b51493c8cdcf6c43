/**
 * The manifest `pull` keeps in the flows folder: per file, the flow it came from (SID, friendly name), the
 * revision and status pulled, and a hash of the definition, so that `push` sends only what changed and
 * refuses to overwrite a newer revision someone made in the Console.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../runner/pulled-flows.js';
import { writeFileAtomic } from '../runner/write.js';

export { MANIFEST_FILE };

export interface ManifestEntry {
  sid: string;
  friendlyName: string;
  revision: number;
  status: string;
  /** sha256 of the definition as JSON (definitionHash). */
  hash: string;
  /**
   * The legacy Flex addresses (Flex Flows with a Studio integration) that start this flow, as the account
   * said at the pull: such a flow is in the migration's scope whatever its content.
   */
  legacyAddresses?: string[];
}

export interface Manifest {
  version: 1;
  /** By file name inside the folder. */
  flows: Record<string, ManifestEntry>;
}

/** A manifest that cannot be used (a merge conflict, a hand edit): exit 2, naming the file. */
export class ManifestError extends Error {}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { version: 1, flows: {} };
    throw new ManifestError(`${file}: cannot read it (${(error as { code?: string }).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const conflict = /^(<{7}|={7}|>{7})( |$)/m.test(text) ? ' (it holds merge conflict markers)' : '';
    throw new ManifestError(`${file}: not valid JSON${conflict}: ${error instanceof Error ? error.message : String(error)}; pull into a fresh folder, or repair it`);
  }
  const problem = manifestProblem(value);
  if (problem) throw new ManifestError(`${file}: ${problem}; pull into a fresh folder, or repair it`);
  return value as Manifest;
}

function manifestProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a manifest (expected an object with "version" and "flows")';
  const { version, flows } = value as Record<string, unknown>;
  if (version !== 1) return `unknown manifest version ${JSON.stringify(version)}`;
  if (typeof flows !== 'object' || flows === null || Array.isArray(flows)) return '"flows" must be an object of file names';
  for (const [name, entry] of Object.entries(flows)) {
    // Keys name files inside the folder: nothing that reaches outside it, nothing pull would not write.
    if (!isFlowFileName(name)) {
      return RESERVED.has(name.toLowerCase()) ? `"flows" names '${name}', a file studio-lint or npm reads for itself` : `"flows" names '${name}', which is not a *.json file name inside the folder`;
    }
    const e = entry as Partial<ManifestEntry> | null;
    if (typeof e !== 'object' || e === null || typeof e.sid !== 'string' || !Number.isInteger(e.revision) || typeof e.hash !== 'string') {
      return `the entry for '${name}' needs "sid", "revision" and "hash"`;
    }
  }
  return undefined;
}

/** A plain `*.json` file name: no folder part, not hidden, not `..`. */
export function isFlowFileName(name: string): boolean {
  return /^[^/\\\0]+\.json$/.test(name) && !name.startsWith('.') && !RESERVED.has(name.toLowerCase());
}

/**
 * Names pull never gives a flow: files that configure studio-lint itself (a flow named "studio-lint.config"
 * must not become the folder's config) or that npm reads.
 */
const RESERVED = new Set(['studio-lint.config.json', 'studio-lint-baseline.json', 'package.json', 'package-lock.json', MANIFEST_FILE]);

export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const sorted: Manifest = { version: 1, flows: Object.fromEntries(Object.entries(manifest.flows).sort(([a], [b]) => a.localeCompare(b))) };
  writeFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n', { links: 'refuse' });
}

/** The definition's identity, independent of the file's formatting. */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

/** A definition as Studio exports it: 2-space JSON (plus a final newline, as repositories like it). */
export function exportText(definition: unknown): string {
  return JSON.stringify(definition, null, 2) + '\n';
}

/**
 * A file name from a flow's friendly name: no path separators, no `..`, nothing a file system dislikes;
 * stable (a flow already in the manifest keeps its file) and without clashes (the SID's tail tells apart
 * two flows with the same name, or a flow from a file pull did not write: `occupied`). Undefined when every
 * candidate is taken.
 */
export function fileNameFor(
  friendlyName: string,
  sid: string,
  manifest: Manifest,
  taken: Set<string>,
  occupied: (name: string) => boolean = () => false,
): string | undefined {
  const known = Object.entries(manifest.flows).find(([, e]) => e.sid === sid)?.[0];
  if (known) return known;
  const base =
    friendlyName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80) || sid.toLowerCase();
  const candidates = [`${base}.json`, `${base}-${sid.slice(-8).toLowerCase()}.json`, `${base}-${sid.toLowerCase()}.json`];
  return candidates.find((name) => isFlowFileName(name) && !taken.has(name) && !manifest.flows[name] && !occupied(name));
}

/**
 * The manifest `pull` keeps in the flows folder: per file, the flow it came from (SID, friendly name), the
 * revision and status pulled, and a hash of the definition, so that `push` sends only what changed and
 * refuses to overwrite a newer revision someone made in the Console.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = '.studio-lint-flows.json';

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

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return { version: 1, flows: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const sorted: Manifest = { version: 1, flows: Object.fromEntries(Object.entries(manifest.flows).sort(([a], [b]) => a.localeCompare(b))) };
  writeFileSync(`${file}.tmp`, JSON.stringify(sorted, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
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
 * two flows with the same name).
 */
export function fileNameFor(friendlyName: string, sid: string, manifest: Manifest, taken: Set<string>): string {
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
  let name = `${base}.json`;
  if (taken.has(name) || manifest.flows[name]) name = `${base}-${sid.slice(-8).toLowerCase()}.json`;
  return name;
}

/**
 * The Twilio side of the pull manifest (its file format, reader and writer: src/runner/manifest.ts): the hash
 * that identifies a definition, the text a definition is written as, and the file name a flow gets from its
 * friendly name.
 */
import { createHash } from 'node:crypto';
import { isFlowFileName, type Manifest } from '../runner/manifest.js';

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

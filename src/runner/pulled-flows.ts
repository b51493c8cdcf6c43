/**
 * What `pull` recorded about the flows of a folder (its manifest, `.studio-lint-flows.json`), read once per
 * folder: lint uses the account's word on which flows legacy Flex addresses start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The manifest `pull` writes (src/twilio/manifest.ts reads and writes it; lint only reads it here). */
export const MANIFEST_FILE = '.studio-lint-flows.json';

export class PulledFlows {
  private readonly byFolder = new Map<string, Map<string, string[]>>();

  /** The legacy Flex addresses recorded for the file's flow; undefined when the folder has no record of it. */
  legacyAddresses(filePath: string): string[] | undefined {
    const dir = path.dirname(filePath);
    let recorded = this.byFolder.get(dir);
    if (!recorded) this.byFolder.set(dir, (recorded = readRecorded(dir)));
    return recorded.get(path.basename(filePath));
  }
}

/**
 * A folder without a manifest, or with one that does not parse, has no record: lint decides from the flows'
 * content (pull and push report a broken manifest themselves).
 */
function readRecorded(dir: string): Map<string, string[]> {
  const recorded = new Map<string, string[]>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return recorded;
  }
  const flows = (manifest as { flows?: unknown } | null)?.flows;
  if (!flows || typeof flows !== 'object') return recorded;
  for (const [name, entry] of Object.entries(flows)) {
    const addresses = (entry as { legacyAddresses?: unknown } | null)?.legacyAddresses;
    if (Array.isArray(addresses) && addresses.length > 0) recorded.set(name, addresses.filter((a): a is string => typeof a === 'string'));
  }
  return recorded;
}

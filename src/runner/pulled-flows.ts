/**
 * What `pull` recorded about the flows of a folder (its manifest, `.studio-lint-flows.json`), read once per
 * folder: lint uses the account's word on which flows legacy Flex addresses start.
 */
import path from 'node:path';
import { ManifestError, readManifest } from './manifest.js';

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
 * A folder without a manifest, or with one that cannot be used, has no record: lint decides from the flows'
 * content (pull and push report a broken manifest themselves, with readManifest's message).
 */
function readRecorded(dir: string): Map<string, string[]> {
  const recorded = new Map<string, string[]>();
  let flows;
  try {
    flows = readManifest(dir).flows;
  } catch (error) {
    if (error instanceof ManifestError) return recorded;
    throw error;
  }
  for (const [name, entry] of Object.entries(flows)) {
    if (entry.legacyAddresses?.length) recorded.set(name, entry.legacyAddresses);
  }
  return recorded;
}

/**
 * What `pull` recorded about the flows of a folder (its manifest, `.studio-lint-flows.json`), read once per
 * folder: lint uses the account's word on which flows legacy Flex addresses start, and each file's flow SID
 * (how a Run Subflow widget names the flow it runs).
 */
import path from 'node:path';
import { ManifestError, readManifest } from './manifest.js';

export class PulledFlows {
  private readonly byFolder = new Map<string, Map<string, Recorded>>();

  /** The legacy Flex addresses recorded for the file's flow; undefined when the folder has no record of it. */
  legacyAddresses(filePath: string): string[] | undefined {
    return this.recorded(filePath)?.legacyAddresses;
  }

  /** The SID and friendly name `pull` recorded for the file's flow (the linted set's index finds subflows by them). */
  identity(filePath: string): { sid: string; friendlyName?: string } | undefined {
    return this.recorded(filePath)?.identity;
  }

  /** What pull named of the file's account-specific values, by value; undefined when the folder has no record of the file. */
  references(filePath: string): Record<string, { name?: string; unresolved?: string }> | undefined {
    return this.recorded(filePath)?.references;
  }

  private recorded(filePath: string): Recorded | undefined {
    const dir = path.dirname(filePath);
    let recorded = this.byFolder.get(dir);
    if (!recorded) this.byFolder.set(dir, (recorded = readRecorded(dir)));
    return recorded.get(path.basename(filePath));
  }
}

interface Recorded {
  legacyAddresses?: string[];
  references?: Record<string, { name?: string; unresolved?: string }>;
  identity: { sid: string; friendlyName?: string };
}

/**
 * A folder without a manifest, or with one that cannot be used, has no record: lint decides from the flows'
 * content (pull and push report a broken manifest themselves, with readManifest's message).
 */
function readRecorded(dir: string): Map<string, Recorded> {
  const recorded = new Map<string, Recorded>();
  let flows;
  try {
    flows = readManifest(dir).flows;
  } catch (error) {
    if (error instanceof ManifestError) return recorded;
    throw error;
  }
  for (const [name, entry] of Object.entries(flows)) {
    const record: Recorded = { identity: entry.friendlyName ? { sid: entry.sid, friendlyName: entry.friendlyName } : { sid: entry.sid } };
    if (entry.legacyAddresses?.length) record.legacyAddresses = entry.legacyAddresses;
    record.references = entry.references ?? {};
    recorded.set(name, record);
  }
  return recorded;
}

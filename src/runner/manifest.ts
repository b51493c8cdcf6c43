/**
 * The manifest `pull` keeps in a flows folder (`.studio-lint-flows.json`): per file, the flow it came from
 * (SID, friendly name), the revision and status pulled or pushed, a hash of the definition, and the legacy
 * Flex addresses the account said start the flow. This module is its file format, the one reader (parse and
 * validation, one set of error messages) and the writer; pull, push, rollback and cutover keep it
 * (src/twilio/sync.ts), and lint reads what the account said about a flow's scope (pulled-flows.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SID_PREFIXES, type AccountResourceKind } from '../flow/account-references.js';
import { writeFileAtomic } from './write.js';

export const MANIFEST_FILE = '.studio-lint-flows.json';

export interface ManifestEntry {
  sid: string;
  friendlyName: string;
  revision: number;
  status: string;
  /** sha256 of the definition as JSON (definitionHash in src/twilio/sync.ts). */
  hash: string;
  /**
   * The legacy Flex addresses (Flex Flows with a Studio integration) that start this flow, as the account
   * said at the pull: such a flow is in the migration's scope whatever its content.
   */
  legacyAddresses?: string[];
  /**
   * What each account-specific value of the flow (src/flow/account-references.ts) is in the account it was
   * pulled from, by name, keyed by the value (a SID, a Function domain, a number): what `push --promote` looks
   * up in the target account. A value that could not be named says why.
   */
  references?: Record<string, RecordedReference>;
}

/** A reference named at pull (`name`: the identity, src/twilio/account-resources.ts), or why it was not. */
export type RecordedReference = { kind: AccountResourceKind; name: string } | { kind: AccountResourceKind; unresolved: string };

/** What the last promotion of a file into a target sent: the drift check's reference (push --promote). */
export interface PromotedFlow {
  sid: string;
  friendlyName: string;
  revision: number;
  /** sha256 of the definition sent (definitionHash). */
  hash: string;
  /** sha256 of the source definition it was made from: an unchanged source is not promoted again. */
  sourceHash: string;
}

export interface Manifest {
  version: 1;
  /** The Account SID the flows were pulled from (absent in a manifest written before it was recorded). */
  account?: string;
  /** By file name inside the folder. */
  flows: Record<string, ManifestEntry>;
  /** Per promotion target (an environment of the config): its account, and per file what was promoted. */
  promotions?: Record<string, { account: string; flows: Record<string, PromotedFlow> }>;
}

/** A manifest that cannot be used (a merge conflict, a hand edit): exit 2, naming the file. */
export class ManifestError extends Error {}

/** The folder's manifest; an empty one when the folder has none. Throws ManifestError when it cannot be used. */
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
  const { version, flows, account, promotions } = value as Record<string, unknown>;
  if (version !== 1) return `unknown manifest version ${JSON.stringify(version)}`;
  if (account !== undefined && (typeof account !== 'string' || !/^AC[0-9a-fA-F]{32}$/.test(account))) return '"account" must be an Account SID';
  const promotionsProblem = promotionsProblemOf(promotions);
  if (promotionsProblem) return promotionsProblem;
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
    if (e.legacyAddresses !== undefined && !(Array.isArray(e.legacyAddresses) && e.legacyAddresses.every((a) => typeof a === 'string'))) {
      return `the entry for '${name}' has "legacyAddresses" that are not a list of strings`;
    }
    if (e.references !== undefined && !isRecordOf(e.references, isRecordedReference)) {
      return `the entry for '${name}' has "references" that are not each a kind with a name or an "unresolved" reason`;
    }
  }
  return undefined;
}

const KINDS = new Set<string>([...Object.values(SID_PREFIXES), 'function-domain', 'sid']);

const isRecordOf = (value: unknown, valid: (v: unknown) => boolean) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(valid);

function isRecordedReference(value: unknown): boolean {
  const r = value as { kind?: unknown; name?: unknown; unresolved?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.kind === 'string' && KINDS.has(r.kind) && (typeof r.name === 'string' || typeof r.unresolved === 'string');
}

function promotionsProblemOf(promotions: unknown): string | undefined {
  if (promotions === undefined) return undefined;
  const isPromoted = (v: unknown) => {
    const p = v as Partial<PromotedFlow> | null;
    return typeof p === 'object' && p !== null && typeof p.sid === 'string' && Number.isInteger(p.revision) && typeof p.hash === 'string' && typeof p.sourceHash === 'string';
  };
  const valid = isRecordOf(promotions, (t) => {
    const target = t as { account?: unknown; flows?: unknown } | null;
    return typeof target === 'object' && target !== null && typeof target.account === 'string' && isRecordOf(target.flows, isPromoted);
  });
  return valid ? undefined : '"promotions" must map each target to its "account" and the "flows" promoted there (sid, revision, hash, sourceHash)';
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

/** Writes the manifest atomically, its entries sorted by file name (a stable diff in version control). */
export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const sorted: Manifest = {
    version: 1,
    ...(manifest.account ? { account: manifest.account } : {}),
    flows: Object.fromEntries(Object.entries(manifest.flows).sort(([a], [b]) => a.localeCompare(b))),
    ...(manifest.promotions ? { promotions: manifest.promotions } : {}),
  };
  writeFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n', { links: 'refuse' });
}

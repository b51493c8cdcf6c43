/**
 * --cache: a file's outcome is reused while its content, the configuration and the tool version are the
 * same. A file whose size and modification time are unchanged is not even read; one that was touched is
 * read and hashed, and reused if its content is the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from './write.js';
import { VERSION } from '../version.js';
import type { Target } from './discover.js';
import type { FileJob, FileOutcome } from './process-file.js';

/** Raised when the file's layout changes: 2 counts report offsets in bytes (1 counted UTF-16 units). */
const CACHE_LAYOUT = 3;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  /** What the folder's pull manifest said of the file when it was linted (FileProcessor.recordedFacts). */
  facts?: string;
  /** The outcome without its reports, which are stored raw after the header. */
  outcome: Omit<FileOutcome, 'reports'>;
  /** [offset, length] of each report in the body, in bytes. */
  reports: [number, number][];
}

interface CacheHeader {
  key: string;
  files: Record<string, CacheEntry>;
}

/**
 * The file is a one-line JSON header, a newline, then every report text back to back: a hit slices its
 * reports out of the body instead of JSON-decoding megabytes of escaped report text. The body is never
 * decoded at all: reports are bytes (see FileOutcome.reports), so a hit is a view into the file's buffer.
 */
export class LintCache {
  private readonly key: string;
  private readonly files: Record<string, CacheEntry>;
  private body: Uint8Array = new Uint8Array(0);
  private readonly fresh = new Map<string, FileOutcome>();
  private readonly pending = new Map<string, { size: number; mtimeMs: number; hash: string; facts: string }>();
  private changed = false;

  constructor(
    readonly location: string,
    job: FileJob,
  ) {
    // Everything that changes what a file's outcome says: the tool, the config, the options, the folder
    // the report's paths are relative to; and the layout of this file.
    this.key = createHash('sha1').update(JSON.stringify({ VERSION, CACHE_LAYOUT, job })).digest('hex');
    let header: CacheHeader | undefined;
    try {
      const bytes = existsSync(location) ? readFileSync(location) : Buffer.alloc(0);
      const newline = bytes.indexOf(10);
      header = newline > 0 ? (JSON.parse(bytes.toString('utf8', 0, newline)) as CacheHeader) : undefined;
      if (header?.key === this.key) this.body = bytes.subarray(newline + 1);
      // A body cut short (a full disk, a copy interrupted) would hand out truncated reports: no cache then.
      if (header && this.body.length !== bodyLength(header)) header = undefined;
    } catch {
      header = undefined; // an unreadable cache is no cache
    }
    this.files = header?.key === this.key ? header.files : {};
  }

  /**
   * The stored outcome for a target whose content has not changed, nor what the pull manifest says of it
   * (`facts`: the account's word on its scope, the values pull named); otherwise undefined (and remembered).
   */
  lookup(target: Target, facts = ''): FileOutcome | undefined {
    const stored = this.files[target.path];
    const entry = stored && (stored.facts ?? '') === facts ? stored : undefined;
    const stat = statSync(target.path, { throwIfNoEntry: false });
    // A FIFO can be read once: by the lint, not by a hash first. Nothing is cached for it.
    if (!stat || !stat.isFile()) return undefined;
    if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs) return this.outcome(entry);
    const hash = createHash('sha1').update(readFileSync(target.path)).digest('hex');
    if (entry && entry.hash === hash) {
      entry.mtimeMs = stat.mtimeMs;
      this.changed = true;
      return this.outcome(entry);
    }
    this.pending.set(target.path, { size: stat.size, mtimeMs: stat.mtimeMs, hash, facts });
    return undefined;
  }

  private outcome(entry: CacheEntry): FileOutcome {
    return { ...entry.outcome, reports: entry.reports.map(([offset, length]) => this.body.subarray(offset, offset + length)) };
  }

  store(target: Target, outcome: FileOutcome): void {
    const meta = this.pending.get(target.path);
    if (!meta) return;
    this.fresh.set(target.path, outcome);
    this.files[target.path] = { ...meta, outcome: { ...outcome, reports: undefined } as Omit<FileOutcome, 'reports'>, reports: [] };
    this.changed = true;
  }

  /** A cached outcome found stale for another reason than its file (the subflows it was checked against changed). */
  update(target: Target, outcome: FileOutcome): void {
    const entry = this.files[target.path];
    if (!entry) return;
    this.fresh.set(target.path, outcome);
    this.files[target.path] = { ...entry, outcome: { ...outcome, reports: undefined } as Omit<FileOutcome, 'reports'>, reports: [] };
    this.changed = true;
  }

  /** Writes the cache file if anything changed (rewriting it for nothing would cost more than the run). */
  save(): void {
    if (!this.changed) return;
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (const [file, entry] of Object.entries(this.files)) {
      const reports = this.fresh.get(file)?.reports ?? this.outcome(entry).reports;
      entry.reports = reports.map((r) => {
        parts.push(r);
        const slot: [number, number] = [offset, r.length];
        offset += r.length;
        return slot;
      });
    }
    writeFileAtomic(this.location, Buffer.concat([Buffer.from(JSON.stringify({ key: this.key, files: this.files } satisfies CacheHeader) + '\n'), ...parts]));
  }
}

/** How long the body after the header must be: its reports are stored back to back. */
function bodyLength(header: CacheHeader): number {
  let length = 0;
  for (const entry of Object.values(header.files)) for (const [, n] of entry.reports) length += n;
  return length;
}

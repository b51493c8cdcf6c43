/**
 * The baseline: today's findings, recorded so that a repository full of legacy flows can adopt the linter
 * and fail only on new problems. Entries are keyed by meaning (the findings' fingerprints: rule, flow,
 * widget name, property path, offending text), never by line, so a re-export does not break them.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './write.js';
import { countMessages, type LintMessage, type LintResult } from '../linter/results.js';
import { ConfigError } from '../config/config.js';

export const BASELINE_FILE = 'studio-lint-baseline.json';

export interface BaselineEntry {
  /** The flow file, relative to the baseline's folder, with '/' separators. */
  file: string;
  fingerprint: string;
  /** How many findings share this fingerprint in the file. */
  count: number;
  /** For people reviewing the file: what the finding was. */
  rule: string;
  widget?: string;
  message: string;
}

export interface BaselineFile {
  version: 1;
  entries: BaselineEntry[];
}

/** fingerprint counts by file. */
export type BaselineIndex = Record<string, Record<string, number>>;

export function readBaseline(file: string): BaselineFile {
  let value: BaselineFile;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;
  } catch (error) {
    throw new ConfigError(`${file}: not a readable baseline (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value?.version !== 1 || !Array.isArray(value.entries)) throw new ConfigError(`${file}: not a studio-lint baseline (version 1 with entries)`);
  return value;
}

export function indexBaseline(baseline: BaselineFile): BaselineIndex {
  const index: BaselineIndex = {};
  for (const e of baseline.entries) (index[e.file] ??= {})[e.fingerprint] = (index[e.file]?.[e.fingerprint] ?? 0) + e.count;
  return index;
}

export function entriesFor(file: string, result: LintResult): BaselineEntry[] {
  const byPrint = new Map<string, BaselineEntry>();
  for (const m of result.messages) {
    if (!m.fingerprint || !m.ruleId) continue;
    const known = byPrint.get(m.fingerprint);
    if (known) known.count++;
    else byPrint.set(m.fingerprint, { file, fingerprint: m.fingerprint, count: 1, rule: m.ruleId, ...(m.widget ? { widget: m.widget } : {}), message: m.message });
  }
  return [...byPrint.values()];
}

export function writeBaseline(file: string, entries: BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
  writeFileAtomic(file, JSON.stringify({ version: 1, entries: sorted } satisfies BaselineFile, null, 2) + '\n');
}

/**
 * Drops the messages the baseline knows (as many of each fingerprint as it recorded) and recounts.
 * Returns the fingerprints it used, for the entries that no longer occur.
 */
export function applyBaseline(result: LintResult, known: Record<string, number> | undefined, unsafeFixes = false): Record<string, number> {
  const used: Record<string, number> = {};
  if (!known) return used;
  const kept: LintMessage[] = [];
  for (const m of result.messages) {
    const print = m.fingerprint;
    if (print && (known[print] ?? 0) > (used[print] ?? 0)) {
      used[print] = (used[print] ?? 0) + 1;
      continue;
    }
    kept.push(m);
  }
  if (kept.length === result.messages.length) return used;
  result.messages = kept;
  countMessages(result, unsafeFixes);
  return used;
}

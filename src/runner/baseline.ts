/**
 * The baseline: today's findings, recorded so that a repository full of legacy flows can adopt the linter
 * and fail only on new problems. Entries are keyed by meaning (the findings' fingerprints: rule, flow,
 * widget name, property path, offending text), never by line, so a re-export does not break them.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './write.js';
import { countMessages, fingerprint, type LintMessage, type LintResult } from '../linter/results.js';
import type { FileLint, Finding } from '../linter/lint.js';
import { rulesById } from '../rules/index.js';
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

/**
 * The findings of a linted text the fix loop must leave as they are: those the baseline covers (as many of each
 * fingerprint as it recorded), and every migration finding of a flow whose migration the baseline holds. A
 * baselined flow is one a team has chosen to leave for now, and it still runs on the Programmable Chat path
 * until its cutover: a `--fix` hook or lint-staged that moved its Trigger in an unrelated commit would break it
 * once deployed, and renaming a new `trigger.message` read while the Trigger stays would render it empty (a
 * flow's migration fixes go together or not at all). Ruff likewise leaves the findings `noqa` suppresses
 * unfixed. `--no-baseline` fixes them too.
 */
export function heldFindings(file: FileLint, known: Record<string, number> | undefined): Set<Finding> {
  const held = new Set<Finding>();
  if (!known) return held;
  const used: Record<string, number> = {};
  const heldMigrations = new Set<string>();
  for (const finding of file.findings) {
    if (!finding.ruleId || finding.fatal) continue;
    const print = fingerprint(file, finding);
    if ((known[print] ?? 0) > (used[print] ?? 0)) {
      used[print] = (used[print] ?? 0) + 1;
      held.add(finding);
      if (isMigrationFinding(finding)) heldMigrations.add(finding.flow ?? '');
    }
  }
  if (heldMigrations.size) for (const finding of file.findings) if (isMigrationFinding(finding) && heldMigrations.has(finding.flow ?? '')) held.add(finding);
  return held;
}

const isMigrationFinding = (finding: Finding) => rulesById.get(finding.ruleId ?? '')?.meta.category === 'migration';

import type { LintResult } from '../engine/results.js';
import type { Rule } from '../rules/types.js';

export interface FormatContext {
  cwd: string;
  /** Whether colour is on (chalk decides from NO_COLOR, FORCE_COLOR and the terminal). */
  color: boolean;
  rules: ReadonlyMap<string, Rule>;
  unsafeFixes: boolean;
  version: string;
}

/** What a report's opening and closing need once every file has been formatted. */
export interface Totals {
  files: number;
  errors: number;
  warnings: number;
  fixable: number;
  unsafeFixable: number;
  /** Errors and warnings per rule id ('fatal' for files that could not be linted). */
  byRule: Record<string, { errors: number; warnings: number }>;
}

/**
 * A formatter turns each file's result into text as soon as it exists, so a run over thousands of flows
 * keeps text, not objects (their garbage collection cost more than the linting); the report is assembled
 * at the end as start + the files' texts joined by `separator` + end.
 */
export interface Formatter {
  start?(totals: Totals, context: FormatContext): string;
  /** Text for one file ('' when there is nothing to say). */
  file(result: LintResult, context: FormatContext): string;
  separator?: string;
  end(totals: Totals, context: FormatContext): string;
  /** The results must carry fixes as ranges (costs building every fix's edits). */
  needsEdits?: boolean;
  /** The results must carry fingerprints. */
  needsFingerprints?: boolean;
}

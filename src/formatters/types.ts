import type { LintResult } from '../engine/results.js';
import type { Rule } from '../rules/types.js';

export interface FormatContext {
  cwd: string;
  /** Whether colour is on (chalk decides from NO_COLOR, FORCE_COLOR and the terminal). */
  color: boolean;
  rules: ReadonlyMap<string, Rule>;
  unsafeFixes: boolean;
}

/** What a report's closing lines need once every file has been formatted. */
export interface Totals {
  files: number;
  errors: number;
  warnings: number;
  fixable: number;
  unsafeFixable: number;
}

/**
 * A formatter turns each file's result into text as soon as it exists, so a run over thousands of flows
 * keeps text, not objects (their garbage collection cost more than the linting), then closes the report.
 */
export interface Formatter {
  start?(context: FormatContext): string;
  /** Text for one file ('' when there is nothing to say); files' texts are joined with `separator`. */
  file(result: LintResult, context: FormatContext): string;
  separator?: string;
  end(totals: Totals, context: FormatContext): string;
}

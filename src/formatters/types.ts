import type { LintResult } from '../engine/results.js';
import type { Rule } from '../rules/types.js';

export interface FormatContext {
  cwd: string;
  /** Whether colour is on (chalk decides from NO_COLOR, FORCE_COLOR and the terminal). */
  color: boolean;
  rules: ReadonlyMap<string, Rule>;
  unsafeFixes: boolean;
}

export type Formatter = (results: LintResult[], context: FormatContext) => string;

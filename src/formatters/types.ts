import type { FlowGraph } from '../flow/graph.js';
import type { LintResult } from '../linter/results.js';
import type { Rule } from '../rules/types.js';

export interface FormatContext {
  cwd: string;
  /** Whether colour is on (chalk decides from NO_COLOR, FORCE_COLOR and the terminal). */
  color: boolean;
  rules: ReadonlyMap<string, Rule>;
  unsafeFixes: boolean;
  version: string;
  /** Wrap width for text reports (stylish): the terminal's columns, or 100. */
  columns?: number;
  /** stylish: the source line with a caret under each finding (--code-frame, or the `full` format). */
  codeFrame?: boolean;
  /** SARIF, GitLab and GitHub: paths are relative to this folder (the repository root); SARIF's `automationDetails.id` is the category. */
  repoRoot?: string;
  sarifCategory?: string;
}

/** Counts for one rule over a run. */
export interface RuleCounts {
  errors: number;
  warnings: number;
  /** Findings `--fix` fixes (with --unsafe-fixes, unsafe ones too); absent in old cache entries. */
  fixable?: number;
  /** Findings only `--unsafe-fixes` fixes. */
  unsafeFixable?: number;
}

/** What a report's opening and closing need once every file has been formatted. */
export interface Totals {
  files: number;
  errors: number;
  warnings: number;
  fixable: number;
  unsafeFixable: number;
  /** Errors and warnings per rule id ('fatal' for files that could not be linted). */
  byRule: Record<string, RuleCounts>;
  /** Flows per migration scope decision (from LintResult.migrationScope, when the run decided one). */
  migration?: MigrationCounts;
}

export interface MigrationCounts {
  flex: number;
  none: number;
  /** Decisions per source: config, account, content. */
  decidedBy: Record<string, number>;
}

/** What a formatter may ask for beyond the result: the flows as graphs, the source text, the fix's diff. */
export interface FileExtras {
  /** The file's text (BOM removed): code frames. */
  source?: string;
  /** One per flow definition in the file. */
  flows?: FlowGraph[];
  /** With --fix-dry-run or --diff: the unified diff of the fix. */
  patch?: string;
}

export type { FlowGraph } from '../flow/graph.js';

/**
 * A formatter turns each file's result into text as soon as it exists, so a run over thousands of flows
 * keeps text, not objects (their garbage collection cost more than the linting); the report is assembled
 * at the end as start + the files' texts joined by `separator` + end.
 */
export interface Formatter {
  start?(totals: Totals, context: FormatContext): string;
  /**
   * Text for one file ('' when there is nothing to say), or its UTF-8 bytes: a formatter whose text for one
   * file may run to hundreds of megabytes (a flow with 600,000 findings) encodes it in pieces rather than
   * holding it as one string and then as bytes too.
   */
  file(result: LintResult, context: FormatContext, extras?: FileExtras): string | Uint8Array;
  separator?: string;
  end(totals: Totals, context: FormatContext): string;
  /** The results must carry fixes as ranges (costs building every fix's edits). */
  needsEdits?: boolean;
  /** The results must carry fingerprints. */
  needsFingerprints?: boolean;
  /** Extras the formatter reads (built only when a formatter asks: they cost a flow model or a diff). */
  needsFlows?: boolean;
  needsPatch?: boolean;
  /**
   * A summary of the run for the CI step page ($GITHUB_STEP_SUMMARY), with the graphs of flows with errors;
   * the runner draws those graphs only when a format of the run has a step summary.
   */
  stepSummary?: (totals: Totals, graphs: { file: string; mermaid: string }[]) => string;
}

/**
 * What a rule is: documented data plus one function. The documentation fields are the single source for
 * `studio-lint explain`, `docs/rules/<id>.md` and the SARIF help text (the shape of Ruff's rule docs).
 */
import type { JsonLocator, PointerSegment } from '../flow/locate.js';
import type { Flow, Widget } from '../flow/model.js';
import type { FlowSummary } from '../flow/summary.js';
import type { FixSafety, TextEdit } from '../fixers/edits.js';

export type Severity = 'off' | 'warn' | 'error';
export type { FixSafety };

export interface RuleDocs {
  /** What it does: one paragraph. */
  what: string;
  /** Why is this bad? */
  why: string;
  /** A flow fragment that the rule reports, and the same fragment after the fix (or by hand). */
  example: { before: string; after?: string };
  /** Fix safety: what the fix changes when the flow runs, and why it is safe or unsafe. */
  fixSafety?: string;
}

/** The part of JSON Schema (draft-07) rule options use: the config's validator and editors read it as is. */
export interface OptionSchema {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  /** What editors show on hover. */
  description?: string;
  /** The value the rule uses when the option is not set: the one place it is written (docs, explain and the config schema show it). */
  default?: string | number | boolean;
  enum?: (string | number | boolean)[];
  pattern?: string;
  items?: OptionSchema;
  properties?: Record<string, OptionSchema>;
  propertyNames?: { pattern: string };
  additionalProperties?: boolean | OptionSchema;
}

export interface RuleOptionsSchema {
  type: 'object';
  properties: Record<string, OptionSchema>;
}

export interface RuleMeta {
  id: string;
  type: 'problem' | 'suggestion';
  /**
   * `migration` rules concern the Programmable Chat → Flex Conversations migration and run only on flows in
   * its scope (src/migration/scope.ts); `correctness` rules run on every flow.
   */
  category: 'migration' | 'correctness';
  defaultSeverity: Exclude<Severity, 'off'>;
  /** One line for `studio-lint rules` and SARIF's shortDescription. */
  description: string;
  /** Which fixes the rule can offer: applied by --fix (safe), by --unsafe-fixes (unsafe), or shown only. */
  fixable?: 'safe' | 'unsafe' | 'safe-and-unsafe';
  /**
   * A fix the rule offers only when the user's options supply the replacement (variableMap): not listed as
   * fixable, since by default it never fixes. The linter refuses a fix whose safety neither field declares.
   */
  fixableWithOptions?: FixSafety;
  /** Whether every finding has a fix (`always`) or only some (`sometimes`, the default: Ruff's FixAvailability). */
  fixAvailability?: 'always' | 'sometimes';
  /**
   * The rule's options (`"rule-id": ["error", { … }]` in the config), as a JSON Schema object. It goes into the
   * config schema (scripts/generate-schema.mjs: the compiled validator and dist/schemas/config.schema.json), so
   * an option the schema does not name, or a value it does not allow, exits 2; no schema: no options.
   */
  schema?: RuleOptionsSchema;
  /** The rule's messages by id, with {{placeholders}} (ESLint's meta.messages). */
  messages?: Record<string, string>;
  /** The rule may report suggestions (never applied automatically); the linter refuses them otherwise. */
  hasSuggestions?: boolean;
  /**
   * The rule reads other flows of the linted set (`context.project`): the runner lints a file that runs a
   * subflow after the rest of the set, with the set's index (src/runner/project.ts).
   */
  project?: boolean;
  /**
   * Which of the rule's findings are warnings whatever its severity (a report's `severity: 'warn'`); the linter
   * refuses such a report otherwise. ESLint gives a rule one severity, so the ESLint plugin reports these through
   * a second rule, `<id>/warnings`, which its recommended config sets to warn.
   */
  reportsWarnings?: string;
  docs: RuleDocs;
}

/** Where a finding or an edit sits: a JSON value, its key, or a slice of a decoded string value. */
export interface Location {
  pointer: PointerSegment[];
  /** The member's key instead of its value. */
  key?: boolean;
  /** [start, end) in the decoded string value. */
  slice?: [number, number];
}

export interface Fix {
  safety: FixSafety;
  /** What the fix does, in a few words ("use trigger.conversation.ConversationSid"). */
  description: string;
  /** Built only when needed (fixing, or output that shows the edit): most runs never pay for it. */
  edits: () => TextEdit[];
}

export interface Suggestion {
  description: string;
  edits?: () => TextEdit[];
}

export interface Report {
  at: Location;
  /** The message: `messageId` names one of meta.messages, its {{placeholders}} filled from `data`. */
  messageId?: string;
  /**
   * Frozen data (Object.freeze) says the rule shares it between reports, as it does for every read of one variable
   * path: their message is made once and shared (issue 26: 600,000 findings, 13 distinct messages).
   */
  data?: Record<string, string | number>;
  /** A message spelled out in full, without meta.messages (ESLint allows both; every built-in rule uses messageId). */
  message?: string;
  /** Reports this finding as a warning even when the rule is set to error (an unknown widget type). */
  severity?: 'warn';
  widget?: Widget;
  fix?: Fix;
  suggestions?: Suggestion[];
}

/**
 * What a run knows about the other flows of the linted set (src/runner/project.ts builds it from each file's
 * summary, src/flow/summary.ts): present only when the runner lints a set of files and a flow of the file runs a
 * subflow. Rules that read it say so with `meta.project`; linting one text alone, it is undefined.
 */
export interface ProjectIndex {
  /** The flow of the set with this SID (from the pull manifest, or the Flow resource in the file). */
  bySid(sid: string): ProjectFlow | undefined;
}

export interface ProjectFlow extends FlowSummary {
  /** The file it is in, as the report shows it, with the flow's name when the file holds several. */
  where: string;
}

export type { FlowSummary };

/**
 * What promotion knows of a file in a promoted folder (the config names environments): what `pull` recorded
 * about each account-specific value (by value: its name, or why none), and the texts an environment's map
 * rewrites. Absent when the folder is not promoted, or a text is linted alone.
 */
export interface PromotionFacts {
  recorded: ReadonlyMap<string, { name?: string; unresolved?: string }>;
  mapped: readonly string[];
}

export interface RuleContext {
  flow: Flow;
  /** See PromotionFacts; read by no-unmapped-account-value. */
  promotion?: PromotionFacts;
  /** The other flows of the linted set, when the runner lints a set (see ProjectIndex). */
  project?: ProjectIndex;
  /** Positions in the raw text; built on first use. */
  readonly locator: JsonLocator;
  options: Record<string, unknown>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

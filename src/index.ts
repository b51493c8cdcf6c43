/** The programmatic API: what the CLI does, reachable without a process. */
export { lintFiles, lintPath } from './runner/run.js';
export { activeRules, lintSource, type ActiveRule, type FileLint, type Finding, type LintSettings, type RuleSetting } from './linter/lint.js';
export { toLintResult, type LintMessage, type LintResult } from './linter/results.js';
export { fixSource, verify, MAX_PASSES, type FixOutcome, type FixOptions } from './linter/fix-loop.js';
export { decodeSource, classify, type Classification, type FlowEntry, type SourceText } from './flow/load.js';
export { Flow, TRIGGER_EVENTS, type Widget, type Template, type Reference } from './flow/model.js';
export { JsonLocator, LineIndex } from './flow/locate.js';
export { scanLiquid } from './liquid/scan.js';
export { rules, rulesById } from './rules/index.js';
export type { Rule, RuleMeta, Fix, Severity } from './rules/types.js';
export { runLintCommand } from './commands/lint.js';
export type { Io } from './commands/shared.js';
export { ruleMarkdown, ruleText } from './rules/docs.js';

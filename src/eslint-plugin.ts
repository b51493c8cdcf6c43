/**
 * studio-lint's rules as an ESLint plugin on @eslint/json's JSON language, so that teams on ESLint (and the
 * VS Code ESLint extension) see the same findings and fixes in the editor.
 *
 *   import json from '@eslint/json';
 *   import studioLint from 'studio-lint/eslint-plugin';
 *   export default [{ files: ['flows/**\/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended];
 *
 * Safe fixes are ESLint fixes; unsafe fixes and suggestions are ESLint suggestions (never applied by --fix). A
 * safe fix is an ESLint fix only where the CLI's `--fix` would apply it without a word: the file's safe fixes go
 * through the same behaviour check first (src/linter/fix-loop.ts), and when it holds anything back or lists a
 * value for review, they are offered as suggestions that say why (ESLint applies fixes unseen, on save too).
 * ESLint gives a rule one severity, where some of studio-lint's findings are warnings whatever their rule's
 * (meta.reportsWarnings: Studio's Chat pre-fill, an unknown widget type): those are reported through a second
 * rule, `studio-lint/<id>/warnings`, set to warn in the recommended config, so that ESLint's verdicts are the
 * CLI's. It reports only while `studio-lint/<id>` is on, as the CLI reports nothing of a rule set to off.
 * A rule's options are the ones the CLI's config takes (`'studio-lint/<id>': ['error', { … }]`), checked by
 * ESLint against the rule's meta.schema.
 */
import { activeRules, lintSource, type FileLint, type Finding, type RuleSetting } from './linter/lint.js';
import { fixSource } from './linter/fix-loop.js';
import { LineIndex } from './flow/locate.js';
import type { TextEdit } from './fixers/edits.js';
import { rules } from './rules/index.js';
import { VERSION } from './version.js';

interface Position {
  line: number;
  column: number;
}
interface Fixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}
interface RuleContext {
  filename: string;
  sourceCode: { text: string };
  settings?: Record<string, unknown>;
  /** The rule's options from ESLint's config, `[{ … }]`, already checked against meta.schema. */
  options: unknown[];
  report(descriptor: {
    loc: { start: Position; end: Position };
    message: string;
    fix?: (fixer: Fixer) => unknown[];
    suggest?: { desc: string; fix: (fixer: Fixer) => unknown[] }[];
  }): void;
}

/**
 * One studio-lint run per source text, shared by the plugin's rules (ESLint calls each rule separately): the
 * rules ESLint enabled, each with its options, recorded as ESLint creates them (it creates every rule before
 * it visits the first node, so all are known when the first `Document` handler runs the linter).
 */
interface Run {
  options: Map<string, Record<string, unknown>>;
  file?: FileLint;
  /** Why safe fixes of the file are not ESLint fixes: what the CLI's behaviour check would hold back or list. */
  notSafeHere?: NotSafeHere;
}

interface NotSafeHere {
  reason: string;
  /** The findings it concerns: those whose fixes --fix holds back; undefined, every one of the file. */
  concerns?: (finding: Finding) => boolean;
}
const runs = new WeakMap<object, Run>();

function enable(context: RuleContext, id: string): void {
  let run = runs.get(context.sourceCode);
  // A rule created again, or a run already made: another verify of the same source, perhaps with other rules
  // or options.
  if (!run || run.file || run.options.has(id)) runs.set(context.sourceCode, (run = { options: new Map() }));
  run.options.set(id, (context.options[0] ?? {}) as Record<string, unknown>);
}

function lintOnce(context: RuleContext): FileLint {
  const run = runs.get(context.sourceCode)!;
  if (!run.file) {
    // The settings' variableMap is every rule's, as the config's top-level one; a rule's own options win.
    const variableMap = (context.settings?.['studio-lint'] as { variableMap?: Record<string, string> } | undefined)?.variableMap;
    const settings: Record<string, RuleSetting> = {};
    for (const rule of rules) {
      const options = run.options.get(rule.meta.id);
      // ESLint applies the severity; 'error' here leaves severity 1 to the findings that are warnings of their own.
      settings[rule.meta.id] = options ? { severity: 'error', options } : { severity: 'off' };
    }
    const active = activeRules({ rules: settings, shared: { variableMap } });
    run.file = lintSource(context.filename, { text: context.sourceCode.text, bom: false }, active, { explicit: false });
    if (run.file.findings.some((f) => f.fix?.safety === 'safe')) run.notSafeHere = behaviourVerdict(run.file, active);
  }
  return run.file;
}

/**
 * What the CLI's `--fix` would hold back or list for review in this file (undefined: nothing, the fixes are safe).
 * Fixes it holds back are suggestions, and the others stay fixes: --fix applies exactly those, checked together.
 * A value listed for review is not tied to the fix that made it (a Set Variables widget's fix changes what a later
 * widget sends), so then every safe fix of the file is a suggestion: ESLint applies fixes unseen, on save too.
 */
function behaviourVerdict(file: FileLint, active: ReturnType<typeof activeRules>): NotSafeHere | undefined {
  const outcome = fixSource(file, active);
  if (outcome.failure) return { reason: `studio-lint --fix would not apply them: ${outcome.failure}` };
  const review = outcome.file.behaviourChanges ?? [];
  const changes = [...(outcome.held ?? []), ...review];
  if (changes.length === 0) return undefined;
  const first = changes[0]!;
  const more = changes.length > 1 ? ` (and ${changes.length - 1} more)` : '';
  const reason = `studio-lint's behaviour check: ${first.flow ? `${first.flow}: ` : ''}${first.message}${more}`;
  return review.length === 0 && outcome.isHeld ? { reason, concerns: outcome.isHeld } : { reason };
}

/** The rule that reports what the CLI reports as fatal errors on a flow file. */
const FATAL_CARRIER = 'valid-flow-schema';

const toFixes = (edits: () => TextEdit[]) => (fixer: Fixer) => edits().map((e) => fixer.replaceTextRange([e.start, e.end], e.text));

/** The second rule of a rule whose findings may be warnings of their own (see the top of this file). */
const WARNINGS = '/warnings';

/** `id` reports the rule's findings at its severity; `id/warnings` (warnings: true) those that are warnings of their own. */
function eslintRule(id: string, warnings = false) {
  const rule = rules.find((r) => r.meta.id === id)!;
  const name = warnings ? id + WARNINGS : id;
  return {
    meta: {
      type: rule.meta.type,
      docs: {
        description: warnings ? `${rule.meta.id}'s findings that are warnings whatever its severity: ${rule.meta.reportsWarnings}.` : rule.meta.description,
        url: `https://github.com/studio-lint/studio-lint/blob/main/docs/rules/${id}.md`,
      },
      // A fix the options supply (variableMap) is one too: ESLint refuses a fix or a suggestion meta does not declare.
      ...(rule.meta.fixable || rule.meta.fixableWithOptions === 'safe' ? { fixable: 'code' as const } : {}),
      hasSuggestions: !!(rule.meta.hasSuggestions || rule.meta.fixable || rule.meta.fixableWithOptions),
      // ESLint checks the options against it ("should NOT have additional properties" for an unknown one), as
      // the CLI's config validator does. A rule without options takes an empty object, as the CLI's config does,
      // so that a rule setting copied from studio-lint.config.json (`['error', {}]`) works here too.
      schema: [{ ...(rule.meta.schema ?? { type: 'object', properties: {} }), additionalProperties: false }],
      language: 'json',
    },
    create(context: RuleContext) {
      enable(context, name);
      return {
        Document() {
          const file = lintOnce(context);
          // The warnings' rule follows its rule: nothing while that one is off (and it has the rule's options).
          if (warnings && !runs.get(context.sourceCode)!.options.has(id)) return;
          const lines = new LineIndex(file.source.text);
          // @eslint/json's language counts columns from 1 (columnStart: 1), as studio-lint does.
          const at = (offset: number) => lines.position(offset);
          for (const finding of file.findings) {
            // A file that is a flow but cannot be linted (the pre-v2 export format) is a fatal error for the CLI,
            // with no rule; ESLint only reports through rules, so valid-flow-schema carries it. (Invalid JSON is
            // @eslint/json's parse error, and JSON that is not a flow is none of the plugin's business.)
            if (finding.ruleId !== id && !(finding.ruleId === null && id === FATAL_CARRIER && !warnings)) continue;
            if ((finding.severity === 1) !== warnings) continue;
            const suggest = (finding.suggestions ?? []).filter((s) => s.edits).map((s) => ({ desc: s.description, fix: toFixes(s.edits!) }));
            const verdict = runs.get(context.sourceCode)!.notSafeHere;
            const notSafeHere = verdict && (!verdict.concerns || verdict.concerns(finding)) ? verdict.reason : undefined;
            const safe = finding.fix?.safety === 'safe' && !notSafeHere;
            if (finding.fix?.safety === 'unsafe') suggest.unshift({ desc: `${finding.fix.description} (unsafe)`, fix: toFixes(finding.fix.edits) });
            else if (finding.fix && !safe) suggest.unshift({ desc: `${finding.fix.description} (not applied by --fix here: ${notSafeHere})`, fix: toFixes(finding.fix.edits) });
            context.report({
              loc: { start: at(finding.range.start), end: at(finding.range.end) },
              message: finding.message,
              ...(safe ? { fix: toFixes(finding.fix!.edits) } : {}),
              ...(suggest.length ? { suggest } : {}),
            });
          }
        },
      };
    },
  };
}

const pluginRules = Object.fromEntries(
  rules.flatMap((r): [string, ReturnType<typeof eslintRule>][] => [[r.meta.id, eslintRule(r.meta.id)], ...(r.meta.reportsWarnings ? [[r.meta.id + WARNINGS, eslintRule(r.meta.id, true)] as [string, ReturnType<typeof eslintRule>]] : [])]),
);

const plugin = {
  meta: { name: 'studio-lint', version: VERSION },
  rules: pluginRules,
  configs: {} as { recommended: { plugins: Record<string, unknown>; rules: Record<string, 'off' | 'warn' | 'error'> } },
};

plugin.configs.recommended = {
  plugins: { 'studio-lint': plugin },
  rules: Object.fromEntries(
    rules.flatMap((r): [string, 'off' | 'warn' | 'error'][] => [[`studio-lint/${r.meta.id}`, r.meta.defaultSeverity], ...(r.meta.reportsWarnings ? [[`studio-lint/${r.meta.id}${WARNINGS}`, 'warn'] as [string, 'warn']] : [])]),
  ),
};

export default plugin;

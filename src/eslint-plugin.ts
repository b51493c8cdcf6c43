/**
 * studio-lint's rules as an ESLint plugin on @eslint/json's JSON language, so that teams on ESLint (and the
 * VS Code ESLint extension) see the same findings and fixes in the editor.
 *
 *   import json from '@eslint/json';
 *   import studioLint from 'studio-lint/eslint-plugin';
 *   export default [{ files: ['flows/**\/*.json'], plugins: { json }, language: 'json/json' }, studioLint.configs.recommended];
 *
 * Safe fixes are ESLint fixes; unsafe fixes and suggestions are ESLint suggestions (never applied by --fix).
 */
import { activeRules, lintSource, type FileLint } from './linter/lint.js';
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
  report(descriptor: {
    loc: { start: Position; end: Position };
    message: string;
    fix?: (fixer: Fixer) => unknown[];
    suggest?: { desc: string; fix: (fixer: Fixer) => unknown[] }[];
  }): void;
}

/** One studio-lint run per source text, shared by the plugin's rules (ESLint calls each rule separately). */
const runs = new WeakMap<object, FileLint>();
function lintOnce(context: RuleContext): FileLint {
  let file = runs.get(context.sourceCode);
  if (!file) {
    const variableMap = (context.settings?.['studio-lint'] as { variableMap?: Record<string, string> } | undefined)?.variableMap;
    file = lintSource(context.filename, { text: context.sourceCode.text, bom: false }, activeRules({ shared: { variableMap } }), { explicit: false });
    runs.set(context.sourceCode, file);
  }
  return file;
}

/** The rule that reports what the CLI reports as fatal errors on a flow file. */
const FATAL_CARRIER = 'valid-flow-schema';

const toFixes = (edits: () => TextEdit[]) => (fixer: Fixer) => edits().map((e) => fixer.replaceTextRange([e.start, e.end], e.text));

function eslintRule(id: string) {
  const rule = rules.find((r) => r.meta.id === id)!;
  return {
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.description, url: `https://github.com/studio-lint/studio-lint/blob/main/docs/rules/${id}.md` },
      ...(rule.meta.fixable ? { fixable: 'code' as const } : {}),
      hasSuggestions: !!(rule.meta.hasSuggestions || rule.meta.fixable),
      schema: [],
      language: 'json',
    },
    create(context: RuleContext) {
      return {
        Document() {
          const file = lintOnce(context);
          const lines = new LineIndex(file.source.text);
          // @eslint/json's language counts columns from 1 (columnStart: 1), as studio-lint does.
          const at = (offset: number) => lines.position(offset);
          for (const finding of file.findings) {
            // A file that is a flow but cannot be linted (the pre-v2 export format) is a fatal error for the CLI,
            // with no rule; ESLint only reports through rules, so valid-flow-schema carries it. (Invalid JSON is
            // @eslint/json's parse error, and JSON that is not a flow is none of the plugin's business.)
            if (finding.ruleId !== id && !(finding.ruleId === null && id === FATAL_CARRIER)) continue;
            const suggest = (finding.suggestions ?? []).filter((s) => s.edits).map((s) => ({ desc: s.description, fix: toFixes(s.edits!) }));
            if (finding.fix?.safety === 'unsafe') suggest.unshift({ desc: `${finding.fix.description} (unsafe)`, fix: toFixes(finding.fix.edits) });
            context.report({
              loc: { start: at(finding.range.start), end: at(finding.range.end) },
              message: finding.message,
              ...(finding.fix?.safety === 'safe' ? { fix: toFixes(finding.fix.edits) } : {}),
              ...(suggest.length ? { suggest } : {}),
            });
          }
        },
      };
    },
  };
}

const pluginRules = Object.fromEntries(rules.map((r) => [r.meta.id, eslintRule(r.meta.id)]));

const plugin = {
  meta: { name: 'studio-lint', version: VERSION },
  rules: pluginRules,
  configs: {} as { recommended: { plugins: Record<string, unknown>; rules: Record<string, 'off' | 'warn' | 'error'> } },
};

plugin.configs.recommended = {
  plugins: { 'studio-lint': plugin },
  rules: Object.fromEntries(rules.map((r) => [`studio-lint/${r.meta.id}`, r.meta.defaultSeverity])),
};

export default plugin;

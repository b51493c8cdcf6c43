import { ruleText } from '../rules/docs.js';
import { rules, rulesById } from '../rules/index.js';

/** `studio-lint rules`: one line per rule. */
export function printRules(): string {
  const rows = rules.map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.fixable ?? (r.meta.hasSuggestions ? 'suggestions' : '-'), r.meta.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')).join('\n') + '\n';
}

/** `studio-lint explain <rule>`: what it does, why, an example, fix safety. Undefined for an unknown rule. */
export function explainRule(id: string): string | undefined {
  const rule = rulesById.get(id);
  return rule && ruleText(rule);
}

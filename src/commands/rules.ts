import { rules } from '../rules/index.js';
import { EXIT } from '../exit-codes.js';
import { command } from './spec.js';

/** `studio-lint rules`: one line per rule. */
export function printRules(): string {
  const rows = rules.map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.fixable ?? (r.meta.hasSuggestions ? 'suggestions' : '-'), r.meta.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')).join('\n') + '\n';
}

export const rulesCommand = command<[], object>({
  name: 'rules',
  description: 'list the rules: id, default severity, fixable, description',
  run: (_args, _options, context) => {
    context.stdout(printRules());
    return EXIT.ok;
  },
});

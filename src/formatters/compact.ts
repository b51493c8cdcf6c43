import { displayPath } from './paths.js';
import { printable } from './printable.js';
import type { Formatter } from './types.js';

/** One line per finding, `file:line:col: severity rule message`: what editors' problem matchers read. */
export const compact: Formatter = {
  file: (result, context) =>
    result.messages
      .map((m) => `${printable(displayPath(context.cwd, result.filePath))}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId ?? 'fatal'} ${printable(m.message)}\n`)
      .join(''),
  end: (totals) => {
    const total = totals.errors + totals.warnings;
    return total === 0 ? '' : `\n${total} problem${total === 1 ? '' : 's'}\n`;
  },
};

/**
 * The default, for people: findings grouped by file, aligned columns, a summary that says what --fix can do.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { displayPath } from './paths.js';
import { printable } from './printable.js';
import type { FormatContext, Formatter } from './types.js';

const chalkFor = (context: FormatContext): ChalkInstance => new Chalk({ level: context.color ? 1 : 0 });

export const stylish: Formatter = {
  file(result, context) {
    if (result.messages.length === 0) return '';
    const chalk = chalkFor(context);
    const rows = result.messages.map((m) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? 'error' : 'warning',
      (m.fixSafety === 'safe' || (m.fixSafety && context.unsafeFixes) ? '[*] ' : m.fixSafety ? '[-] ' : '') + printable(m.message),
      m.ruleId ?? '',
    ]);
    const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    let out = '\n' + chalk.underline(printable(displayPath(context.cwd, result.filePath))) + '\n';
    for (const [position, severity, message, rule] of rows) {
      const sev = severity === 'error' ? chalk.red(severity.padEnd(width[1]!)) : chalk.yellow(severity!.padEnd(width[1]!));
      out += `  ${chalk.dim(position!.padEnd(width[0]!))}  ${sev}  ${message}  ${chalk.dim(rule)}\n`;
    }
    return out;
  },
  end(totals, context) {
    const chalk = chalkFor(context);
    const total = totals.errors + totals.warnings;
    if (total === 0) return '';
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const colour = totals.errors > 0 ? chalk.red.bold : chalk.yellow.bold;
    let out = '\n' + colour(`✖ ${plural(total, 'problem')} (${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')})`) + '\n';
    if (totals.fixable > 0) out += colour(`  ${totals.fixable} fixable with the \`--fix\` option ([*]).`) + '\n';
    if (totals.unsafeFixable > 0) out += chalk.dim(`  ${totals.unsafeFixable} more fixable with \`--fix --unsafe-fixes\` ([-]).`) + '\n';
    return out;
  },
};

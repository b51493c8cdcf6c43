/**
 * The default, for people: findings grouped by file, aligned columns, a summary that says what --fix can do.
 */
import path from 'node:path';
import { Chalk } from 'chalk';
import type { Formatter } from './types.js';

export const stylish: Formatter = (results, context) => {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  let out = '';
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  let unsafe = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixable += result.fixableErrorCount + result.fixableWarningCount;
    unsafe += result.unsafeFixableCount;
    const rows = result.messages.map((m) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? 'error' : 'warning',
      (m.fixSafety === 'safe' || (m.fixSafety && context.unsafeFixes) ? '[*] ' : m.fixSafety ? '[-] ' : '') + m.message,
      m.ruleId ?? '',
    ]);
    const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    out += '\n' + chalk.underline(path.relative(context.cwd, result.filePath) || result.filePath) + '\n';
    for (const [position, severity, message, rule] of rows) {
      const sev = severity === 'error' ? chalk.red(severity.padEnd(width[1]!)) : chalk.yellow(severity!.padEnd(width[1]!));
      out += `  ${chalk.dim(position!.padEnd(width[0]!))}  ${sev}  ${message}  ${chalk.dim(rule)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const colour = errors > 0 ? chalk.red.bold : chalk.yellow.bold;
  out += '\n' + colour(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`) + '\n';
  if (fixable > 0) out += colour(`  ${fixable} fixable with the \`--fix\` option ([*]).`) + '\n';
  if (unsafe > 0) out += chalk.dim(`  ${unsafe} more fixable with \`--fix --unsafe-fixes\` ([-]).`) + '\n';
  return out;
};

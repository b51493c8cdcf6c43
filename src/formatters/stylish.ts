/**
 * The default, for people: findings grouped by file, aligned columns with the widget's name, messages wrapped
 * to the terminal (100 columns when it is not one), a summary that says what --fix can do. With --code-frame
 * (or the `full` format) each finding shows its source line with a caret under the exact characters, also
 * inside a JSON string holding JSON and Liquid.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { displayPath } from './paths.js';
import { printable } from './printable.js';
import type { FileExtras, FormatContext, Formatter } from './types.js';

const chalkFor = (context: FormatContext): ChalkInstance => new Chalk({ level: context.color ? 1 : 0 });

/** Widget names longer than this are cut: the message needs the room. */
const WIDGET_WIDTH = 24;
const DEFAULT_COLUMNS = 100;

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/** Words into lines of at most `width` characters; a word longer than that is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      line = '';
      // A dotted variable path breaks after its last dot that fits, so no name is cut in two.
      const dot = word.lastIndexOf('.', width - 1);
      const cut = dot > 0 ? dot + 1 : width;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

export const stylish: Formatter = {
  file(result, context, extras?: FileExtras) {
    if (result.messages.length === 0) return '';
    const chalk = chalkFor(context);
    const columns = Math.max(60, context.columns ?? DEFAULT_COLUMNS);
    const rows = result.messages.map((m) => ({
      position: `${m.line}:${m.column}`,
      severity: m.severity === 2 ? 'error' : 'warning',
      widget: clip(printable(m.widget ?? ''), WIDGET_WIDTH),
      message: (m.fixSafety === 'safe' || (m.fixSafety && context.unsafeFixes) ? '[*] ' : m.fixSafety ? '[-] ' : '') + printable(m.message),
      rule: m.ruleId ?? '',
      m,
    }));
    const width = {
      position: Math.max(...rows.map((r) => r.position.length)),
      severity: Math.max(...rows.map((r) => r.severity.length)),
      widget: Math.max(...rows.map((r) => r.widget.length)),
    };
    const indent = 2 + width.position + 2 + width.severity + 2 + (width.widget ? width.widget + 2 : 0);
    const room = Math.max(30, columns - indent);
    const frames = context.codeFrame && extras?.source !== undefined ? new CodeFrames(extras.source) : undefined;
    let out = '\n' + chalk.underline(printable(displayPath(context.cwd, result.filePath))) + '\n';
    for (const r of rows) {
      const sev = r.severity === 'error' ? chalk.red(r.severity.padEnd(width.severity)) : chalk.yellow(r.severity.padEnd(width.severity));
      const widget = width.widget ? chalk.bold(r.widget.padEnd(width.widget)) + '  ' : '';
      const lines = r.message.length + 2 + r.rule.length <= room ? [r.message] : wrap(r.message, room);
      const last = lines.length - 1;
      const pad = ' '.repeat(indent);
      // The rule id follows the message's last line, or takes a line of its own when it does not fit.
      const ruleOwnLine = lines[last]!.length + 2 + r.rule.length > room;
      out += `  ${chalk.dim(r.position.padEnd(width.position))}  ${sev}  ${widget}`;
      lines.forEach((line, i) => {
        if (i > 0) out += pad;
        out += line + (i === last && !ruleOwnLine && r.rule ? `  ${chalk.dim(r.rule)}` : '') + '\n';
      });
      if (ruleOwnLine && r.rule) out += pad + chalk.dim(r.rule) + '\n';
      if (frames) out += frames.frame(r.m, columns, chalk);
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
    // "Potentially", as ESLint says it: --fix checks what the fixed flow does and holds back a fix that would change a
    // route or a Send to Flex hand-over unsaid (src/linter/fix-loop.ts), which a lint without a fix mode does not run.
    if (totals.fixable > 0) out += colour(`  ${totals.fixable} potentially fixable with the \`--fix\` option ([*]).`) + '\n';
    if (totals.unsafeFixable > 0) out += chalk.dim(`  ${totals.unsafeFixable} more potentially fixable with \`--fix --unsafe-fixes\` ([-]).`) + '\n';
    return out;
  },
};

/** stylish with code frames, like Ruff's `full`. */
export const full: Formatter = {
  ...stylish,
  file: (result, context, extras) => stylish.file(result, { ...context, codeFrame: true }, extras),
};

/** Source lines with carets, for one file. */
class CodeFrames {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private line(n: number): string {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    const start = this.starts[n - 1];
    if (start === undefined) return '';
    const end = this.starts[n] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, '');
  }

  /**
   * The finding's first line with carets from its column to its end (or the line's end), cut to a window
   * around the carets when the line is wider than the terminal: a flow's attributes JSON is one long line.
   */
  frame(m: { line: number; column: number; endLine: number; endColumn: number }, columns: number, chalk: ChalkInstance): string {
    const source = this.line(m.line).replace(/\t/g, ' ');
    const gutter = String(m.line);
    const head = `    ${gutter} | `;
    const room = Math.max(20, columns - head.length);
    const from = m.column - 1;
    const to = Math.max(from + 1, m.endLine === m.line ? m.endColumn - 1 : source.length);
    let start = 0;
    if (source.length > room) start = Math.max(0, Math.min(from - Math.floor(room / 4), source.length - room));
    const end = Math.min(source.length, start + room);
    let shown = source.slice(start, end);
    let offset = from - start;
    if (start > 0) {
      shown = '…' + shown.slice(1);
      offset = Math.max(offset, 1);
    }
    if (end < source.length) shown = shown.slice(0, -1) + '…';
    const carets = Math.max(1, Math.min(to - from, shown.length - offset));
    const blank = `    ${' '.repeat(gutter.length)} | `;
    return chalk.dim(head) + shown + '\n' + chalk.dim(blank) + ' '.repeat(offset) + chalk.red('^'.repeat(carets)) + '\n';
  }
}

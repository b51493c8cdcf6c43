/**
 * GitHub Actions workflow commands: an annotation per finding. GitHub shows only 10 error and 10 warning
 * annotations per step, so the command also writes a summary to $GITHUB_STEP_SUMMARY (githubSummary).
 */
import { displayPath } from './paths.js';
import { printable } from './printable.js';
import type { Formatter, Totals } from './types.js';

/**
 * GitHub's escaping of a workflow command's data (%, CR, LF: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts),
 * then the other control characters (an escape sequence, a bell from a file or widget name) shown as \u escapes,
 * as the other formats do, instead of reaching the workflow log raw.
 */
const escapeData = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: Formatter = {
  file: (result, context) =>
    result.messages
      .map((m) => {
        const kind = m.severity === 2 ? 'error' : 'warning';
        // From the repository root, as GitHub places annotations, also when run in a subfolder (a step's
        // working-directory): https://github.com/norio-nomura/action-swiftlint/pull/36
        const where = `file=${escapeProperty(displayPath(context.repoRoot ?? context.cwd, result.filePath))},line=${m.line},endLine=${m.endLine},col=${m.column},endColumn=${m.endColumn}`;
        return `::${kind} ${where},title=${escapeProperty(m.ruleId ?? 'studio-lint')}::${escapeData(m.message)}\n`;
      })
      .join(''),
  end: () => '',
  stepSummary: githubSummary,
};

/** GitHub shows at most this many annotations of each kind per step. */
export const ANNOTATION_CAP = 10;

/** At most this many flow graphs in a summary, and only flows GitHub can draw comfortably. */
const MAX_GRAPHS = 5;
const MAX_GRAPH_NODES = 150;

export function githubSummary(totals: Totals, graphs: { file: string; mermaid: string }[] = []): string {
  const total = totals.errors + totals.warnings;
  let out = `## studio-lint\n\n`;
  if (total === 0) return out + `No problems in ${totals.files} flow file${totals.files === 1 ? '' : 's'}.\n`;
  out += `${totals.errors} error${totals.errors === 1 ? '' : 's'} and ${totals.warnings} warning${totals.warnings === 1 ? '' : 's'} in ${totals.files} flow file${totals.files === 1 ? '' : 's'}.`;
  if (totals.fixable > 0) out += ` ${totals.fixable} potentially fixable with \`studio-lint --fix\`.`;
  out += '\n\n| rule | errors | warnings |\n| --- | ---: | ---: |\n';
  for (const [rule, counts] of Object.entries(totals.byRule).sort((a, b) => b[1].errors + b[1].warnings - (a[1].errors + a[1].warnings))) {
    out += `| \`${rule}\` | ${counts.errors} | ${counts.warnings} |\n`;
  }
  const hiddenErrors = Math.max(0, totals.errors - ANNOTATION_CAP);
  const hiddenWarnings = Math.max(0, totals.warnings - ANNOTATION_CAP);
  if (hiddenErrors + hiddenWarnings > 0) {
    out += `\nGitHub shows ${ANNOTATION_CAP} error and ${ANNOTATION_CAP} warning annotations per step: ${hiddenErrors} error${hiddenErrors === 1 ? '' : 's'} and ${hiddenWarnings} warning${hiddenWarnings === 1 ? '' : 's'} appear only in the log above (or upload the SARIF report to code scanning).\n`;
  }
  const drawable = graphs.filter((g) => g.mermaid.split('\n').length < MAX_GRAPH_NODES * 3);
  for (const g of drawable.slice(0, MAX_GRAPHS)) {
    const file = g.file.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
    out += `\n<details><summary>${file} (widgets with errors in red)</summary>\n\n\`\`\`mermaid\n${g.mermaid}\`\`\`\n\n</details>\n`;
  }
  if (drawable.length > MAX_GRAPHS) out += `\n(${drawable.length - MAX_GRAPHS} more flow${drawable.length - MAX_GRAPHS === 1 ? '' : 's'} with errors: \`studio-lint graph <file>\` draws them.)\n`;
  return out;
}

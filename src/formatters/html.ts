/**
 * One self-contained HTML page for people: a summary (findings per rule and severity, what --fix can do, the
 * migration's scope decision per flow), then per file its flows drawn as graphs with each widget coloured by
 * its worst finding, the findings by widget, and with --fix-dry-run or --diff the fix's diff.
 *
 * Nothing is fetched when the page opens (styles and the script are inline; a Content-Security-Policy forbids
 * any request). Each file's data is an inert JSON block that the script turns into a graph and lists only when
 * the file is opened, so a report of 1,000 flows opens and scrolls like a list of 1,000 lines.
 */
import { displayPath } from './paths.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import type { FileExtras, FormatContext, Formatter, Totals } from './types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script>: no '<' at all, so neither '</script>' nor '<!--' can occur. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export const html: Formatter = {
  start(_totals, context) {
    return (
      '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      // The page may run its own inline script and style, and nothing else: no request leaves it.
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      `<title>studio-lint report</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n<main id="report">\n` +
      `<header class="top"><h1>studio-lint report</h1><span class="meta">studio-lint ${esc(context.version)}</span></header>\n` +
      '<div class="toolbar" id="toolbar"><input id="filter" type="search" placeholder="Filter files and flows…" aria-label="Filter files">' +
      '<label><input type="radio" name="show" value="all" checked> all</label>' +
      '<label><input type="radio" name="show" value="errors"> with errors</label>' +
      '<label><input type="radio" name="show" value="warnings"> with warnings</label>' +
      '<label><input type="radio" name="show" value="clean"> clean</label>' +
      '<span id="shown" class="meta"></span></div>\n<div id="files">\n'
    );
  },

  file(result, context, extras: FileExtras = {}) {
    const file = displayPath(context.cwd, result.filePath);
    const rules: string[] = [];
    const messages: string[] = [];
    const ruleIndex = new Map<string, number>();
    const messageIndex = new Map<string, number>();
    const indexOf = (map: Map<string, number>, list: string[], key: string) => {
      let i = map.get(key);
      if (i === undefined) {
        i = list.push(key) - 1;
        map.set(key, i);
      }
      return i;
    };
    // A finding: [line, column, endLine, endColumn, severity, rule, message, widget, flow, fix]; rules and
    // messages by index, since a flow repeats them.
    const findings = result.messages.map((m) => [
      m.line,
      m.column,
      m.endLine,
      m.endColumn,
      m.severity,
      indexOf(ruleIndex, rules, m.ruleId ?? 'fatal'),
      indexOf(messageIndex, messages, m.message),
      m.widget ?? null,
      m.flow ?? null,
      m.fixSafety === 'safe' || (m.fixSafety && context.unsafeFixes) ? 1 : m.fixSafety ? 2 : 0,
    ]);
    const flows = (extras.flows ?? []).map((f) => ({
      n: f.name ?? null,
      w: f.widgets.map((w) => (w.x === undefined ? [w.name, w.type] : [w.name, w.type, w.x, w.y])),
      e: f.edges.map((e) => [e.from, e.to, e.label, e.missing ? 1 : 0]),
      // Only a flow with marks carries them: a lint report's size stays as it was.
      ...(f.marks && Object.keys(f.marks).length ? { k: f.marks } : {}),
    }));
    const data = { rules, messages, findings, flows, patch: extras.patch ?? null, scope: result.migrationScope ?? null };
    const fixable = result.fixableErrorCount + result.fixableWarningCount;
    const state = result.errorCount > 0 ? 'errors' : result.warningCount > 0 ? 'warnings' : 'clean';
    const badges =
      (result.errorCount ? `<span class="badge error">${plural(result.errorCount, 'error')}</span>` : '') +
      (result.warningCount ? `<span class="badge warning">${plural(result.warningCount, 'warning')}</span>` : '') +
      (fixable ? `<span class="badge fix">${fixable} fixable</span>` : '') +
      (result.errorCount + result.warningCount === 0 ? '<span class="badge clean">no problems</span>' : '') +
      (extras.patch ? '<span class="badge diff">diff</span>' : '');
    const scope = (result.migrationScope ?? [])
      .map((s) => `<span class="badge scope-${s.migration}" title="${esc(s.evidence.join('\n'))}">${s.flow ? `${esc(s.flow)}: ` : ''}${s.migration === 'flex' ? 'migrates to Flex' : 'out of scope'} · ${s.decidedBy}</span>`)
      .join('');
    const names = (extras.flows ?? []).map((f) => f.name ?? '').join(' ');
    // The behaviour check after a fix (issue 24): what the fixed flows do differently that no finding reports.
    const changes = [
      ...(result.heldBack ?? []).map((c) => `<li class="held">fix held back: ${esc(c.message)}</li>`),
      ...(result.behaviourChanges ?? []).map((c) => `<li class="review">changed by the fix, to review: ${esc(c.message)}</li>`),
    ];
    const behaviour = changes.length ? `<div class="behaviour"><ul>${changes.join('')}</ul></div>` : '';
    const behaviourBadge = changes.length ? `<span class="badge diff">${plural(changes.length, 'behaviour change')}</span>` : '';
    return (
      `<details class="file ${state}" data-file="${esc(file)}" data-names="${esc(names)}" data-errors="${result.errorCount}" data-warnings="${result.warningCount}">` +
      `<summary><span class="path">${esc(file)}</span>${badges}${behaviourBadge}${scope}</summary>${behaviour}` +
      `<script type="application/json">${scriptJson(data)}</script></details>\n`
    );
  },

  end(totals, context) {
    return `</div>\n${summary(totals, context)}</main>\n<script>${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
  },
  needsFlows: true,
  needsPatch: true,
};

/** Emitted last (it needs every file's counts) and shown first (CSS order). */
function summary(totals: Totals, context: FormatContext): string {
  const total = totals.errors + totals.warnings;
  const card = (value: number, label: string, kind = '') => `<div class="card ${kind}"><b>${value.toLocaleString('en-US')}</b><span>${label}</span></div>`;
  let out = '<section id="summary">\n<div class="cards">';
  out += card(totals.files, totals.files === 1 ? 'file' : 'files');
  out += card(totals.errors, totals.errors === 1 ? 'error' : 'errors', totals.errors ? 'error' : '');
  out += card(totals.warnings, totals.warnings === 1 ? 'warning' : 'warnings', totals.warnings ? 'warning' : '');
  out += card(totals.fixable, 'potentially fixable with --fix', totals.fixable ? 'fix' : '');
  if (totals.unsafeFixable) out += card(totals.unsafeFixable, 'more with --unsafe-fixes', 'unsafe');
  out += '</div>\n';
  if (totals.migration) {
    const m = totals.migration;
    const by = Object.entries(m.decidedBy).map(([k, n]) => `${n} by ${esc(k)}`).join(', ');
    out += `<h2>Migration scope</h2>\n<p class="scope-line"><span class="badge scope-flex">${plural(m.flex, 'flow')} migrate to Flex</span><span class="badge scope-none">${plural(m.none, 'flow')} out of scope</span><span class="meta">decided ${by}</span></p>\n`;
    out += '<details class="scope-table"><summary>Scope decision per flow</summary><table id="scope"><thead><tr><th>file</th><th>flow</th><th>decision</th><th>decided by</th><th>evidence</th></tr></thead><tbody></tbody></table></details>\n';
  }
  if (total === 0) return out + `<p class="clean-line">No problems in ${plural(totals.files, 'flow file')}.</p>\n</section>\n`;
  out += '<h2>Findings per rule</h2>\n<table class="rules"><thead><tr><th>rule</th><th class="n">errors</th><th class="n">warnings</th><th class="n">fixable</th><th class="n">unsafe</th><th>what it reports</th></tr></thead><tbody>\n';
  const rows = Object.entries(totals.byRule).sort((a, b) => b[1].errors + b[1].warnings - (a[1].errors + a[1].warnings) || a[0].localeCompare(b[0]));
  for (const [rule, counts] of rows) {
    const description = context.rules.get(rule)?.meta.description ?? 'files that could not be linted';
    out += `<tr data-rule="${esc(rule)}"><td><code>${esc(rule)}</code></td><td class="n">${counts.errors || ''}</td><td class="n">${counts.warnings || ''}</td><td class="n">${counts.fixable || ''}</td><td class="n">${counts.unsafeFixable || ''}</td><td>${esc(description)}</td></tr>\n`;
  }
  return out + '</tbody></table>\n</section>\n';
}

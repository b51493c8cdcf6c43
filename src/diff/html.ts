/**
 * `studio-lint diff -f html`: the HTML report's page (its style, its script, its graph) for a review of flow
 * changes: per file, each flow's new version drawn with the widgets the diff names ringed (added, changed or
 * renamed, moved; removed ones drawn beside it), and the changes listed by widget. Self-contained like the report:
 * nothing is fetched when it opens.
 */
import { flowGraph, type FlowGraph, type WidgetMark } from '../flow/graph.js';
import type { Flow } from '../flow/model.js';
import { HTML_SCRIPT, HTML_STYLE } from '../formatters/html-assets.js';
import type { FlowDiff } from './diff.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const shown = (value: unknown) => (value === undefined || value === null ? '(none)' : typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value));

export interface HtmlDiffOptions {
  version: string;
  /** The new version of a flow (its graph is drawn); undefined for a flow that was removed. */
  graphOf(diff: FlowDiff): Flow | undefined;
  /** The old version, for the widgets the new one no longer has. */
  oldGraphOf(diff: FlowDiff): Flow | undefined;
}

/** A flow as the report's script draws it (src/formatters/html.ts). */
interface PageFlow {
  n: string | null;
  w: unknown[];
  e: unknown[];
  k?: Record<string, WidgetMark>;
}

/** A change as the report's script lists a finding: [line, column, endLine, endColumn, severity, kind, text, widget, flow, fix]. */
type Row = [null, null, null, null, 0, number, number, string | null, string | null, 0];

export function renderHtml(diffs: readonly FlowDiff[], options: HtmlDiffOptions): string {
  const changed = diffs.filter((d) => d.status !== 'unchanged');
  const byFile = new Map<string, FlowDiff[]>();
  for (const d of changed) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  let out =
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>studio-lint diff</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body data-items="Changes">\n<main id="report">\n` +
    `<header class="top"><h1>Studio flow changes</h1><span class="meta">studio-lint ${esc(options.version)}</span></header>\n` +
    '<div class="toolbar" id="toolbar"><input id="filter" type="search" placeholder="Filter files and flows…" aria-label="Filter files">' +
    '<label><input type="radio" name="show" value="all" checked> all</label><span id="shown" class="meta"></span></div>\n<div id="files">\n';
  for (const [file, list] of byFile) out += fileSection(file, list, options);
  return out + `</div>\n${summary(changed, byFile.size)}</main>\n<script>${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
}

function fileSection(file: string, diffs: FlowDiff[], options: HtmlDiffOptions): string {
  const kinds: string[] = [];
  const texts: string[] = [];
  const rows: Row[] = [];
  const index = (list: string[], value: string) => {
    const i = list.indexOf(value);
    return i >= 0 ? i : list.push(value) - 1;
  };
  const flows: PageFlow[] = [];
  const several = diffs.length > 1;
  for (const d of diffs) {
    const flow = several ? (d.flow ?? null) : null;
    const row = (kind: string, text: string, widget: string | null) => rows.push([null, null, null, null, 0, index(kinds, kind), index(texts, text), widget, flow, 0]);
    if (d.migration) row('migration', d.migration.summary, null);
    for (const t of d.trigger) row('trigger', `${t.event}: ${shown(t.before)} → ${shown(t.after)}`, triggerName(options.graphOf(d)));
    for (const f of d.flowFields) row('flow', `${f.path}: ${shown(f.before)} → ${shown(f.after)}`, null);
    for (const name of d.added) row('added', `added (${d.types[name] ?? 'widget'})`, name);
    for (const name of d.removed) row('removed', `removed (${d.types[name] ?? 'widget'})`, name);
    for (const r of d.renamed) row('renamed', `renamed from '${r.from}'`, r.to);
    for (const c of d.changed) {
      for (const p of c.properties) row('changed', `${p.path}: ${shown(p.before)} → ${shown(p.after)}`, c.name);
      for (const t of c.transitions) row('changed', `on '${t.event}': ${shown(t.before)} → ${shown(t.after)}`, c.name);
    }
    for (const name of d.moved) row('moved', 'moved on the canvas', name);
    const graph = graphWithMarks(d, options);
    if (graph) {
      flows.push({
        n: flow,
        w: graph.widgets.map((w) => (w.x === undefined ? [w.name, w.type] : [w.name, w.type, w.x, w.y])),
        e: graph.edges.map((e) => [e.from, e.to, e.label, e.missing ? 1 : 0]),
        ...(graph.marks && Object.keys(graph.marks).length ? { k: graph.marks } : {}),
      });
    }
  }
  const count = (kind: string) => rows.filter((r) => kinds[r[5]] === kind).length;
  const badge = (n: number, label: string, cls: string) => (n ? `<span class="badge ${cls}">${n} ${label}</span>` : '');
  const badges =
    (diffs.some((d) => d.migration) ? '<span class="badge scope-flex">migration</span>' : '') +
    badge(count('added'), 'added', 'fix') +
    badge(count('removed'), 'removed', 'error') +
    badge(count('renamed'), 'renamed', 'diff') +
    badge(count('changed') + count('trigger') + count('flow'), 'changed', 'warning') +
    badge(count('moved'), 'moved', 'clean');
  const data = { rules: kinds, messages: texts, findings: rows, flows, patch: null, scope: null };
  const names = diffs.map((d) => d.flow ?? '').join(' ');
  return (
    `<details class="file changed" data-file="${esc(file)}" data-names="${esc(names)}" data-errors="0" data-warnings="0">` +
    `<summary><span class="path">${esc(file)}</span>${badges}</summary>` +
    `<script type="application/json">${scriptJson(data)}</script></details>\n`
  );
}

function triggerName(flow: Flow | undefined): string | null {
  return flow?.trigger?.name ?? null;
}

/** The new version's graph, with the removed widgets of the old one beside it, each widget the diff names marked. */
function graphWithMarks(d: FlowDiff, options: HtmlDiffOptions): FlowGraph | undefined {
  const now = options.graphOf(d);
  const was = options.oldGraphOf(d);
  if (!now && !was) return undefined;
  const graph = now ? flowGraph(now) : { widgets: [], edges: [] };
  const marks: Record<string, WidgetMark> = {};
  if (was) {
    const old = flowGraph(was);
    const removed = new Set(d.removed);
    graph.widgets.push(...old.widgets.filter((w) => removed.has(w.name)));
    graph.edges.push(...old.edges.filter((e) => removed.has(e.from) && !e.missing && (removed.has(e.to) || graph.widgets.some((w) => w.name === e.to))));
  }
  for (const name of d.added) marks[name] = 'added';
  for (const name of d.removed) marks[name] = 'removed';
  for (const c of d.changed) marks[c.name] = 'changed';
  for (const r of d.renamed) marks[r.to] = 'changed';
  for (const name of d.moved) marks[name] ??= 'moved';
  return { ...graph, marks };
}

function summary(changed: FlowDiff[], files: number): string {
  const card = (value: number, label: string, kind = '') => `<div class="card ${kind}"><b>${value.toLocaleString('en-US')}</b><span>${label}</span></div>`;
  const sum = (f: (d: FlowDiff) => number) => changed.reduce((n, d) => n + f(d), 0);
  let out = '<section id="summary">\n<div class="cards">';
  out += card(files, files === 1 ? 'file' : 'files');
  out += card(changed.length, changed.length === 1 ? 'flow changed' : 'flows changed');
  out += card(sum((d) => d.added.length), 'widgets added', 'fix');
  out += card(sum((d) => d.removed.length), 'widgets removed', 'error');
  out += card(sum((d) => d.renamed.length), 'renamed');
  out += card(sum((d) => d.changed.length), 'widgets changed', 'warning');
  out += card(sum((d) => d.moved.length), 'moved only');
  out += '</div>\n';
  const migrations = changed.filter((d) => d.migration);
  if (migrations.length) out += `<p class="scope-line"><span class="badge scope-flex">${plural(migrations.length, 'flow')} migrated to Conversations</span></p>\n`;
  if (changed.length === 0) out += '<p class="clean-line">No flow changed.</p>\n';
  return out + '</section>\n';
}

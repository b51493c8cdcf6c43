/**
 * Flow diffs for people: the terminal (`text`), a pull-request comment (`markdown`: a summary table and a
 * Mermaid graph of the new flow with the changes marked), and the listing `git diff` shows through a textconv
 * (`textconv`: one flow as sorted, line-per-value text, so that a re-indented or reordered file lists the same).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { edges, mermaidText } from '../flow/graph.js';
import { isObject, type FlowDefinition } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import { changeCount, type FlowDiff, type PropertyChange, type TransitionChange } from './diff.js';

/** GitHub's limit on a comment's body (and a step summary's part of it). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Mermaid refuses a diagram longer than this by default (`maxTextSize`); GitHub renders with the default. */
export const MERMAID_TEXT_LIMIT = 50_000;

// ——— text ———

/** Where a string changed: the common start and end, and the parts that differ. */
export function changedPart(before: string, after: string): { prefix: string; removed: string; added: string; suffix: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Whole words: `[-Remind-]{+REMIND+}`, not `R[-emind-]{+EMIND+}`.
  const word = (c: string | undefined) => c !== undefined && /\w/.test(c);
  if (start < before.length || start < after.length) while (start > 0 && word(before[start - 1]) && (word(before[start]) || word(after[start]))) start--;
  while (end > 0 && word(before[before.length - end]) && (word(before[before.length - 1 - end]) || word(after[after.length - 1 - end]))) end--;
  return { prefix: before.slice(0, start), removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end), suffix: before.slice(before.length - end) };
}

/** Context kept either side of a changed part of a long string. */
const CONTEXT = 40;

function clip(text: string, side: 'start' | 'end'): string {
  if (text.length <= CONTEXT) return text;
  return side === 'start' ? '…' + text.slice(-CONTEXT) : text.slice(0, CONTEXT) + '…';
}

/** A string as one line of text: Liquid and JSON as written, not JSON-escaped; line breaks shown as ⏎. */
const oneLine = (s: string) => s.replace(/\r?\n/g, '⏎').replace(/\t/g, '→');
/** A value that is not a string: as JSON. */
const shown = (value: unknown) => (typeof value === 'string' ? oneLine(value) : JSON.stringify(value));

export interface TextOptions {
  color: boolean;
}

/**
 * A string's change with the changed part marked: coloured (red removed, green added), or without colour in
 * `git diff --word-diff=plain`'s manner, `[-old-]{+new+}`.
 */
export function markedChange(before: string, after: string, chalk: ChalkInstance): string {
  const { prefix, removed, added, suffix } = changedPart(before, after);
  const color = chalk.level > 0;
  const minus = removed ? (color ? chalk.red.strikethrough(oneLine(removed)) : `[-${oneLine(removed)}-]`) : '';
  const plus = added ? (color ? chalk.green(oneLine(added)) : `{+${oneLine(added)}+}`) : '';
  return oneLine(clip(prefix, 'start')) + minus + plus + oneLine(clip(suffix, 'end'));
}

function propertyLine(change: PropertyChange, chalk: ChalkInstance): string {
  const path = chalk.dim(change.path + ':');
  if (!('before' in change)) return `${path} ${chalk.green('added')} ${shown(change.after)}`;
  if (!('after' in change)) return `${path} ${chalk.red('removed')} (was ${shown(change.before)})`;
  if (typeof change.before === 'string' && typeof change.after === 'string') return `${path} ${markedChange(change.before, change.after, chalk)}`;
  return `${path} ${chalk.red(shown(change.before))} → ${chalk.green(shown(change.after))}`;
}

const target = (next: string | null | undefined) => (next === undefined ? 'no transition' : next === null ? '(ends)' : next);

function transitionLine(change: TransitionChange, chalk: ChalkInstance): string {
  const what = !('before' in change) ? chalk.green('added') + ' → ' : !('after' in change) ? chalk.red('removed') + ', was → ' : '';
  if (what && !('before' in change)) return `${chalk.dim(`on ${change.event}:`)} ${what}${target(change.after)}`;
  if (what) return `${chalk.dim(`on ${change.event}:`)} ${what}${target(change.before)}`;
  return `${chalk.dim(`on ${change.event}:`)} ${chalk.red(target(change.before))} → ${chalk.green(target(change.after))}`;
}

/** "plus 3 other changes" after the migration line: what else a migration pull request does. */
function otherChanges(diff: FlowDiff): string {
  const n = changeCount(diff);
  return n === 0 ? 'no other change' : `plus ${n} other ${n === 1 ? 'change' : 'changes'}`;
}

export function renderText(diffs: readonly FlowDiff[], options: TextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  let out = '';
  for (const diff of diffs) {
    if (diff.status === 'unchanged') continue;
    const title = diff.flow === undefined ? diff.file : `${diff.file} (${diff.flow})`;
    out += chalk.bold.underline(title) + (diff.status === 'changed' ? '' : chalk.bold(diff.status === 'added' ? '  new flow' : '  deleted flow')) + '\n';
    if (diff.status !== 'changed') {
      const names = diff.status === 'added' ? diff.added : diff.removed;
      out += `  ${names.length} ${names.length === 1 ? 'widget' : 'widgets'}: ${names.join(', ')}\n\n`;
      continue;
    }
    if (diff.migration) out += `  ${chalk.cyan(diff.migration.summary)}; ${otherChanges(diff)}\n`;
    if (diff.trigger.length) {
      out += `  ${chalk.bold('Trigger')}\n`;
      for (const t of diff.trigger) out += `      ${transitionLine(t, chalk)}\n`;
    }
    if (diff.flowFields.length) {
      out += `  ${chalk.bold('flow')}\n`;
      for (const p of diff.flowFields) out += `      ${propertyLine(p, chalk)}\n`;
    }
    for (const name of diff.added) out += `  ${chalk.green('+')} ${chalk.green(name)}  ${chalk.dim(diff.types[name] ?? '')}  added\n`;
    for (const name of diff.removed) out += `  ${chalk.red('-')} ${chalk.red(name)}  ${chalk.dim(diff.types[name] ?? '')}  removed\n`;
    for (const { from, to } of diff.renamed) out += `  ${chalk.yellow('~')} ${from} → ${chalk.yellow(to)}  ${chalk.dim(diff.types[to] ?? '')}  renamed\n`;
    for (const c of diff.changed) {
      out += `  ${chalk.yellow('*')} ${chalk.bold(c.name)}  ${chalk.dim(c.type)}\n`;
      for (const p of c.properties) out += `      ${propertyLine(p, chalk)}\n`;
      for (const t of c.transitions) out += `      ${transitionLine(t, chalk)}\n`;
    }
    if (diff.moved.length) out += chalk.dim(`  moved on the canvas only: ${diff.moved.join(', ')}`) + '\n';
    out += '\n';
  }
  return out;
}

// ——— markdown ———

/** Text inside a Markdown table cell: no line break, no column separator, no HTML. */
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Inline code in a table cell, with backquotes that cannot end it. */
function code(s: string): string {
  const text = cell(s.length > 120 ? s.slice(0, 117) + '…' : s);
  const fence = text.includes('`') ? '``' : '`';
  return text === '' ? '""' : `${fence}${fence === '``' ? ' ' : ''}${text}${fence === '``' ? ' ' : ''}${fence}`;
}

function markdownProperty(p: PropertyChange): string {
  if (!('before' in p)) return `${code(p.path)} added: ${code(shown(p.after))}`;
  if (!('after' in p)) return `${code(p.path)} removed (was ${code(shown(p.before))})`;
  if (typeof p.before === 'string' && typeof p.after === 'string') {
    const { prefix, removed, added, suffix } = changedPart(p.before, p.after);
    const context = (s: string, side: 'start' | 'end') => (s ? code(clip(s, side)) : '');
    // The changed part in <del>/<ins> (GitHub renders both), the context around it as code.
    return `${code(p.path)}: ${context(prefix, 'start')}${removed ? `<del>${code(removed)}</del>` : ''}${added ? `<ins>${code(added)}</ins>` : ''}${context(suffix, 'end')}`;
  }
  return `${code(p.path)}: ${code(shown(p.before))} → ${code(shown(p.after))}`;
}

function markdownTransition(t: TransitionChange): string {
  if (!('before' in t)) return `on ${code(t.event)}: added → ${code(target(t.after))}`;
  if (!('after' in t)) return `on ${code(t.event)}: removed (was → ${code(target(t.before))})`;
  return `on ${code(t.event)}: ${code(target(t.before))} → ${code(target(t.after))}`;
}

export interface MarkdownOptions {
  /** The new version of each flow, by its diff, for the graph; a flow without one gets no graph. */
  graphOf?: (diff: FlowDiff) => Flow | undefined;
  /** Defaults to GitHub's comment limit. */
  limit?: number;
}

/** A flow's graph as Mermaid, the widgets the diff names marked: added, changed (or renamed), moved; removed ones drawn apart. */
export function diffMermaid(flow: Flow, diff: FlowDiff): string {
  const ids = new Map(flow.widgets.map((w, i) => [w.name, `n${i}`]));
  const lines = ['flowchart TD'];
  for (const w of flow.widgets) {
    const id = ids.get(w.name)!;
    lines.push(w === flow.trigger ? `  ${id}(("${mermaidText(w.name)}"))` : `  ${id}["${mermaidText(w.name)}<br/><small>${mermaidText(w.type)}</small>"]`);
  }
  const removedIds = diff.removed.map((name, i) => {
    lines.push(`  r${i}["${mermaidText(name)} (removed)"]`);
    return `r${i}`;
  });
  let missing = 0;
  for (const e of edges(flow)) {
    let to = ids.get(e.to);
    if (e.missing) {
      to = `m${missing++}`;
      lines.push(`  ${to}[/"${mermaidText(e.to)} (missing)"/]`);
    }
    lines.push(`  ${ids.get(e.from)} -->|${mermaidText(e.label)}| ${to}`);
  }
  lines.push(
    '  classDef added fill:#dfd,stroke:#090',
    '  classDef changed fill:#ffd,stroke:#c90',
    '  classDef moved stroke:#999,stroke-dasharray:2',
    '  classDef removed fill:#fdd,stroke:#c00,stroke-dasharray:4,color:#600',
  );
  const mark = (names: readonly string[], cls: string) => {
    const list = names.map((n) => ids.get(n)).filter((id): id is string => id !== undefined);
    if (list.length) lines.push(`  class ${list.join(',')} ${cls}`);
  };
  mark(diff.status === 'added' ? [] : diff.added, 'added');
  mark([...new Set([...diff.changed.map((c) => c.name), ...diff.renamed.map((r) => r.to)])], 'changed');
  mark(diff.moved, 'moved');
  if (removedIds.length) lines.push(`  class ${removedIds.join(',')} removed`);
  return lines.join('\n') + '\n';
}

/** One unit of the Markdown output that is kept or cut whole. */
interface Block {
  text: string;
  graph?: boolean;
}

function markdownBlocks(diff: FlowDiff, options: MarkdownOptions): Block[] {
  const blocks: Block[] = [];
  const title = diff.flow === undefined ? code(diff.file) : `${code(diff.file)} (${cell(diff.flow)})`;
  const status = diff.status === 'added' ? ': new flow' : diff.status === 'removed' ? ': deleted flow' : '';
  blocks.push({ text: `### ${title}${status}\n\n` });
  if (diff.migration) blocks.push({ text: `> ${cell(diff.migration.summary)}; ${otherChanges(diff)}.\n\n` });
  const rows: string[] = [];
  for (const t of diff.trigger) rows.push(`| Trigger | ${code(t.event)} | wiring | ${markdownTransition(t)} |`);
  for (const p of diff.flowFields) rows.push(`| flow | | | ${markdownProperty(p)} |`);
  if (diff.status === 'changed') {
    for (const name of diff.added) rows.push(`| ➕ added | ${code(name)} | ${code(diff.types[name] ?? '')} | |`);
    for (const name of diff.removed) rows.push(`| ➖ removed | ${code(name)} | ${code(diff.types[name] ?? '')} | |`);
    for (const { from, to } of diff.renamed) rows.push(`| ✏️ renamed | ${code(from)} → ${code(to)} | ${code(diff.types[to] ?? '')} | |`);
    for (const c of diff.changed) {
      const details = [...c.properties.map(markdownProperty), ...c.transitions.map(markdownTransition)];
      rows.push(`| 🔧 changed | ${code(c.name)} | ${code(c.type)} | ${details.join('<br>')} |`);
    }
    if (diff.moved.length) rows.push(`| ↔️ moved | ${diff.moved.map(code).join(', ')} | | canvas position only |`);
  } else {
    const names = diff.status === 'added' ? diff.added : diff.removed;
    rows.push(`| ${diff.status === 'added' ? '➕ added' : '➖ removed'} | ${names.length} widgets | | ${names.map(code).join(', ')} |`);
  }
  if (rows.length) {
    blocks.push({ text: '| | Widget | Type | Change |\n| --- | --- | --- | --- |\n' });
    for (const row of rows) blocks.push({ text: row + '\n' });
    blocks.push({ text: '\n' });
  }
  const flow = diff.status === 'removed' ? undefined : options.graphOf?.(diff);
  if (flow) {
    const graph = diffMermaid(flow, diff);
    if (graph.length <= MERMAID_TEXT_LIMIT) {
      blocks.push({ text: `<details><summary>Graph of the new version</summary>\n\n\`\`\`mermaid\n${graph}\`\`\`\n\n</details>\n\n`, graph: true });
    } else {
      blocks.push({ text: `_The graph (${graph.length} characters) is over Mermaid's ${MERMAID_TEXT_LIMIT} and is left out._\n\n` });
    }
  }
  return blocks;
}

/**
 * The pull-request comment: per changed flow a heading, the migration line, a table of the changes and the
 * graph of the new version. Over the limit, the graphs go first, then the text is cut at a row, with a note.
 */
export function renderMarkdown(diffs: readonly FlowDiff[], options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const changed = diffs.filter((d) => d.status !== 'unchanged');
  const header = `## Studio flow changes\n\n${changed.length === 0 ? 'No flow changed.\n' : `${changed.length} ${changed.length === 1 ? 'flow' : 'flows'} changed.\n\n`}`;
  const blocks = changed.flatMap((d) => markdownBlocks(d, options));
  const join = (list: Block[]) => header + list.map((b) => b.text).join('');
  const full = join(blocks);
  if (full.length <= limit) return full;
  const withoutGraphs = blocks.filter((b) => !b.graph);
  const graphsNote = `\n_The graphs are left out to fit GitHub's comment size (${limit} characters)._\n`;
  const text = join(withoutGraphs);
  if (text.length + graphsNote.length <= limit) return text + graphsNote;
  const cutNote = (shownCount: number) =>
    `\n\n_Cut to fit GitHub's comment size (${limit} characters): ${shownCount} of ${withoutGraphs.length} parts shown, graphs left out. Run \`studio-lint diff\` for the whole diff._\n`;
  let out = header;
  let kept = 0;
  const room = limit - cutNote(withoutGraphs.length).length;
  for (const b of withoutGraphs) {
    if (out.length + b.text.length > room) break;
    out += b.text;
    kept++;
  }
  return out + cutNote(kept);
}

// ——— textconv ———

/**
 * One flow definition as text that `git diff` can compare line by line: the flow's fields, then each widget
 * (the Trigger first, the others by name) as a header line, one line per property value (by path, keys
 * sorted) and one per transition. Key order and indentation do not show, an offset is one line.
 */
export function textconv(definition: FlowDefinition): string {
  const lines: string[] = [];
  for (const key of Object.keys(definition).sort()) {
    if (key === 'states') continue;
    leaves(definition[key], key, (path, value) => lines.push(`flow ${path} = ${value}`));
  }
  const states = definition.states.filter(isObject);
  const name = (s: Record<string, unknown>) => (typeof s.name === 'string' ? s.name : '');
  const ordered = [...states].sort((a, b) => Number(b.type === 'trigger') - Number(a.type === 'trigger') || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  for (const state of ordered) {
    lines.push('', `widget ${name(state)} (${typeof state.type === 'string' ? state.type : JSON.stringify(state.type)})`);
    for (const key of Object.keys(state).sort()) {
      if (key === 'name' || key === 'type' || key === 'properties' || key === 'transitions') continue;
      leaves(state[key], key, (path, value) => lines.push(`  ${path} = ${value}`));
    }
    const properties = isObject(state.properties) ? state.properties : {};
    for (const key of Object.keys(properties).sort()) leaves(properties[key], key, (path, value) => lines.push(`  ${path} = ${value}`));
    if (Array.isArray(state.transitions)) {
      state.transitions.forEach((t) => {
        if (!isObject(t)) return;
        const next = typeof t.next === 'string' && t.next !== '' ? t.next : '(ends)';
        lines.push(`  on ${String(t.event)} → ${next}`);
        for (const key of Object.keys(t).sort()) {
          if (key === 'event' || key === 'next') continue;
          leaves(t[key], `on ${String(t.event)} ${key}`, (path, value) => lines.push(`    ${path} = ${value}`));
        }
      });
    }
  }
  return lines.join('\n') + '\n';
}

function leaves(value: unknown, path: string, emit: (path: string, value: string) => void): void {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leaves(v, `${path}[${i}]`, emit));
  else if (isObject(value) && Object.keys(value).length > 0) {
    // An offset is one line: a move is one changed line, not two.
    if (path.endsWith('offset') && Object.keys(value).every((k) => k === 'x' || k === 'y')) return emit(path, `${String(value.x)},${String(value.y)}`);
    for (const k of Object.keys(value).sort()) leaves(value[k], `${path}.${k}`, emit);
  } else emit(path, typeof value === 'string' ? oneLine(value) : JSON.stringify(value));
}

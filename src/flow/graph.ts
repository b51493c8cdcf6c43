/**
 * A flow as a graph, for people: the Trigger's wired events as entry edges, transitions as labelled edges,
 * widgets with findings marked (errors, warnings), transitions to missing widgets drawn to a marked node.
 */
import type { Flow } from './model.js';

export interface FlowGraph {
  /** The flow's name when the file holds several (the LintMessage.flow of its findings). */
  name?: string;
  /** Studio's canvas position of each widget (properties.offset), when present. */
  widgets: { name: string; type: string; x?: number; y?: number }[];
  edges: { from: string; to: string; label: string; missing: boolean }[];
  /**
   * What happened to a widget between two versions of the flow, for a view of changes (`studio-lint diff`): the
   * HTML report rings a marked widget (class `mark-added`, …) and lists the marks in the graph's legend.
   */
  marks?: Record<string, WidgetMark>;
}

export type WidgetMark = 'added' | 'removed' | 'changed' | 'moved';

export interface Marks {
  /** Widget name → the worst severity of its findings (2 error, 1 warning). */
  severity: Map<string, 1 | 2>;
}

export function marksFrom(findings: { widget?: string; severity: 1 | 2 }[]): Marks {
  const severity = new Map<string, 1 | 2>();
  for (const f of findings) if (f.widget !== undefined) severity.set(f.widget, Math.max(severity.get(f.widget) ?? 1, f.severity) as 1 | 2);
  return { severity };
}

interface Edge {
  from: string;
  to: string;
  label: string;
  missing: boolean;
}

export function edges(flow: Flow): Edge[] {
  const out: Edge[] = [];
  for (const w of flow.widgets) {
    for (const t of w.transitions) {
      if (t.next === undefined) continue;
      out.push({ from: w.name, to: t.next, label: t.event, missing: !flow.byName.has(t.next) });
    }
  }
  return out;
}

/** The flow as plain data for the HTML report, with Studio's canvas positions where the file has them. */
export function flowGraph(flow: Flow, name?: string): FlowGraph {
  const widgets = flow.widgets.map((w) => {
    const offset = w.properties.offset as { x?: unknown; y?: unknown } | undefined;
    const node: FlowGraph['widgets'][number] = { name: w.name, type: w.type };
    if (offset && typeof offset.x === 'number' && typeof offset.y === 'number') {
      node.x = offset.x;
      node.y = offset.y;
    }
    return node;
  });
  return { ...(name === undefined ? {} : { name }), widgets, edges: edges(flow) };
}

/**
 * Text for a Mermaid label: names come from the flow file, so nothing in them may end the label, start
 * HTML (GitHub renders labels as HTML), end the edge label (`|`), start a Markdown string (a backquote) or
 * break the line. Mermaid's entity codes (#quot;, #60;) stand for those characters.
 */
export function mermaidText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/["#<>&|`]/g, (c) => (c === '"' ? '#quot;' : `#${c.charCodeAt(0)};`)).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

export function mermaid(flow: Flow, marks: Marks = { severity: new Map() }): string {
  const ids = new Map(flow.widgets.map((w, i) => [w.name, `n${i}`]));
  const label = mermaidText;
  const lines = ['flowchart TD'];
  for (const w of flow.widgets) {
    const id = ids.get(w.name)!;
    lines.push(w === flow.trigger ? `  ${id}(("${label(w.name)}"))` : `  ${id}["${label(w.name)}<br/><small>${label(w.type)}</small>"]`);
  }
  const missing = new Map<string, string>();
  for (const e of edges(flow)) {
    let to = ids.get(e.to);
    if (e.missing) {
      to = missing.get(e.to) ?? `m${missing.size}`;
      if (!missing.has(e.to)) lines.push(`  ${to}[/"${label(e.to)} (missing)"/]`);
      missing.set(e.to, to);
    }
    lines.push(`  ${ids.get(e.from)} -->|${label(e.label)}| ${to}`);
  }
  lines.push('  classDef error fill:#fdd,stroke:#c00,color:#600', '  classDef warning fill:#ffd,stroke:#c90', '  classDef missing fill:#eee,stroke:#c00,stroke-dasharray:4');
  const errors = [...marks.severity].filter(([, s]) => s === 2).map(([n]) => ids.get(n)).filter(Boolean);
  const warnings = [...marks.severity].filter(([, s]) => s === 1).map(([n]) => ids.get(n)).filter(Boolean);
  if (errors.length) lines.push(`  class ${errors.join(',')} error`);
  if (warnings.length) lines.push(`  class ${warnings.join(',')} warning`);
  if (missing.size) lines.push(`  class ${[...missing.values()].join(',')} missing`);
  return lines.join('\n') + '\n';
}

export function dot(flow: Flow, marks: Marks = { severity: new Map() }): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['digraph flow {', '  rankdir=TB;', '  node [shape=box, fontname="Helvetica"];'];
  for (const w of flow.widgets) {
    const mark = marks.severity.get(w.name);
    const style = mark === 2 ? ', style=filled, fillcolor="#ffdddd", color="#cc0000"' : mark === 1 ? ', style=filled, fillcolor="#ffffdd", color="#cc9900"' : '';
    const shape = w === flow.trigger ? ', shape=oval' : '';
    lines.push(`  ${q(w.name)} [label=${q(w === flow.trigger ? w.name : `${w.name}\n${w.type}`)}${shape}${style}];`);
  }
  for (const e of edges(flow)) {
    if (e.missing) lines.push(`  ${q(e.to)} [label=${q(`${e.to} (missing)`)}, style=dashed, color="#cc0000"];`);
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

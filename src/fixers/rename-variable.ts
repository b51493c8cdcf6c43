/**
 * Rewriting a Liquid variable path in place, as written: dotted, bracketed or through an `{% assign %}`
 * alias, keeping the user's spacing, filters and the segments after the renamed part.
 */
import type { JsonLocator } from '../flow/locate.js';
import type { Reference } from '../flow/model.js';
import { replaceInString, type TextEdit } from './edits.js';

/** An edit in the decoded string of a template: mapped to raw offsets only when the fix is applied. */
export interface DecodedEdit {
  start: number;
  end: number;
  text: string;
}

export interface PathRewrite {
  /** How many resolved segments are replaced. */
  consumes: number;
  replacement: string[];
  /**
   * A value to fall back on where the new path may be empty (`trigger.conversation.Source | downcase`): an
   * output that reads the whole path becomes `{% if new %}{{new}}{% else %}{{fallback}}{% endif %}`.
   */
  fallback?: string;
}

/** Case filters: a fallback's own case filter gives way to the one the output already has (no `| downcase | downcase`). */
const CASE_FILTER = /^\s*\|\s*(downcase|upcase)\b/;

/**
 * A replacement path as written, once per rewrite: a rule shares one rewrite between every plain read of a path
 * (no-message-trigger-variable), and each report's fix text kept a copy of its own (issue 26: 540,000 of them).
 */
const dottedPaths = new WeakMap<readonly string[], string>();

function dotted(path: readonly string[]): string {
  let text = dottedPaths.get(path);
  if (text === undefined) dottedPaths.set(path, (text = path.join('.')));
  return text;
}

/**
 * Decoded edits that rewrite `reference`, or a reason why it cannot be rewritten safely. Through an alias the source
 * of the `{% assign %}` is rewritten, plus the segments after the alias when the rename reaches past it.
 */
export function planRename(reference: Reference, rewrite: PathRewrite): DecodedEdit[] | string {
  const { template, ref } = reference;
  const edit = (start: number, end: number, text: string): DecodedEdit => ({ start, end, text });
  if (!ref.alias) {
    if (ref.parts.length < rewrite.consumes) return 'the path is shorter than the rename';
    const last = ref.parts[rewrite.consumes - 1]!;
    const renamed = dotted(rewrite.replacement);
    if (rewrite.fallback && ref.output && rewrite.consumes === ref.parts.length && !isGuardedBySelf(ref)) {
      return [edit(ref.output.start, ref.output.end, guardedOutput(template.text, ref.output, ref.start, last.end, renamed, rewrite.fallback))];
    }
    return [edit(ref.start, last.end, renamed)];
  }
  // The alias's target is the very segments array of the path that defined it.
  const source = template.scan.references.find((r) => r.definesAlias !== undefined && r.segments === ref.alias!.target);
  if (!source) return 'the alias is defined outside this template';
  const k = source.parts.length;
  if (rewrite.consumes <= k) {
    const last = source.parts[rewrite.consumes - 1]!;
    return [edit(source.start, last.end, rewrite.replacement.join('.'))];
  }
  const beyond = rewrite.consumes - k;
  if (ref.parts.length < 1 + beyond) return 'the path is shorter than the rename';
  const sourceEdit = edit(source.start, source.parts[k - 1]!.end, rewrite.replacement.slice(0, k).join('.'));
  const useStart = ref.parts[1]!.start;
  const useEnd = ref.parts[beyond]!.end;
  // A bracketed part keeps its form only if it was a dot part: write dot form after a '.', bracket otherwise.
  const renamed = rewrite.replacement.slice(k);
  const text = template.text[useStart - 1] === '.' ? renamed.join('.') : renamed.map((s) => `['${s}']`).join('');
  return [sourceEdit, edit(useStart, useEnd, text)];
}

/** Inside `{% if <the same path> %}`: the team guarded the read already, and a rename keeps the guard working. */
function isGuardedBySelf(ref: Reference['ref']): boolean {
  return ref.guards?.some((g) => g.branch === 'then' && g.segments?.length === ref.segments.length && g.segments.every((s, i) => s === ref.segments[i])) ?? false;
}

/**
 * `{{ old | f }}` → `{% if new %}{{ new | f }}{% else %}{{ fallback | f }}{% endif %}`, keeping the output's
 * own spacing, whitespace control and filters.
 */
function guardedOutput(text: string, output: { start: number; end: number }, pathStart: number, pathEnd: number, renamed: string, fallback: string): string {
  const open = text.slice(output.start, pathStart);
  const rest = text.slice(pathEnd, output.end);
  const fallbackPath = CASE_FILTER.test(rest) ? fallback.replace(/\s*\|.*$/, '') : fallback;
  return `{% if ${renamed} %}${open}${renamed}${rest}{% else %}${open}${fallbackPath}${rest}{% endif %}`;
}

/** Maps decoded edits of a template to raw text edits, re-encoding the new text in the file's style. */
export function toTextEdits(locator: JsonLocator, reference: Reference, edits: DecodedEdit[]): TextEdit[] {
  return edits.map((e) => replaceInString(locator, reference.template.pointer, e.start, e.end, e.text));
}

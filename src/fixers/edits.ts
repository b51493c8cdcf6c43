/**
 * Fixes are text edits on the raw file, never a re-serialisation: only the bytes of changed values change.
 */
import { type JsonLocator, type PointerSegment } from '../flow/locate.js';

/** Whether a fix keeps the flow's behaviour (safe) or needs a person's review (unsafe, --unsafe-fixes). */
export type FixSafety = 'safe' | 'unsafe';

/** Replace [start, end) of the text (BOM excluded) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits; returns the new text and the edits that had to wait for the next pass. */
export function applyEdits(source: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = dedupe([...edits].sort((a, b) => a.start - b.start || a.end - b.end));
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let out = '';
  let last = 0;
  for (const edit of sorted) {
    if (edit.start < last) {
      skipped.push(edit);
      continue;
    }
    out += source.slice(last, edit.start) + edit.text;
    last = edit.end;
    applied.push(edit);
  }
  return { text: out + source.slice(last), applied, skipped };
}

function dedupe(sorted: TextEdit[]): TextEdit[] {
  return sorted.filter((e, i) => {
    const p = sorted[i - 1];
    return !p || p.start !== e.start || p.end !== e.end || p.text !== e.text;
  });
}

/**
 * Encodes `value` as the content of a JSON string literal in the style of `literal` (the raw literal being
 * edited): a file that writes non-ASCII as \uXXXX or escapes '/' keeps doing so.
 */
export function encodeStringContent(value: string, literal: string): string {
  // Replacements are almost always plain ASCII with nothing to escape: no need to look at the literal's style.
  if (/^[\x20-\x21\x23-\x2e\x30-\x5b\x5d-\x7e]*$/.test(value)) return value;
  // A literal with \u escapes and no raw non-ASCII character is written in ASCII: keep it that way.
  // (A raw literal holds no control characters: JSON requires them escaped.)
  const escapeNonAscii = /\\u[0-9a-fA-F]{4}/.test(literal) && !/[^\x20-\x7e]/.test(literal);
  const escapeSlash = literal.includes('\\/');
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/' && escapeSlash) out += '\\/';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (escapeNonAscii && code > 0x7e)) {
      for (let k = 0; k < ch.length; k++) out += '\\u' + ch.charCodeAt(k).toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out;
}

/** An edit replacing decoded characters [start, end) of the string at `pointer` with `replacement`. */
export function replaceInString(
  locator: JsonLocator,
  pointer: PointerSegment[],
  start: number,
  end: number,
  replacement: string,
): TextEdit {
  const range = locator.stringSlice(pointer, start, end);
  const literal = locator.value(pointer);
  if (!range || !literal) throw new Error(`no string at ${pointer.join('/')}`);
  return { ...range, text: encodeStringContent(replacement, locator.text.slice(literal.start, literal.end)) };
}

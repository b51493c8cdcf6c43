/**
 * Masking templates so JSON checks can run on them: each placeholder is replaced by a stand-in of the same
 * length, so offsets in the masked text are offsets in the original. Two kinds of text are masked:
 * - `'terraform'`: a flow file written as a Terraform template, where a bare `${…}` stands where a JSON value
 *   belongs; masked before parsing when the file does not parse as it is (src/flow/load.ts). Strings are left
 *   alone (a placeholder inside one is already valid JSON); each bare placeholder becomes `null` (or `0` when
 *   shorter than four characters) padded with spaces. Braces nest inside a placeholder (`${jsonencode({…})}`).
 * - `'liquid'`: a Liquid template that renders JSON (send-to-flex attributes), masked before JSON.parse
 *   (valid-flex-attributes). `{{…}}` becomes `xxx…` inside a JSON string and `0` plus spaces outside one; a
 *   tag `{%…%}` becomes spaces; a Terraform `${…}` is masked like output, and may hold raw quotes inside a
 *   string (`"${vars["x"]}"`). A tag or placeholder outside strings makes the result opaque: it may assemble
 *   the JSON itself.
 */

export type MaskedSyntax = 'terraform' | 'liquid';

export interface MaskedText {
  text: string;
  /** Liquid: a tag or placeholder stands outside JSON strings (the JSON may be assembled by it). */
  opaqueOutsideStrings: boolean;
  /** Liquid: the `{{…}}` outputs outside JSON strings, which render their value's text as it is (offsets in the text). */
  outputsOutsideStrings?: { start: number; end: number }[];
}

export function maskPlaceholders(text: string, syntax: MaskedSyntax): MaskedText {
  const liquid = syntax === 'liquid';
  const length = text.length;
  // Unchanged runs are copied as slices: a character-by-character copy cost 3% of a 1,000-flow lint.
  let out = '';
  let last = 0;
  let inString = false;
  let opaqueOutsideStrings = false;
  let outputsOutsideStrings: { start: number; end: number }[] | undefined;
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (liquid) {
        inString = !inString;
        i++;
      } else i = skipString(text, i);
      continue;
    }
    if (inString && c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c !== DOLLAR && (c !== OPEN_BRACE || !liquid)) {
      i++;
      continue;
    }
    const end = liquid ? liquidPlaceholderEnd(text, i) : terraformPlaceholderEnd(text, i);
    if (end < 0) {
      i++;
      continue;
    }
    const size = end - i;
    let filler: string;
    if (!liquid) filler = size >= 4 ? 'null' + ' '.repeat(size - 4) : '0' + ' '.repeat(size - 1);
    else if (text.charCodeAt(i + 1) === PERCENT) filler = ' '.repeat(size);
    else filler = inString ? 'x'.repeat(size) : '0' + ' '.repeat(size - 1);
    if (liquid && !inString && text.charCodeAt(i) === OPEN_BRACE && text.charCodeAt(i + 1) === PERCENT) opaqueOutsideStrings = true;
    if (liquid && !inString && text.charCodeAt(i) === DOLLAR) opaqueOutsideStrings = true;
    if (liquid && !inString && text.charCodeAt(i) === OPEN_BRACE && text.charCodeAt(i + 1) === OPEN_BRACE) (outputsOutsideStrings ??= []).push({ start: i, end });
    out += text.slice(last, i) + filler;
    i = last = end;
  }
  return { text: last === 0 ? text : out + text.slice(last), opaqueOutsideStrings, ...(outputsOutsideStrings && { outputsOutsideStrings }) };
}

/**
 * The Terraform `${…}` placeholders inside a string's decoded content, as [start, end) offsets: a value a
 * template fills in per environment, which promotion (src/flow/account-references.ts) leaves as it is.
 */
export function terraformPlaceholderRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i)) {
    const end = terraformPlaceholderEnd(text, i);
    ranges.push({ start: i, end });
    i = end;
  }
  return ranges;
}

/** Liquid `{{…}}`, `{%…%}` or a `${…}` at `i`: the offset past its first closer (the end of the text if none); -1 if none starts here. */
function liquidPlaceholderEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  const closer = c === DOLLAR ? (d === OPEN_BRACE ? '}' : undefined) : c === OPEN_BRACE ? (d === OPEN_BRACE ? '}}' : d === PERCENT ? '%}' : undefined) : undefined;
  if (closer === undefined) return -1;
  const close = text.indexOf(closer, i + 2);
  return close < 0 ? text.length : close + closer.length;
}

/** A Terraform `${…}` at `i`, braces nested and strings inside skipped: the offset past it; -1 if none starts here. */
function terraformPlaceholderEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== DOLLAR || text.charCodeAt(i + 1) !== OPEN_BRACE) return -1;
  let depth = 0;
  let j = i + 1;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) break;
    else if (c === QUOTE) j = skipString(text, j) - 1;
  }
  return Math.min(j + 1, text.length);
}

/** The offset past the JSON string literal that opens at `i` (the end of the text if it is not closed). */
function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return text.length;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DOLLAR = 0x24;
const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;

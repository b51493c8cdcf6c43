/**
 * Positions in the raw JSON text, computed only when a finding needs them.
 *
 * `JSON.parse` gives values without positions; building a position-carrying tree for every file costs
 * several times the parse (design.md, "locate lazily"). Instead each container is indexed one level deep
 * the first time a pointer walks through it, so a file with no findings is never scanned here and a file
 * with findings pays only for the containers on the way to them.
 */

import { flatten } from './flat-text.js';

export type PointerSegment = string | number;

/** A half-open range of UTF-16 offsets into the text (BOM excluded). */
export interface TextRange {
  start: number;
  end: number;
}

/** A value in the text; one object per value (an object member carries its key's range too). */
interface LazyNode {
  start: number;
  end: number;
  /** '{', '[', '"' or the first character of a scalar. */
  kind: string;
  /** For an object member: the range of its key literal, quotes included. */
  keyStart: number;
  keyEnd: number;
  members?: Map<string, LazyNode>;
  elements?: LazyNode[];
  /** For a string literal: where its escapes are, to map decoded offsets to raw ones (see rawOffset). */
  escapes?: Int32Array;
}

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

/**
 * The tables of the structural pass, shared by all locators: the CLI positions one file at a time, so one
 * set of buffers serves every file instead of a fresh allocation per file. A locator whose tables were
 * taken over by another one scans its text again (correct, only slower).
 */
let tableOwner = 0;
let locatorCount = 0;
/**
 * The brackets of the text in order: opens[k] is the offset of a '{' or '[' and closes[k] the offset just
 * past its match; `bracketCount` of them. 8 bytes per bracket (about 1 in 50 characters of a flow) rather
 * than 4 bytes per character: a 57 MB flow needs 10 MB, not 230 MB. Found by binary search.
 */
let opens = new Int32Array(1024);
let closes = new Int32Array(1024);
let bracketCount = 0;
/** The open brackets of the pass, as deep as the nesting goes. */
let openStack = new Int32Array(64);

export class JsonLocator {
  /** Tells this locator's tables from another's in the shared buffers. */
  private readonly id = ++locatorCount;
  private root: LazyNode | undefined;
  /**
   * The last pointer resolved and its node: consecutive findings (and their edits) share a template's pointer
   * array. Keyed by identity, which is sound because pointer arrays are never modified once made.
   */
  private lastPointer: readonly PointerSegment[] | undefined;
  private lastNode: LazyNode | undefined;

  constructor(readonly text: string) {}

  /** Range of the value at `pointer`, or undefined if it does not exist in the text. */
  value(pointer: readonly PointerSegment[]): TextRange | undefined {
    const node = this.resolve(pointer);
    return node && { start: node.start, end: node.end };
  }

  /** Range of the key of the member at `pointer` (its last segment must name an object member). */
  key(pointer: readonly PointerSegment[]): TextRange | undefined {
    if (pointer.length === 0) return undefined;
    const parent = this.resolve(pointer.slice(0, -1));
    if (!parent || parent.kind !== '{') return undefined;
    const member = this.indexObject(parent).get(String(pointer[pointer.length - 1]));
    return member && { start: member.keyStart, end: member.keyEnd };
  }

  /** Range from the member's key to the end of its value: what a property deletion removes. */
  member(pointer: readonly PointerSegment[]): TextRange | undefined {
    const key = this.key(pointer);
    const value = this.value(pointer);
    return key && value ? { start: key.start, end: value.end } : undefined;
  }

  /** Members of the object at `pointer` in source order, with their key and value ranges. */
  members(pointer: readonly PointerSegment[]): { name: string; key: TextRange; value: TextRange }[] | undefined {
    const node = this.resolve(pointer);
    if (!node || node.kind !== '{') return undefined;
    return [...this.indexObject(node)].map(([name, member]) => ({
      name,
      key: { start: member.keyStart, end: member.keyEnd },
      value: { start: member.start, end: member.end },
    }));
  }

  /** Ranges of the elements of the array at `pointer`. */
  elements(pointer: readonly PointerSegment[]): TextRange[] | undefined {
    const node = this.resolve(pointer);
    if (!node || node.kind !== '[') return undefined;
    return this.indexArray(node).map((n) => ({ start: n.start, end: n.end }));
  }

  /**
   * Raw range of decoded characters [decodedStart, decodedEnd) of the string value at `pointer`,
   * walking JSON escapes so that a position inside `"{\"a\": \"{{x}}\"}"` lands on the `x`.
   */
  stringSlice(pointer: readonly PointerSegment[], decodedStart: number, decodedEnd: number): TextRange | undefined {
    const node = this.resolve(pointer);
    if (!node || node.kind !== '"') return undefined;
    return { start: this.rawOffset(node, decodedStart), end: this.rawOffset(node, decodedEnd) };
  }

  /**
   * Raw offset of decoded character `decoded` of a string literal. Templates are long (a Send to Flex
   * `attributes` is JSON full of `\"`) and hold many findings, so instead of walking the literal from its
   * start for each one, its escapes are listed once: [decoded offset, extra raw length] pairs in order.
   */
  private rawOffset(node: LazyNode, decoded: number): number {
    const escapes = (node.escapes ??= listEscapes(this.text, node.start, node.end));
    let raw = node.start + 1 + decoded;
    for (let k = 0; k < escapes.length && escapes[k]! < decoded; k += 2) raw += escapes[k + 1]!;
    return raw;
  }

  private resolve(pointer: readonly PointerSegment[]): LazyNode | undefined {
    if (pointer === this.lastPointer) return this.lastNode;
    let node = (this.root ??= this.rootNode());
    for (let k = 0; node && k < pointer.length; k++) {
      const segment = pointer[k]!;
      if (node.kind === '{') node = this.indexObject(node).get(typeof segment === 'string' ? segment : String(segment));
      else if (node.kind === '[') node = this.indexArray(node)[typeof segment === 'number' ? segment : Number(segment)];
      else node = undefined;
    }
    this.lastPointer = pointer;
    this.lastNode = node;
    return node;
  }

  private rootNode(): LazyNode | undefined {
    const start = skipWhitespace(this.text, 0);
    if (start >= this.text.length) return undefined;
    return { start, end: this.skip(start), kind: this.text[start]!, keyStart: -1, keyEnd: -1 };
  }

  /** Offset past the value at `i`; a container's end comes from the structural pass, in constant time. */
  private skip(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c !== 123 && c !== 91) return skipValue(this.text, i);
    if (tableOwner !== this.id) this.scanStructure();
    let lo = 0;
    let hi = bracketCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (opens[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return opens[lo] === i ? closes[lo]! : skipValue(this.text, i);
  }

  /**
   * One pass over the text outside strings, pairing every bracket with its match. Walking down a deeply
   * nested value then costs this one pass rather than one per level.
   */
  private scanStructure(): void {
    const text = this.text;
    const length = text.length;
    let stack = openStack;
    let depth = 0;
    let count = 0;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) i = skipString(text, i) - 1;
      else if (c === 123 || c === 91) {
        if (depth === stack.length) stack = openStack = grow(stack);
        if (count === opens.length) {
          opens = grow(opens);
          closes = grow(closes);
        }
        // The stack holds bracket numbers; an unclosed one ends at the end of the text.
        stack[depth++] = count;
        opens[count] = i;
        closes[count++] = length;
      } else if ((c === 125 || c === 93) && depth > 0) closes[stack[--depth]!] = i + 1;
    }
    bracketCount = count;
    tableOwner = this.id;
  }

  private indexObject(node: LazyNode): Map<string, LazyNode> {
    if (node.members) return node.members;
    const text = this.text;
    const members = new Map<string, LazyNode>();
    let i = skipWhitespace(text, node.start + 1);
    while (i < node.end && text.charCodeAt(i) === 34) {
      const keyEnd = skipString(text, i);
      const rawKey = text.slice(i + 1, keyEnd - 1);
      const name = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
      let j = skipWhitespace(text, keyEnd);
      j = skipWhitespace(text, j + 1); // past ':'
      const valueEnd = this.skip(j);
      // Like JSON.parse, the last of duplicate keys wins.
      members.set(name, { start: j, end: valueEnd, kind: text[j] ?? '', keyStart: i, keyEnd });
      i = skipWhitespace(text, valueEnd);
      if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
    }
    node.members = members;
    return members;
  }

  private indexArray(node: LazyNode): LazyNode[] {
    if (node.elements) return node.elements;
    const text = this.text;
    const elements: LazyNode[] = [];
    let i = skipWhitespace(text, node.start + 1);
    while (i < node.end && text.charCodeAt(i) !== 93) {
      const end = this.skip(i);
      elements.push({ start: i, end, kind: text[i]!, keyStart: -1, keyEnd: -1 });
      i = skipWhitespace(text, end);
      if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
    }
    node.elements = elements;
    return elements;
  }
}

function grow(table: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(table.length * 2);
  bigger.set(table);
  return bigger;
}

export function skipWhitespace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c < 128 && WS[c] === 1) c = text.charCodeAt(++i);
  return i;
}

/** Offset just past the string literal starting at `i` (which is a `"`). */
export function skipString(text: string, i: number): number {
  for (let j = i + 1; ; ) {
    const quote = text.indexOf('"', j);
    if (quote < 0) return text.length;
    // Count the backslashes before the quote: an odd number escapes it.
    let k = quote - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((quote - k - 1) % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/** Offset just past the JSON value starting at `i`. The text is known to parse. */
export function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 34) j = skipString(text, j) - 1;
      else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
  return j;
}

const NO_ESCAPES = new Int32Array(0);

/**
 * The escapes of the literal [start, end): pairs of decoded offset and extra raw characters (1, or 5 for \uXXXX).
 * The search stays inside the literal: `indexOf` over the rest of the text, for every literal without an
 * escape, made a large flow's many findings quadratic.
 */
function listEscapes(text: string, start: number, end: number): Int32Array {
  let pairs: number[] | undefined;
  let extra = 0;
  for (let i = start + 1; i < end - 1; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    const width = text.charCodeAt(i + 1) === 117 ? 6 : 2;
    (pairs ??= []).push(i - start - 1 - extra, width - 1);
    extra += width - 1;
    i += width - 1;
  }
  return pairs ? Int32Array.from(pairs) : NO_ESCAPES;
}

/**
 * Maps offsets to 1-based line and column; lines end at LF, CRLF or a lone CR, as in editors and ESLint
 * (JSON's whitespace has no other line terminator).
 * Findings are positioned in text order, so lookups walk forward from the previous one; a lookup behind it
 * (a finding inside a range reported earlier) switches to a table of line starts, as does a text with a
 * lone CR (rare: the fast walk looks for LF only).
 */
export class LineIndex {
  private line = 1;
  private lineStart = 0;
  private nextBreak: number;
  private starts: number[] | undefined;

  constructor(private readonly text: string) {
    this.nextBreak = text.indexOf('\n');
    if (hasLoneCr(text)) this.starts = lineStarts(text);
  }

  position(offset: number): { line: number; column: number } {
    if (this.starts || offset < this.lineStart) return this.lookup(offset);
    const text = this.text;
    while (this.nextBreak >= 0 && this.nextBreak < offset) {
      this.line++;
      this.lineStart = this.nextBreak + 1;
      this.nextBreak = text.indexOf('\n', this.lineStart);
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private lookup(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

const LONE_CR = /\r(?!\n)/;
/** Most texts have no CR at all, which indexOf finds out fastest. */
const hasLoneCr = (text: string) => text.includes('\r') && LONE_CR.test(text);

function lineStarts(text: string): number[] {
  const starts = [0];
  if (!hasLoneCr(text)) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

export function pointerToString(pointer: readonly PointerSegment[]): string {
  let out = '';
  for (const segment of pointer) {
    const s = typeof segment === 'number' ? String(segment) : segment;
    out += '/' + (s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);
  }
  // Flat (src/flow/flat-text.ts): every finding keeps its pointer.
  flatten(out);
  return out;
}

/** A JSON pointer (RFC 6901, or a `#` fragment) as segments, array indices as numbers: the locator's form. */
export function parsePointer(pointer: string): PointerSegment[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .slice(1)
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/**
 * The value at `pointer` or, when it is not in the text (a duplicate key shadowed by a later one, a path
 * Twilio names below what the file has), its nearest ancestor that is; searching from `pointer` cut to `from`
 * segments.
 */
export function nearestValue(locator: JsonLocator, pointer: readonly PointerSegment[], from = pointer.length): TextRange | undefined {
  for (let n = from; n >= 0; n--) {
    const range = locator.value(pointer.slice(0, n));
    if (range) return range;
  }
  return undefined;
}

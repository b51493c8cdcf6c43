/**
 * Positions in the raw JSON text, computed only when a finding needs them.
 *
 * `JSON.parse` gives values without positions; building a position-carrying tree for every file costs
 * several times the parse (design.md, "locate lazily"). Instead each container is indexed one level deep
 * the first time a pointer walks through it, so a file with no findings is never scanned here and a file
 * with findings pays only for the containers on the way to them.
 */

export type PointerSegment = string | number;

/** A half-open range of UTF-16 offsets into the text (BOM excluded). */
export interface TextRange {
  start: number;
  end: number;
}

interface MemberSlot {
  /** Range of the key literal, quotes included. */
  key: TextRange;
  node: LazyNode;
}

interface LazyNode {
  start: number;
  end: number;
  /** '{', '[', '"' or the first character of a scalar. */
  kind: string;
  members?: Map<string, MemberSlot>;
  elements?: LazyNode[];
}

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

export class JsonLocator {
  private root: LazyNode | undefined;
  /** Every '{' and '[' offset in order, and the offset just past its matching close: built on first use. */
  private brackets: { opens: number[]; closes: number[] } | undefined;

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
    return this.indexObject(parent).get(String(pointer[pointer.length - 1]))?.key;
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
    return [...this.indexObject(node)].map(([name, slot]) => ({
      name,
      key: slot.key,
      value: { start: slot.node.start, end: slot.node.end },
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
    return {
      start: rawOffsetInString(this.text, node.start, decodedStart),
      end: rawOffsetInString(this.text, node.start, decodedEnd),
    };
  }

  private resolve(pointer: readonly PointerSegment[]): LazyNode | undefined {
    let node = (this.root ??= this.rootNode());
    if (!node) return undefined;
    for (const segment of pointer) {
      if (node.kind === '{') {
        const slot: MemberSlot | undefined = this.indexObject(node).get(String(segment));
        if (!slot) return undefined;
        node = slot.node;
      } else if (node.kind === '[') {
        const next: LazyNode | undefined = this.indexArray(node)[Number(segment)];
        if (!next) return undefined;
        node = next;
      } else {
        return undefined;
      }
    }
    return node;
  }

  private rootNode(): LazyNode | undefined {
    const start = skipWhitespace(this.text, 0);
    if (start >= this.text.length) return undefined;
    return { start, end: this.skip(start), kind: this.text[start]! };
  }

  /**
   * Offset past the value at `i`. Containers are looked up in the bracket table, so walking down a deeply
   * nested value costs one pass over the text rather than one per level.
   */
  private skip(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c !== 123 && c !== 91) return skipValue(this.text, i);
    const { opens, closes } = (this.brackets ??= matchBrackets(this.text));
    // Opens are recorded in text order: binary search.
    let lo = 0;
    let hi = opens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = opens[mid]!;
      if (at === i) return closes[mid]!;
      if (at < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.text.length;
  }

  private indexObject(node: LazyNode): Map<string, MemberSlot> {
    if (node.members) return node.members;
    const text = this.text;
    const members = new Map<string, MemberSlot>();
    let i = skipWhitespace(text, node.start + 1);
    while (i < node.end && text[i] === '"') {
      const keyEnd = skipString(text, i);
      const rawKey = text.slice(i + 1, keyEnd - 1);
      const name = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
      let j = skipWhitespace(text, keyEnd);
      j = skipWhitespace(text, j + 1); // past ':'
      const valueEnd = this.skip(j);
      // Like JSON.parse, the last of duplicate keys wins.
      members.set(name, { key: { start: i, end: keyEnd }, node: { start: j, end: valueEnd, kind: text[j] ?? '' } });
      i = skipWhitespace(text, valueEnd);
      if (text[i] === ',') i = skipWhitespace(text, i + 1);
    }
    node.members = members;
    return members;
  }

  private indexArray(node: LazyNode): LazyNode[] {
    if (node.elements) return node.elements;
    const text = this.text;
    const elements: LazyNode[] = [];
    let i = skipWhitespace(text, node.start + 1);
    while (i < node.end && text[i] !== ']') {
      const end = this.skip(i);
      elements.push({ start: i, end, kind: text[i]! });
      i = skipWhitespace(text, end);
      if (text[i] === ',') i = skipWhitespace(text, i + 1);
    }
    node.elements = elements;
    return elements;
  }
}

function matchBrackets(text: string): { opens: number[]; closes: number[] } {
  const opens: number[] = [];
  const closes: number[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = skipString(text, i) - 1;
    else if (c === 123 || c === 91) {
      stack.push(opens.length);
      opens.push(i);
      closes.push(text.length);
    } else if (c === 125 || c === 93) {
      const index = stack.pop();
      if (index !== undefined) closes[index] = i + 1;
    }
  }
  return { opens, closes };
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

/** Raw offset of decoded character `decodedOffset` of the string literal starting at `literalStart`. */
export function rawOffsetInString(text: string, literalStart: number, decodedOffset: number): number {
  let raw = literalStart + 1;
  for (let decoded = 0; decoded < decodedOffset; decoded++) {
    if (text.charCodeAt(raw) === 92) raw += text[raw + 1] === 'u' ? 6 : 2;
    else raw += 1;
  }
  return raw;
}

/** Maps offsets to 1-based line and column; lines end at LF (a CR before it belongs to the line). */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
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

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function pointerToString(pointer: readonly PointerSegment[]): string {
  return pointer.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

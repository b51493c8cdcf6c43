/**
 * The Liquid tokenizer: the markup of one `{{ }}` or `{% %}` as paths (with their parts and offsets), strings,
 * numbers, operators and punctuation. src/liquid/scan.ts walks the template; src/liquid/expressions.ts reads the tokens.
 */
import type { LiquidError, PathPart } from './scan.js';

export type TokenType = 'path' | 'string' | 'number' | 'op' | 'punct';
export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** Operator or punctuation text, or a string literal's value. */
  value: string;
  path?: PathPart[];
  /** Inner paths inside dynamic brackets (`a[b]` gives b). */
  inner?: Token[];
}


// Character classes by code: the scanner runs over every template of every flow, where a regex test per
// character cost more than the rest of the scan.
export const SPACE = 1;
export const DIGIT = 2;
export const IDENT_START = 4;
export const IDENT = 8;
const CLASS = new Uint8Array(128);
for (const c of ' \t\n\r\f\v') CLASS[c.charCodeAt(0)]! |= SPACE;
for (let c = 48; c <= 57; c++) CLASS[c]! |= DIGIT | IDENT;
for (let c = 65; c <= 90; c++) CLASS[c]! |= IDENT_START | IDENT;
for (let c = 97; c <= 122; c++) CLASS[c]! |= IDENT_START | IDENT;
CLASS[95]! |= IDENT_START | IDENT; // _
CLASS[45]! |= IDENT; // -
export const is = (text: string, i: number, kind: number) => {
  const c = text.charCodeAt(i);
  return c < 128 && (CLASS[c]! & kind) !== 0;
};


export function skipSpaces(text: string, i: number): number {
  while (i < text.length && is(text, i, SPACE)) i++;
  return i;
}

export function tokenize(text: string, start: number, end: number, errors: LiquidError[]): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (is(text, i, SPACE)) {
      i++;
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const stop = close < 0 || close >= end ? end : close + 1;
      if (close < 0 || close >= end) errors.push({ message: 'a string is not closed', start: i, end });
      tokens.push({ type: 'string', start: i, end: stop, value: text.slice(i + 1, Math.max(i + 1, stop - 1)) });
      i = stop;
    } else if (is(text, i, DIGIT) || (c === '-' && is(text, i + 1, DIGIT))) {
      let j = i + 1;
      while (j < end && (is(text, j, DIGIT) || text[j] === '.') && !(text[j] === '.' && text[j + 1] === '.')) j++;
      tokens.push({ type: 'number', start: i, end: j, value: text.slice(i, j) });
      i = j;
    } else if (is(text, i, IDENT_START)) {
      const token = readPath(text, i, end, errors);
      tokens.push(token);
      i = token.end;
    } else {
      const two = text.slice(i, i + 2);
      const op = ['==', '!=', '<>', '<=', '>=', '..'].includes(two) ? two : c;
      tokens.push({ type: /[=<>!]/.test(op[0]!) ? 'op' : 'punct', start: i, end: i + op.length, value: op });
      i += op.length;
    }
  }
  return tokens;
}

function readIdentifier(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && is(text, j, IDENT)) j++;
  // A trailing '-' belongs to whitespace control (`x -}}` is handled by the caller, `x-}}` here).
  while (j > i + 1 && text[j - 1] === '-') j--;
  // A trailing '?' is allowed in Liquid identifiers.
  if (text[j] === '?') j++;
  return j;
}

/**
 * Segment names by text: a flow names `trigger`, `message`, `widgets` in every template, and a copy of each per
 * reference is 72 bytes a reference that a run keeps (issue 26: 600,000 references). Cleared at a bound, as the
 * scan cache is.
 */
const names = new Map<string, string>();
const NAMES_LIMIT = 50_000;

function intern(name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size >= NAMES_LIMIT) names.clear();
  // The table keeps V8's internalized copy (an object literal's key is one): a slice of 13 characters or more is
  // otherwise a view into the whole message body it was read from, and a name V8 internalizes later, when it is
  // used as a property key, becomes a forwarding "thin" string, which Array.prototype.join takes for two-byte: every
  // message formatted from it took two bytes a character (issue 26).
  const own = Object.keys({ [name]: 0 })[0]!;
  names.set(own, own);
  return own;
}

function readPath(text: string, i: number, end: number, errors: LiquidError[]): Token {
  const parts: PathPart[] = [];
  const inner: Token[] = [];
  let j = readIdentifier(text, i, end);
  parts.push({ name: intern(text.slice(i, j)), start: i, end: j });
  for (;;) {
    // Liquid (and liquidjs) allow spaces after the dot: `flow.variables. count` reads flow.variables.count.
    const afterDot = text[j] === '.' ? skipSpaces(text, j + 1) : j;
    if (text[j] === '.' && afterDot < end && is(text, afterDot, IDENT) && text[afterDot] !== '-') {
      const s = afterDot;
      const e = readIdentifier(text, s, end);
      parts.push({ name: intern(text.slice(s, e)), start: s, end: e });
      j = e;
    } else if (text[j] === '[') {
      const close = findClosingBracket(text, j, end);
      if (close < 0) {
        errors.push({ message: "'[' is not closed with ']'", start: j, end });
        j = end;
        break;
      }
      const body = text.slice(j + 1, close).trim();
      const quoted = /^(['"])(.*)\1$/s.exec(body);
      if (quoted) parts.push({ name: quoted[2]!, start: j, end: close + 1 });
      else if (/^-?\d+$/.test(body)) parts.push({ name: body, start: j, end: close + 1 });
      else {
        parts.push({ name: null, start: j, end: close + 1 });
        inner.push(...tokenize(text, j + 1, close, errors));
      }
      j = close + 1;
    } else break;
  }
  // A copy of exactly its length: an array grown by push keeps room for 16 (144 bytes for a path of three).
  return { type: 'path', start: i, end: j, value: '', path: parts.slice(), inner };
}

function findClosingBracket(text: string, open: number, end: number): number {
  let depth = 0;
  for (let j = open; j < end; j++) {
    const c = text[j];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, j + 1);
      if (close < 0 || close >= end) return -1;
      j = close;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  return -1;
}


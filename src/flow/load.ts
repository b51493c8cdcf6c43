/**
 * Reading a file and recognising what it holds: a bare flow definition, Flow resources from the REST API or
 * twilio-cli (with the definition inside), the pre-v2 export format, or something that is not a flow.
 */
import { isUtf8 } from 'node:buffer';
import { maskPlaceholders } from '../liquid/mask.js';
import { findJsonSyntaxError } from './json-syntax.js';
import type { PointerSegment } from './locate.js';

export interface FlowDefinition {
  description?: unknown;
  states: unknown[];
  initial_state?: unknown;
  flags?: unknown;
  [key: string]: unknown;
}

/** Where the flow came from when the file is a Flow resource (REST API, twilio-cli, `pull`). */
export interface FlowResourceInfo {
  sid?: string;
  friendlyName?: string;
  revision?: number;
  status?: string;
}

export interface FlowEntry {
  definition: FlowDefinition;
  /** Pointer of the definition inside the file: [] for a bare definition, ['definition'] or [i, 'definition']. */
  base: PointerSegment[];
  resource?: FlowResourceInfo;
}

export type Classification =
  /** `root` is the parsed document, kept so that the fix loop can compare before and after without parsing again. */
  | { kind: 'flows'; flows: FlowEntry[]; root: unknown }
  | { kind: 'not-a-flow'; reason: string }
  | { kind: 'legacy-format'; reason: string; base: PointerSegment[] }
  | { kind: 'invalid-json'; message: string; offset: number };

export interface SourceText {
  /** The text with any byte order mark removed; all offsets refer to it. */
  text: string;
  bom: boolean;
  /** The bytes are UTF-16, which Studio and studio-lint do not read: what to tell the user. */
  utf16?: 'UTF-16LE' | 'UTF-16BE';
  /**
   * The bytes are not valid UTF-8: the offset of the first byte that is not. Each such byte is in the text as
   * a lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"), which no UTF-8 text can hold, so that
   * encodeSource writes it back as the byte it was: a fix changes only what it fixes.
   */
  invalidUtf8At?: number;
}

/**
 * A file's bytes (a Buffer, or any Uint8Array: the public declarations name no Node type, so a project without
 * @types/node type-checks them) or its text, decoded.
 */
export function decodeSource(input: Uint8Array | string): SourceText {
  const bytes = typeof input === 'string' || Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (typeof bytes !== 'string') {
    const utf16 = utf16Encoding(bytes);
    if (utf16) return { text: '', bom: false, utf16 };
  }
  let raw = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  // Decoding replaced each invalid byte with U+FFFD; a text without one needs no second look.
  const invalidAt = typeof bytes !== 'string' && raw.includes('\uFFFD') && !isUtf8(bytes) ? nextInvalidUtf8(bytes, 0) : undefined;
  if (invalidAt !== undefined) raw = decodeEscapingInvalid(bytes as Buffer);
  const source: SourceText = raw.charCodeAt(0) === 0xfeff ? { text: raw.slice(1), bom: true } : { text: raw, bom: false };
  if (invalidAt !== undefined) source.invalidUtf8At = invalidAt;
  return source;
}

/** Text to write back for a source: its bytes as read, but for the edits made to the text. */
export function encodeSource(text: string, source: SourceText): string | Uint8Array {
  if (source.invalidUtf8At === undefined) return text;
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\udc80-\udcff]/g)) {
    parts.push(Buffer.from(text.slice(last, m.index)), Buffer.from([m[0].charCodeAt(0) - 0xdc00]));
    last = m.index + 1;
  }
  parts.push(Buffer.from(text.slice(last)));
  return Buffer.concat(parts);
}

function decodeEscapingInvalid(bytes: Buffer): string {
  let out = '';
  for (let at = 0; at < bytes.length; ) {
    const bad = nextInvalidUtf8(bytes, at);
    out += bytes.toString('utf8', at, bad);
    if (bad < bytes.length) out += String.fromCharCode(0xdc00 + bytes[bad]!);
    at = bad + 1;
  }
  return out;
}

/** UTF-16 by its byte order mark, or by the zero bytes that ASCII text has in UTF-16 (`{` is 7B 00). */
function utf16Encoding(bytes: Buffer): SourceText['utf16'] {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  if (bytes[0] !== 0 && bytes[1] === 0) return 'UTF-16LE';
  if (bytes[0] === 0 && bytes[1] !== 0) return 'UTF-16BE';
  return undefined;
}

/** The offset of the first byte from `from` on that does not belong to a valid UTF-8 sequence (or the length). */
function nextInvalidUtf8(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

export function classify(text: string): Classification {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const masked = maskPlaceholders(text, 'terraform').text;
    try {
      if (masked === text) throw new Error('no placeholders');
      value = JSON.parse(masked);
    } catch {
      const { offset, message } = findJsonSyntaxError(text);
      return { kind: 'invalid-json', message: `invalid JSON: ${message}`, offset };
    }
  }
  return classifyValue(value);
}

export function classifyValue(value: unknown): Classification {
  if (Array.isArray(value)) {
    // twilio-cli prints a JSON array of Flow resources.
    const flows: FlowEntry[] = [];
    for (let i = 0; i < value.length; i++) {
      const entry = asResource(value[i], [i]);
      if (entry === 'legacy') return { kind: 'legacy-format', reason: legacyReason, base: [i, 'definition'] };
      if (entry) flows.push(entry);
    }
    if (flows.length > 0) return { kind: 'flows', flows, root: value };
    return { kind: 'not-a-flow', reason: 'a JSON array with no Flow resources (objects with a "definition" holding "states")' };
  }
  if (!isObject(value)) return { kind: 'not-a-flow', reason: `the top level is ${describeType(value)}, not an object` };
  const resource = asResource(value, []);
  if (resource === 'legacy') return { kind: 'legacy-format', reason: legacyReason, base: ['definition'] };
  if (resource) return { kind: 'flows', flows: [resource], root: value };
  const shape = definitionShape(value);
  if (shape === 'legacy') return { kind: 'legacy-format', reason: legacyReason, base: [] };
  if (shape === 'v2') return { kind: 'flows', flows: [{ definition: value as FlowDefinition, base: [] }], root: value };
  return { kind: 'not-a-flow', reason: 'no "states" array and no Flow resource "definition"' };
}

const legacyReason =
  'this is the pre-v2 Studio export format (CamelCase widget types such as InitialState, transitions pointing at state sids); Studio cannot import it: re-export the flow from Studio';

function asResource(value: unknown, base: PointerSegment[]): FlowEntry | 'legacy' | undefined {
  if (!isObject(value) || !('definition' in value)) return undefined;
  const definition = value.definition;
  if (!isObject(definition)) return undefined;
  const shape = definitionShape(definition);
  if (shape === 'legacy') return 'legacy';
  if (shape !== 'v2') return undefined;
  const info: FlowResourceInfo = {};
  const sid = value.sid;
  const name = value.friendly_name ?? value.friendlyName;
  const revision = value.revision;
  const status = value.status;
  if (typeof sid === 'string') info.sid = sid;
  if (typeof name === 'string') info.friendlyName = name;
  if (typeof revision === 'number') info.revision = revision;
  if (typeof status === 'string') info.status = status;
  return { definition: definition as FlowDefinition, base: [...base, 'definition'], resource: info };
}

function definitionShape(value: Record<string, unknown>): 'v2' | 'legacy' | undefined {
  const states = value.states;
  if (!Array.isArray(states)) return undefined;
  const isLegacy = states.some(
    (s) => isObject(s) && typeof s.type === 'string' && /^[A-Z]/.test(s.type) && (s.type === 'InitialState' || typeof s.sid === 'string'),
  );
  if (isLegacy || (states.length > 0 && !('initial_state' in value) && states.some((s) => isObject(s) && typeof s.sid === 'string'))) {
    return 'legacy';
  }
  return 'v2';
}

/**
 * Whether text that does not parse still looks like a flow, so that a broken flow is reported while other
 * unparseable JSON (JSONC settings with comments, templates) is passed over. Every flow definition has a
 * "states" key, and Studio writes "initial_state" right after it; a file cut short may keep only the first.
 * A plain text search: this only runs for files that failed to parse.
 */
export function looksLikeFlow(text: string): boolean {
  return text.includes('"states"') || text.includes('"initial_state"');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A single-pass scanner for the Liquid that Studio templates use.
 *
 * It finds every variable path with its offsets in the (decoded) template, resolves `{% assign %}` aliases,
 * records comparisons against string literals and reports structural errors. liquidjs parses the same
 * templates about seven times slower than `JSON.parse` reads the whole file (measured on the corpus:
 * 34.7 ms against 4.7 ms) and reports aliased reads as locals, so the hot path uses this scanner.
 */

import { collectComparisons, readExpressionWithFilters, readPaths } from './expressions.js';
import { Scope } from './scope.js';
import { BLOCK_TAGS, KNOWN_TAGS, TAGS_WITHOUT_EXPRESSION } from './tags.js';
import { IDENT, is, skipSpaces, tokenize, type Token } from './tokenize.js';

export interface PathPart {
  /** Segment name; null for a dynamic index such as `[i]`. */
  name: string | null;
  /** Offsets of the segment as written: the identifier, or the whole `[...]`. */
  start: number;
  end: number;
}

export interface LiquidReference {
  /** The path as it is read at run time, aliases expanded: `m.From` after `assign m = trigger.message` gives trigger, message, From. */
  segments: (string | null)[];
  /** The parts as written in the template, the root first. */
  parts: PathPart[];
  /** Offsets of the whole path as written. */
  start: number;
  end: number;
  /** Set when the written root is an alias: its name and the segments it stands for. */
  alias?: { name: string; target: (string | null)[] };
  /** Set when this path is the source of `{% assign name = path %}` that defines an alias. */
  definesAlias?: string;
  /** Filters applied directly to this path in output or assign (`{{ x | to_json }}` gives to_json). */
  filters: string[];
  /** The whole expression of an output, echo or assign, where a filter may be appended. */
  isHead?: boolean;
  markup: 'output' | 'tag';
  /** For the head of an output: the offsets of the whole `{{ … }}` and of the end of its expression. */
  output?: { start: number; end: number; bodyEnd: number };
  /** The `{% if path %}` / `{% unless path %}` blocks around the reference, outermost first. */
  guards?: readonly LiquidGuard[];
}

/**
 * A block that runs only when a path is truthy (`then`) or falsy (`else`): `{% if trigger.conversation %}`
 * or its `{% else %}` / `{% elsif %}` branches. Only single-path conditions are recorded; a block with any
 * other condition is recorded with no path, so the nesting stays exact.
 */
export interface LiquidGuard {
  segments: readonly (string | null)[] | undefined;
  branch: 'then' | 'else';
}

export interface LiquidComparison {
  /** The path compared, if one side is a path. */
  reference: LiquidReference | undefined;
  operator: string;
  /** The string literal's value and the offsets of its content (inside the quotes). */
  literal: string;
  start: number;
  end: number;
}

export interface LiquidError {
  message: string;
  start: number;
  end: number;
}

/**
 * A `{% for %}` or `{% tablerow %}` loop: what the template says about how many times it runs. Studio runs at
 * most 15 iterations of a Liquid loop (https://www.twilio.com/docs/studio/user-guide/studio-faq).
 */
export interface LiquidLoop {
  tag: 'for' | 'tablerow';
  /** Offsets of the collection as written: the range `(1..20)` or the path. */
  start: number;
  end: number;
  /** The items of a range whose ends are both number literals; undefined for data or a range with a variable end. */
  rangeSize?: number;
  /** `limit: N` with a number literal: its value and the offsets of the number. */
  limit?: { value: number; start: number; end: number };
  /** `offset: N` with a number literal. */
  offset?: number;
  /** Whether the loop's body writes something on each pass (an output, or text other than white space). */
  emits: boolean;
}

export interface LiquidScan {
  references: LiquidReference[];
  comparisons: LiquidComparison[];
  errors: LiquidError[];
  /** The template's loops, when it has any. */
  loops?: LiquidLoop[];
}

/** Cheap test that a string may hold Liquid at all. */
export function mayContainLiquid(text: string): boolean {
  const i = text.indexOf('{');
  return i >= 0 && (text.includes('{{', i) || text.includes('{%', i));
}

/**
 * Scans kept by template text. Flows repeat the same templates (`{{trigger.message.ChannelSid}}` in every
 * Send to Flex): in the public corpus 4,411 templates hold 665 distinct texts, so most scans are lookups.
 * A scan is shared by every template with that text, so nothing may modify one.
 */
const scanCache = new Map<string, LiquidScan>();
const SCAN_CACHE_LIMIT = 20_000;
/**
 * The cache is bounded by the characters it holds too: a scan weighs about ten times its text, and a huge flow
 * of long distinct message bodies kept 20,000 of them, 400 MB, alive after its lint ended, which every garbage
 * collection then traced (issue 26). The texts flows repeat are short: in the corpus, 390 repeated texts, the
 * longest 699 characters.
 */
const SCAN_CACHE_CHARACTERS = 2_000_000;
let cachedCharacters = 0;

export function scanLiquid(text: string): LiquidScan {
  // A text of a quarter of the bound or more is scanned but not kept: it would empty the cache and outlive the lint.
  if (text.length * 4 > SCAN_CACHE_CHARACTERS) return scanTemplate(text);
  let scan = scanCache.get(text);
  if (scan === undefined) {
    scan = scanTemplate(text);
    // Dropping everything at the limit keeps the cache bounded without the bookkeeping of an LRU.
    if (scanCache.size >= SCAN_CACHE_LIMIT || cachedCharacters + text.length > SCAN_CACHE_CHARACTERS) {
      scanCache.clear();
      cachedCharacters = 0;
    }
    scanCache.set(text, scan);
    cachedCharacters += text.length;
  }
  return scan;
}

/** The scan being built; `guards` is the snapshot each new reference takes (undefined outside guards). */
export interface ScanState extends LiquidScan {
  guards?: readonly LiquidGuard[];
}

interface Block {
  tag: string;
  start: number;
  end: number;
  guard?: LiquidGuard;
  loop?: LiquidLoop;
}

/** A new array whenever the guards change, so that references taken earlier keep their own snapshot. */
function updateGuards(state: ScanState, blocks: Block[]): void {
  const guards = blocks.flatMap((b) => (b.guard ? [b.guard] : []));
  state.guards = guards.length ? guards : undefined;
}

function scanTemplate(text: string): LiquidScan {
  const result: ScanState = { references: [], comparisons: [], errors: [] };
  const scope = new Scope();
  const blocks: Block[] = [];
  let caseSubject: LiquidReference | undefined;

  // The loops open at this point (most templates have none: nothing is looked at then).
  let openLoops = 0;
  // Where the text since the last tag starts, to tell whether a loop's body writes text between its tags.
  let textFrom = 0;
  const emitted = (from: number, to: number) => {
    if (openLoops === 0 || text.slice(from, to).trim() === '') return;
    for (const b of blocks) if (b.loop) b.loop.emits = true;
  };

  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const next = text[open + 1];
    if (next !== '{' && next !== '%') {
      i = open + 1;
      continue;
    }
    emitted(textFrom, open);
    const isOutput = next === '{';
    const close = text.indexOf(isOutput ? '}}' : '%}', open + 2);
    if (close < 0) {
      result.errors.push({
        message: isOutput ? "'{{' is not closed with '}}'" : "'{%' is not closed with '%}'",
        start: open,
        end: Math.min(text.length, open + 2),
      });
      break;
    }
    let bodyStart = open + 2;
    let bodyEnd = close;
    if (text[bodyStart] === '-') bodyStart++;
    if (bodyEnd > bodyStart && text[bodyEnd - 1] === '-') bodyEnd--;
    i = close + 2;
    textFrom = i;

    if (isOutput) {
      emitted(open, i);
      const tokens = tokenize(text, bodyStart, bodyEnd, result.errors);
      const head = readExpressionWithFilters(tokens, 0, 'output', result, scope);
      if (head) head.output = { start: open, end: close + 2, bodyEnd };
      continue;
    }

    const nameStart = skipSpaces(text, bodyStart);
    let nameEnd = nameStart;
    while (nameEnd < bodyEnd && (is(text, nameEnd, IDENT) || text[nameEnd] === '#') && text[nameEnd] !== '-') nameEnd++;
    const tag = text.slice(nameStart, nameEnd);
    const tagRange = { start: open, end: close + 2 };

    if (tag === 'raw' || tag === 'comment') {
      const endTag = new RegExp(`\\{%-?\\s*end${tag}\\s*-?%\\}`, 'g');
      endTag.lastIndex = i;
      const m = endTag.exec(text);
      if (!m) {
        result.errors.push({ message: `'{% ${tag} %}' is not closed with '{% end${tag} %}'`, ...tagRange });
        break;
      }
      i = m.index + m[0].length;
      if (tag === 'raw') emitted(open, i);
      textFrom = i;
      continue;
    }
    if (tag === '' || !KNOWN_TAGS.has(tag)) {
      result.errors.push({ message: tag ? `unknown tag '${tag}'` : 'a tag needs a name', ...tagRange });
      continue;
    }

    if (BLOCK_TAGS.has(tag)) blocks.push({ tag, ...tagRange });
    if (tag.startsWith('end')) {
      const opened = blocks.pop();
      if (opened?.loop) openLoops--;
      if (!opened || `end${opened.tag}` !== tag) {
        result.errors.push({
          message: opened ? `'{% ${tag} %}' closes '{% ${opened.tag} %}'` : `'{% ${tag} %}' has no opening tag`,
          ...tagRange,
        });
        if (opened) {
          blocks.push(opened);
          if (opened.loop) openLoops++;
        }
      }
      if (opened?.guard) updateGuards(result, blocks);
      continue;
    }
    if ((tag === 'else' || tag === 'elsif') && !blocks.some((b) => b.tag === 'if' || b.tag === 'unless' || b.tag === 'case' || b.tag === 'for')) {
      result.errors.push({ message: `'{% ${tag} %}' outside an if block`, ...tagRange });
      continue;
    }
    if (tag === 'when' && blocks[blocks.length - 1]?.tag !== 'case') {
      result.errors.push({ message: "'{% when %}' outside a case block", ...tagRange });
    }
    // `else` and `elsif` run where the condition of their `if` was falsy (and `unless`'s `else` where it was truthy).
    const innermost = blocks[blocks.length - 1];
    if ((tag === 'else' || tag === 'elsif') && innermost?.guard) {
      innermost.guard = { segments: innermost.guard.segments, branch: innermost.tag === 'unless' ? 'then' : 'else' };
      updateGuards(result, blocks);
    }
    if (TAGS_WITHOUT_EXPRESSION.has(tag) || tag === 'liquid' || tag === 'include' || tag === 'render' || tag === '#') continue;

    const tokens = tokenize(text, nameEnd, bodyEnd, result.errors);
    switch (tag) {
      case 'assign': {
        const target = tokens[0];
        const eq = tokens[1];
        if (!target?.path || target.path.length !== 1 || eq?.value !== '=') {
          result.errors.push({ message: "'{% assign %}' needs a name, '=' and a value", ...tagRange });
          break;
        }
        const name = target.path[0]!.name!;
        const head = readExpressionWithFilters(tokens, 2, 'tag', result, scope);
        if (head && head.filters.length === 0 && tokens.length === 3 && head.segments[0] !== null) {
          head.definesAlias = name;
          scope.alias(name, head.segments);
        } else {
          scope.local(name);
        }
        break;
      }
      case 'capture':
      case 'increment':
      case 'decrement': {
        const name = tokens[0]?.path?.[0]?.name;
        if (name) scope.local(name);
        break;
      }
      case 'for':
      case 'tablerow': {
        const variable = tokens[0]?.path?.[0]?.name;
        if (!variable || tokens[1]?.path?.[0]?.name !== 'in') {
          result.errors.push({ message: `'{% ${tag} %}' needs 'variable in collection'`, ...tagRange });
          break;
        }
        // Everything after `in` is read, except the keyword arguments `limit:` / `offset:` names.
        readPaths(tokens.slice(2), 'tag', result, scope);
        scope.local(variable);
        const loop = readLoop(tag, tokens);
        if (loop) {
          (result.loops ??= []).push(loop);
          blocks[blocks.length - 1]!.loop = loop;
          openLoops++;
        }
        break;
      }
      case 'echo':
        readExpressionWithFilters(tokens, 0, 'tag', result, scope);
        break;
      case 'case': {
        if (tokens.length === 0) result.errors.push({ message: "'{% case %}' needs a value", ...tagRange });
        const refs = readPaths(tokens, 'tag', result, scope);
        caseSubject = refs[0];
        break;
      }
      case 'when': {
        readPaths(tokens, 'tag', result, scope);
        for (const token of tokens) {
          if (token.type === 'string') {
            result.comparisons.push({ reference: caseSubject, operator: '==', literal: token.value, start: token.start + 1, end: token.end - 1 });
          }
        }
        break;
      }
      default: {
        // if, elsif, unless, cycle
        if (tokens.length === 0) {
          result.errors.push({ message: `'{% ${tag} %}' needs ${tag === 'cycle' ? 'values' : 'a condition'}`, ...tagRange });
          break;
        }
        const refs = readPaths(tokens, 'tag', result, scope);
        collectComparisons(tokens, refs, result);
        if (tag === 'if' || tag === 'unless') {
          const segments = tokens.length === 1 ? refs[0]?.segments : undefined;
          blocks[blocks.length - 1]!.guard = { segments, branch: tag === 'if' ? 'then' : 'else' };
          updateGuards(result, blocks);
        }
      }
    }
  }
  emitted(textFrom, text.length);
  for (const block of blocks) {
    result.errors.push({ message: `'{% ${block.tag} %}' is not closed with '{% end${block.tag} %}'`, start: block.start, end: block.end });
  }
  delete result.guards;
  return result;
}


/** What a loop's markup (`item in collection limit: N offset: M`, from its tokens) says about its size. */
function readLoop(tag: 'for' | 'tablerow', tokens: Token[]): LiquidLoop | undefined {
  const first = tokens[2];
  if (!first) return undefined;
  let loop: LiquidLoop;
  let k: number;
  if (first.value === '(' && first.type === 'punct') {
    // (from..to): Liquid turns both ends into integers.
    const from = tokens[3];
    const dots = tokens[4];
    const to = tokens[5];
    const close = tokens[6];
    if (!from || dots?.value !== '..' || !to || close?.value !== ')') return undefined;
    loop = { tag, start: first.start, end: close.end, emits: false };
    if (from.type === 'number' && to.type === 'number') loop.rangeSize = Math.max(0, Math.trunc(Number(to.value)) - Math.trunc(Number(from.value)) + 1);
    k = 7;
  } else {
    loop = { tag, start: first.start, end: first.end, emits: false };
    k = 3;
  }
  // A tablerow writes its <tr>/<td> markup on every pass.
  if (tag === 'tablerow') loop.emits = true;
  for (; k < tokens.length; k++) {
    const name = tokens[k]?.path?.length === 1 ? tokens[k]!.path![0]!.name : undefined;
    const value = tokens[k + 2];
    if ((name !== 'limit' && name !== 'offset') || tokens[k + 1]?.value !== ':' || value?.type !== 'number') continue;
    const n = Math.trunc(Number(value.value));
    if (name === 'limit') loop.limit = { value: n, start: value.start, end: value.end };
    else loop.offset = n;
  }
  return loop;
}

/**
 * Reading a tag's or an output's tokens: variable references (aliases resolved through the scope, keywords and
 * locals skipped), filters and their arguments, and comparisons with string literals.
 */
import type { LiquidReference, LiquidScan, ScanState } from './scan.js';
import type { Scope } from './scope.js';
import type { Token } from './tokenize.js';

const KEYWORDS = new Set(['true', 'false', 'nil', 'null', 'empty', 'blank', 'and', 'or', 'contains', 'in', 'reversed']);
const COMPARISON_OPERATORS = new Set(['==', '!=', '<>', 'contains']);

/**
 * Reads `head | filter: arg, key: arg | filter` starting at token `from`. Returns the head reference (if the
 * head is a variable path) with its filters; filter arguments are references too.
 */
export function readExpressionWithFilters(
  tokens: Token[],
  from: number,
  markup: 'output' | 'tag',
  result: ScanState,
  scope: Scope,
): LiquidReference | undefined {
  const pipe = tokens.findIndex((t, k) => k >= from && t.value === '|');
  const headTokens = tokens.slice(from, pipe < 0 ? tokens.length : pipe);
  const headRefs = readPaths(headTokens, markup, result, scope);
  const head = headTokens.length === 1 && headTokens[0]!.type === 'path' ? headRefs[0] : undefined;
  if (head) head.isHead = true;
  if (pipe < 0) return head;
  // Filters: the identifier after each '|' is a filter name, identifiers followed by ':' are argument names.
  const filterTokens = tokens.slice(pipe);
  const args: Token[] = [];
  for (let k = 0; k < filterTokens.length; k++) {
    const t = filterTokens[k]!;
    const prev = filterTokens[k - 1];
    const next = filterTokens[k + 1];
    if (t.type !== 'path') continue;
    if (prev?.value === '|') {
      head?.filters.push(t.path![0]!.name!);
      continue;
    }
    if (next?.value === ':' && t.path!.length === 1 && prev?.value !== ':') continue;
    args.push(t);
  }
  readPaths(args, markup, result, scope);
  return head;
}

/** Turns every path token (and the paths inside dynamic brackets) into a reference, skipping keywords and locals. */
export function readPaths(
  tokens: Token[],
  markup: 'output' | 'tag',
  result: ScanState,
  scope: Scope,
): (LiquidReference | undefined)[] {
  const refs: (LiquidReference | undefined)[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.type !== 'path') {
      refs.push(undefined);
      continue;
    }
    if (token.inner?.length) readPaths(token.inner, markup, result, scope);
    const parts = token.path!;
    const root = parts[0]!.name!;
    const isKeywordArgument = tokens[k + 1]?.value === ':' && parts.length === 1;
    if ((parts.length === 1 && KEYWORDS.has(root)) || isKeywordArgument || scope.isLocal(root)) {
      refs.push(undefined);
      continue;
    }
    const written = parts.map((p) => p.name);
    const target = scope.target(root);
    const ref: LiquidReference = {
      segments: target ? [...target, ...written.slice(1)] : written,
      parts,
      start: token.start,
      end: token.end,
      filters: [],
      markup,
    };
    if (target) ref.alias = { name: root, target };
    if (result.guards) ref.guards = result.guards;
    result.references.push(ref);
    refs.push(ref);
  }
  return refs;
}

export function collectComparisons(tokens: Token[], refs: (LiquidReference | undefined)[], result: LiquidScan): void {
  for (let k = 1; k + 1 < tokens.length; k++) {
    const op = tokens[k]!;
    const isOperator = op.type === 'op' ? COMPARISON_OPERATORS.has(op.value) : op.path?.length === 1 && op.path[0]!.name === 'contains';
    if (!isOperator) continue;
    const left = tokens[k - 1]!;
    const right = tokens[k + 1]!;
    const operator = op.type === 'op' ? op.value : 'contains';
    if (right.type === 'string') {
      result.comparisons.push({ reference: refs[k - 1], operator, literal: right.value, start: right.start + 1, end: right.end - 1 });
    } else if (left.type === 'string') {
      result.comparisons.push({ reference: refs[k + 1], operator, literal: left.value, start: left.start + 1, end: left.end - 1 });
    }
  }
}

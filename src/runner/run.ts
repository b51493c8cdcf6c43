/**
 * Reading and linting files, and the programmatic entry point for a whole run.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { classify, decodeSource, type SourceText } from '../flow/load.js';
import { discover } from './discover.js';
import { activeRules, lintSource, type ActiveRule, type FileLint, type LintSettings, type ScopeInputs } from '../linter/lint.js';
import { toLintResult, type LintResult } from '../linter/results.js';

/**
 * Lints files, folders and globs and returns ESLint-shaped results (files that are not flows, found by a
 * folder scan, are left out). `missing` lists the paths that matched nothing.
 */
export async function lintFiles(
  paths: string[],
  { settings, cwd = process.cwd() }: { settings?: LintSettings; cwd?: string } = {},
): Promise<{ results: LintResult[]; missing: string[] }> {
  const { targets, missing } = await discover(paths, cwd);
  const active = activeRules(settings);
  const results: LintResult[] = [];
  for (const target of targets) {
    const file = lintPath(target.path, active, target.explicit, undefined, target.stream);
    reportEmptyFile(file, cwd);
    if (!file.skipped) results.push(toLintResult(file, { withEdits: true }));
  }
  return { results, missing };
}

export function lintPath(filePath: string, active: ActiveRule[], explicit: boolean, scope?: ScopeInputs, stream = false, summarize = false): FileLint {
  let source: SourceText;
  try {
    source = stream ? decodeSource(readFileSync(filePath)) : readSource(filePath);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    const file = lintSource(filePath, { text: '', bom: false }, [], { explicit: true });
    const message = isFolder(filePath) ? `cannot list the folder (${reason}): the flows in it are not linted` : `cannot read the file (${reason})`;
    file.findings = [{ ruleId: null, severity: 2, fatal: true, message, range: { start: 0, end: 0 } }];
    return file;
  }
  return lintSource(filePath, source, active, { explicit, scope, summarize });
}

/** JSON files other tools own, by name (npm, TypeScript, Composer, this tool's config and baseline). */
const OTHER_TOOLS_JSON = /^(package|package-lock|npm-shrinkwrap|tsconfig(\..+)?|jsconfig|composer|studio-lint\.config|studio-lint-baseline)\.json$/;

/**
 * An empty `.json` file (0 bytes, or whitespace only) that a folder scan, or `--ignore-non-flows`, passed over
 * is almost always a flow cut short (an interrupted save or export): it is reported as fatal, as invalid JSON
 * is, so that it does not pass a hook or CI. Not so a file lint passes over by name: a dot file, one in a dot
 * folder or node_modules (which a folder scan never enters, and a hook may still name), or another tool's JSON.
 */
export function reportEmptyFile(file: FileLint, cwd: string): void {
  if (file.skipped === undefined || file.source.text.trim() !== '') return;
  const segments = path.relative(cwd, file.filePath).split(path.sep);
  if (segments.some((s) => s !== '..' && (s.startsWith('.') || s === 'node_modules'))) return;
  if (OTHER_TOOLS_JSON.test(segments[segments.length - 1]!)) return;
  const classification = classify(file.source.text);
  if (classification.kind !== 'invalid-json') return;
  delete file.skipped;
  const end = Math.min(file.source.text.length, classification.offset + 1);
  file.findings = [{ ruleId: null, severity: 2, fatal: true, message: classification.message, range: { start: classification.offset, end } }];
}

/** A folder among the targets is one a scan could not list (see discover). */
function isFolder(filePath: string): boolean {
  try {
    return statSync(filePath).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads and decodes a regular file. Node decodes UTF-8 in one native call (no Buffer, no JavaScript read loop):
 * about 5 ms less per 1,000 realistic flows than reading bytes and decoding them. A text that holds U+FFFD
 * (an invalid byte, a UTF-16 byte order mark, or a U+FFFD written in the file) or a NUL among its first two
 * characters (UTF-16 without a byte order mark) is read again as bytes, for decodeSource to tell them apart:
 * which is why a FIFO, readable once, never comes here.
 */
export function readSource(filePath: string): SourceText {
  const text = readFileSync(filePath, 'utf8');
  if (text.includes('\uFFFD') || (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0))) return decodeSource(readFileSync(filePath));
  return decodeSource(text);
}

export function stdinPath(cwd: string, filename: string | undefined): string {
  return path.resolve(cwd, filename ?? '<stdin>');
}

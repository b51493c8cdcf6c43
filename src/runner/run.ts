/**
 * Reading and linting files, and the programmatic entry point for a whole run.
 */
import path from 'node:path';
import { readSource, type SourceText } from '../flow/load.js';
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
    const file = lintPath(target.path, active, target.explicit);
    if (!file.skipped) results.push(toLintResult(file, { withEdits: true }));
  }
  return { results, missing };
}

export function lintPath(filePath: string, active: ActiveRule[], explicit: boolean, scope?: ScopeInputs): FileLint {
  let source: SourceText;
  try {
    source = readSource(filePath);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    const file = lintSource(filePath, { text: '', bom: false }, [], { explicit: true });
    file.findings = [{ ruleId: null, severity: 2, fatal: true, message: `cannot read the file (${reason})`, range: { start: 0, end: 0 } }];
    return file;
  }
  return lintSource(filePath, source, active, { explicit, scope });
}

export function stdinPath(cwd: string, filename: string | undefined): string {
  return path.resolve(cwd, filename ?? '<stdin>');
}

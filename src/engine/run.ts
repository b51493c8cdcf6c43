/**
 * A lint run over paths (or standard input): discovery, reading, linting. Everything the `lint` command does
 * short of printing, so that tests reach it without a process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeSource, type SourceText } from '../flow/load.js';
import { discover } from './discover.js';
import { activeRules, lintSource, type ActiveRule, type FileLint, type LintSettings } from './lint.js';

export interface LintRunOptions {
  paths: string[];
  cwd?: string;
  /** Lint this text instead of files; `filename` names it in the results. */
  stdin?: { text: string; filename?: string };
  settings?: LintSettings;
  /** Told why a folder scan passed over a file. */
  debug?: (message: string) => void;
}

export interface LintRun {
  files: FileLint[];
  /** Usage problems: paths that match nothing. */
  missing: string[];
  active: ActiveRule[];
}

export async function runLint(options: LintRunOptions): Promise<LintRun> {
  const cwd = options.cwd ?? process.cwd();
  const active = activeRules(options.settings);
  if (options.stdin) {
    const filePath = path.resolve(cwd, options.stdin.filename ?? '<stdin>');
    return { files: [lintSource(filePath, decodeSource(options.stdin.text), active)], missing: [], active };
  }
  const { targets, missing } = await discover(options.paths, cwd);
  const files: FileLint[] = [];
  for (const target of targets) {
    const file = lintPath(target.path, active, target.explicit);
    if (file.skipped) {
      options.debug?.(`skipped ${path.relative(cwd, target.path)}: not a Studio flow (${file.skipped})`);
      continue;
    }
    files.push(file);
  }
  return { files, missing, active };
}

export function lintPath(filePath: string, active: ActiveRule[], explicit: boolean): FileLint {
  let source: SourceText;
  try {
    source = decodeSource(readFileSync(filePath));
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    const empty: SourceText = { text: '', bom: false };
    const file = lintSource(filePath, empty, [], { explicit: true });
    file.findings = [{ ruleId: null, severity: 2, fatal: true, message: `cannot read the file (${reason})`, range: { start: 0, end: 0 } }];
    return file;
  }
  return lintSource(filePath, source, active, { explicit });
}

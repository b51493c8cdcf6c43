/**
 * `studio-lint test [paths]`: find `*.flowtest.json` files, run their cases on their flows offline, report
 * like a test runner. Loaded only by this command (src/cli.ts imports it on demand, and the build makes it
 * its own file), so that `lint` never loads liquidjs or the simulator.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { displayPath } from '../formatters/paths.js';
import { formatReport, TEST_FORMATS, totals, type TestFormat } from '../simulator/report.js';
import { isSuiteError, runSuite, type SuiteError, type SuiteResult } from '../simulator/suite.js';
import { FLOWTEST_SUFFIX, isFlowTestFile } from '../simulator/testfile.js';
import { EXIT } from '../exit-codes.js';
import type { TestCommandOptions } from './test-options.js';

export type { TestCommandOptions } from './test-options.js';

export interface TestIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runTestCommand(paths: string[], options: TestCommandOptions, io: TestIo): Promise<number> {
  const format = (options.format ?? 'text') as TestFormat;
  if (!TEST_FORMATS.includes(format)) {
    io.stderr(`studio-lint: unknown test format '${options.format}' (one of ${TEST_FORMATS.join(', ')})\n`);
    return EXIT.usage;
  }
  const { files, missing } = await findTestFiles(paths.length ? paths : ['.'], io.cwd);
  for (const m of missing) io.stderr(`studio-lint: no such file or folder: ${m}\n`);
  if (missing.length) return EXIT.usage;
  if (files.length === 0) {
    io.stderr(`studio-lint: no flow test files (*${FLOWTEST_SUFFIX}, *.flowtest.yaml) in ${paths.join(', ') || '.'}\n`);
    return EXIT.usage;
  }
  const against = options.against === undefined ? undefined : path.resolve(io.cwd, options.against);
  if (against !== undefined) {
    if (!existsSync(against)) {
      io.stderr(`studio-lint: --against: no such file or folder: ${options.against}\n`);
      return EXIT.usage;
    }
    if (statSync(against).isFile() && files.length > 1) {
      io.stderr(`studio-lint: --against names one flow, but ${files.length} test files were found: name one test file, or give --against a folder of migrated flows\n`);
      return EXIT.usage;
    }
  }
  const suites: SuiteResult[] = [];
  const errors: SuiteError[] = [];
  for (const file of files) {
    const result = runSuite(file, { ...(against !== undefined && { against }) });
    if (isSuiteError(result)) errors.push(result);
    else suites.push(result);
  }
  const report = { suites, errors, coverage: !!options.coverage };
  io.stdout(formatReport(format, report, (file) => displayPath(io.cwd, file)));
  if (errors.length) {
    // The bad files are in the report; say so on standard error too when the report is for a machine.
    if (format !== 'text') for (const e of errors) io.stderr(`studio-lint: ${displayPath(io.cwd, e.file)}: bad test file ${e.pointer === '' ? 'at the top level' : `at ${e.pointer}`}: ${e.message}\n`);
    return EXIT.usage;
  }
  return totals(report).failed > 0 ? EXIT.problems : EXIT.ok;
}

/** Test files named, in folders (recursively, skipping node_modules) and in globs. */
export async function findTestFiles(patterns: string[], cwd: string): Promise<{ files: string[]; missing: string[] }> {
  const found = new Set<string>();
  const missing: string[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) {
        for (const f of await glob('**/*.flowtest.{json,yaml,yml}', { cwd: absolute, ignore: ['**/node_modules/**', '**/.git/**'], absolute: true })) found.add(path.normalize(f));
      } else found.add(absolute);
    } else if (/[*?[{]/.test(pattern)) {
      for (const f of await glob(pattern, { cwd, ignore: ['**/node_modules/**'], absolute: true })) if (isFlowTestFile(f)) found.add(path.normalize(f));
    } else missing.push(pattern);
  }
  return { files: [...found].sort(), missing };
}

/**
 * `studio-lint lint`: options in, report out, exit code back. Fix modes (--fix, --fix-dry-run, --diff) run
 * the fix loop on each flow file and report what remains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { runLint } from '../engine/run.js';
import { toLintResult, type LintResult } from '../engine/results.js';
import type { FileLint, LintSettings, RuleSetting } from '../engine/lint.js';
import { fixSource } from '../fixers/fix-loop.js';
import { writeFileAtomic } from '../fixers/write.js';
import { formatters } from '../formatters/index.js';
import { rulesById } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import { EXIT } from './exit-codes.js';

export interface LintCommandOptions {
  format?: string;
  outputFile?: string;
  quiet?: boolean;
  maxWarnings?: number;
  rule?: string[];
  fix?: boolean;
  fixDryRun?: boolean;
  diff?: boolean;
  unsafeFixes?: boolean;
  fixRule?: string[];
  stdin?: boolean;
  stdinFilename?: string;
  debug?: boolean;
  color?: boolean;
}

export class UsageError extends Error {}

export async function runLintCommand(paths: string[], raw: Record<string, unknown>, io = defaultIo()): Promise<number> {
  const options = raw as LintCommandOptions;
  try {
    return await lintCommand(paths, options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`studio-lint: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
  stdoutIsTty: boolean;
}

function defaultIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    cwd: process.cwd(),
    stdoutIsTty: !!process.stdout.isTTY,
  };
}

async function lintCommand(paths: string[], options: LintCommandOptions, io: Io): Promise<number> {
  const settings: LintSettings = { rules: parseRuleOptions(options.rule ?? []) };
  const fixRules = options.fixRule?.length ? new Set(options.fixRule) : undefined;
  for (const id of fixRules ?? []) if (!rulesById.has(id)) throw new UsageError(`--fix-rule: unknown rule '${id}'`);
  if (!options.stdin && paths.length === 0) throw new UsageError('no paths given: name flow files, folders or globs (or use --stdin)');
  if (options.stdin && paths.length > 0) throw new UsageError('--stdin lints standard input: give no paths with it');

  const run = await runLint({
    paths,
    cwd: io.cwd,
    settings,
    stdin: options.stdin ? { text: io.readStdin(), filename: options.stdinFilename } : undefined,
    debug: options.debug ? (m) => io.stderr(`studio-lint: ${m}\n`) : undefined,
  });
  if (run.missing.length > 0) {
    throw new UsageError(`no such file, folder or matching glob: ${run.missing.join(', ')}`);
  }
  if (run.files.length === 0) throw new UsageError(`no Studio flows found in ${paths.join(', ')} (use --debug to see what was passed over)`);

  const fixing = options.fix || options.fixDryRun || options.diff;
  const write = options.fix && !options.fixDryRun && !options.diff && !options.stdin;
  let files = run.files;
  const outputs = new Map<FileLint, string>();
  const patches: string[] = [];
  if (fixing) {
    files = run.files.map((file) => {
      if (file.findings.some((f) => f.fatal)) return file;
      const outcome = fixSource(file, run.active, { unsafe: options.unsafeFixes, onlyRules: fixRules });
      const result = outcome.file;
      if (outcome.failure) {
        result.findings.unshift({ ruleId: null, severity: 2, fatal: true, message: `not fixed: ${outcome.failure}`, range: { start: 0, end: 0 } });
      } else if (outcome.hitLimit) {
        io.stderr(`studio-lint: ${rel(io, file.filePath)}: stopped after ${outcome.passes} fix passes with fixes still pending\n`);
      }
      if (outcome.changed) {
        const finalText = (file.source.bom ? '\uFEFF' : '') + outcome.output;
        if (write) writeFileAtomic(file.filePath, finalText);
        if (options.diff) {
          const name = rel(io, file.filePath);
          const [a, b] = path.isAbsolute(name) ? [name, name] : [`a/${name}`, `b/${name}`];
          patches.push(createTwoFilesPatch(a, b, file.source.text, outcome.output, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
        }
        outputs.set(result, finalText);
      }
      return result;
    });
  }

  if (options.diff) {
    io.stdout(patches.join(''));
    const fatal = files.filter((f) => f.findings.some((m) => m.fatal));
    for (const file of fatal) io.stderr(`studio-lint: ${rel(io, file.filePath)}: ${file.findings.find((m) => m.fatal)!.message}\n`);
    return patches.length > 0 || fatal.length > 0 ? EXIT.problems : EXIT.ok;
  }

  const format = options.format ?? 'stylish';
  const formatter = formatters[format];
  if (!formatter) throw new UsageError(`unknown format '${format}'`);
  const results: LintResult[] = files.map((file) => {
    const result = toLintResult(file, { quiet: options.quiet, unsafeFixes: options.unsafeFixes, withEdits: format === 'json' });
    const output = outputs.get(file);
    if (output !== undefined && options.fixDryRun) result.output = output;
    return result;
  });
  const color = options.color !== false && !options.outputFile && !process.env.NO_COLOR && (chalk.level > 0 || io.stdoutIsTty);
  const report = formatter(results, { cwd: io.cwd, color, rules: rulesById, unsafeFixes: !!options.unsafeFixes });
  if (options.outputFile) writeFileSync(path.resolve(io.cwd, options.outputFile), report);
  else io.stdout(report);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return EXIT.problems;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`studio-lint found too many warnings (maximum: ${options.maxWarnings}).\n`);
    return EXIT.problems;
  }
  return EXIT.ok;
}

/** The file's path as people and patches name it: relative inside the working folder, absolute outside. */
function rel(io: Io, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function parseRuleOptions(values: string[]): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const value of values) {
    const m = /^([\w-]+):(off|warn|error|0|1|2)$/.exec(value.trim());
    if (!m) throw new UsageError(`--rule '${value}': expected id:severity, with severity off, warn or error`);
    const [, id, level] = m as unknown as [string, string, string];
    if (!rulesById.has(id)) throw new UsageError(`--rule: unknown rule '${id}' (studio-lint rules lists them)`);
    const severity: Severity = level === '0' ? 'off' : level === '1' ? 'warn' : level === '2' ? 'error' : (level as Severity);
    settings[id] = { severity };
  }
  return settings;
}

/**
 * `studio-lint lint`: options in, report out, exit code back. Fix modes (--fix, --fix-dry-run, --diff) run
 * the fix loop on each flow file and report what remains.
 */
import { appendFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { BASELINE_FILE, indexBaseline, readBaseline, writeBaseline, type BaselineEntry, type BaselineFile } from '../runner/baseline.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { LintCache } from '../runner/cache.js';
import { discover, type Target } from '../runner/discover.js';
import { changedUnder, GitError } from '../runner/git.js';
import { describeFsError, removeTemporaries, writeFileAtomic, WriteError } from '../runner/write.js';
import { lintSource, type RuleSetting } from '../linter/lint.js';
import { legacyAddressesByFlow } from '../twilio/inventory.js';
import { FileProcessor, type FileJob, type FileOutcome } from '../runner/process-file.js';
import { displayPath } from '../formatters/paths.js';
import { printable } from '../formatters/printable.js';
import { stdinPath } from '../runner/run.js';
import { Interrupted, processTargets } from '../runner/schedule.js';
import { resolveProject } from '../runner/project.js';
import { decodeSource } from '../flow/load.js';
import { didYouMean } from '../flow/names.js';
import { formatters } from '../formatters/index.js';
import type { Totals } from '../formatters/types.js';
import { rulesById } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import { EXIT } from '../exit-codes.js';
import { progress } from './progress.js';
import { defaultIo, failureExitCode, UsageError, type Io } from './shared.js';

export { defaultIo, UsageError, type Io };
import { exportText } from '../twilio/manifest.js';
import { InvalidArgumentError } from 'commander';
import { collect, command, nonNegativeInt } from './spec.js';
import { openStudioApi } from './remote.js';

export interface LintCommandOptions {
  /** Formats, each paired with the output file of the same position; the rest go to standard output. */
  format?: string[];
  outputFile?: string[];
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
  cache?: boolean;
  cacheLocation?: string;
  /** For hooks that pass every staged JSON file: named files that are not flows are passed over, and a run
   * left with no flow exits 0. */
  ignoreNonFlows?: boolean;
  /** Lint the flows of the Twilio account instead of files. */
  remote?: boolean;
  sid?: string[];
  /** The config file to use instead of the nearest one. */
  config?: string;
  /** Remove baseline entries that no longer occur. */
  pruneBaseline?: boolean;
  /** false (--no-baseline): report and fix every finding, whatever the baseline records. */
  baseline?: boolean;
  /** Threads: a number, or 'auto' (all cores but one, for runs of 64 files or more). */
  concurrency?: number | 'auto';
  /** Exit 0 even when there are findings (usage and Twilio failures still exit 2 and 3). */
  exitZero?: boolean;
  /** Print the rules and options in force for this file, then exit. */
  printConfig?: string;
  /** Counts per rule instead of the findings (standard output's format). */
  statistics?: boolean;
  /** stylish: the source line with a caret under each finding. */
  codeFrame?: boolean;
  /** SARIF: automationDetails.id, so that several runs per commit keep their own alerts. */
  sarifCategory?: string;
  /** Lint only the files git lists as changed since this revision. */
  since?: string;
  /** Lint only the files changed in the working tree or staged (against HEAD). */
  changed?: boolean;
}

export async function runLintCommand(paths: string[], raw: Record<string, unknown>, io = defaultIo()): Promise<number> {
  const options = raw as LintCommandOptions;
  try {
    return await runLint(paths, options, io);
  } catch (error) {
    return failureExitCode(error, io, [ConfigError, GitError]);
  }
}

async function runLint(paths: string[], options: LintCommandOptions, io: Io): Promise<number> {
  const cliRules = parseRuleOptions(options.rule ?? []);
  const config = loadConfig(io.cwd, options.config);
  if (options.printConfig !== undefined) return printConfig(options.printConfig, config, cliRules, io);
  const baselineFile = path.join(config.dir, BASELINE_FILE);
  if (options.pruneBaseline) refuseFilteredPrune(options);
  const baseline = options.baseline !== false && existsSync(baselineFile) ? readBaseline(baselineFile) : undefined;
  const fixRules = options.fixRule?.length ? new Set(options.fixRule) : undefined;
  for (const id of fixRules ?? []) if (!rulesById.has(id)) throw new UsageError(`--fix-rule: unknown rule '${id}'${didYouMean(id, rulesById) || ' (studio-lint rules lists them)'}`);
  // --sid takes several values, so the paths after it were taken as flow SIDs: say what is missing, not "no paths".
  if (options.sid?.length && !options.remote) throw new UsageError('--sid picks flows of the account: use it with --remote');
  if ((options.since !== undefined || options.changed) && (options.stdin || options.remote)) throw new UsageError(`${options.changed ? '--changed' : '--since'} picks files git lists as changed: not with ${options.stdin ? '--stdin' : '--remote'}`);
  if (options.since !== undefined && options.changed) throw new UsageError('--changed is --since HEAD: give one of them');
  if (!options.stdin && !options.remote && paths.length === 0) throw new UsageError('no paths given: name flow files, folders or globs (or use --stdin)');
  if ((options.stdin || options.remote) && paths.length > 0) {
    throw new UsageError(`${options.stdin ? '--stdin lints standard input' : '--remote lints the flows of the account (--sid picks flows)'}: give no paths with it`);
  }

  const formats = options.format?.length ? options.format : ['stylish'];
  for (const name of formats) if (!formatters[name]) throw new UsageError(`unknown format '${name}' (one of ${Object.keys(formatters).join(', ')})`);
  const outputFiles = options.outputFile ?? [];
  if (outputFiles.length > formats.length) throw new UsageError('more --output-file than --format: each output file goes with the format in the same position');
  if (formats.length - outputFiles.length > 1) throw new UsageError('only one format can go to standard output: give the others an --output-file');
  const fixing = options.fix || options.fixDryRun || options.diff;
  for (const warning of ineffectiveOptions(options, formats, !!fixing)) io.stderr(`studio-lint: ${warning}\n`);
  // --color forces colour; --no-color and NO_COLOR turn it off; otherwise chalk's view (FORCE_COLOR, a terminal).
  const color = options.color === true || (options.color !== false && !(io.env ?? process.env).NO_COLOR && (chalk.level > 0 || io.stdoutIsTty));
  const job: FileJob = {
    config,
    cliRules,
    // Every mode honours the baseline: the fix modes leave its findings as they are (see heldFindings).
    baseline: baseline ? { dir: config.dir, index: indexBaseline(baseline) } : undefined,
    formats,
    quiet: !!options.quiet,
    // Without a fix mode nothing is fixed: the summary's "potentially fixable with --fix" counts the safe fixes only.
    unsafeFixes: !!options.unsafeFixes && !!fixing,
    fix: fixing
      ? {
          onlyRules: options.fixRule,
          write: !!options.fix && !options.fixDryRun && !options.diff && !options.stdin,
          diff: !!options.diff,
          dryRun: !!options.fixDryRun,
          keepText: !!options.stdin && !!options.fix && !options.fixDryRun && !options.diff,
        }
      : undefined,
    cwd: io.cwd,
    color,
    columns: io.columns,
    codeFrame: !!options.codeFrame,
    repoRoot: formats.includes('sarif') || formats.includes('gitlab') || formats.includes('github') ? repositoryRoot(io.cwd) : undefined,
    sarifCategory: options.sarifCategory,
  };
  const processor = new FileProcessor(job);
  if (options.cache && options.cacheLocation && statSync(path.resolve(io.cwd, options.cacheLocation), { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cache-location ${options.cacheLocation}: is a folder; name the cache file`);
  }

  const outcomes = options.remote
    ? await remoteOutcomes(processor, options, io, fixing)
    : options.stdin
      ? [stdinOutcome(processor, options, io)]
      : await fileOutcomes(processor, paths, options, io, fixing);
  if (outcomes.length === 0) return EXIT.ok; // --ignore-non-flows and no flow among the files
  for (const outcome of outcomes) for (const line of outcome.stderr) io.stderr(line);
  if (baseline && job.baseline) reportStaleBaseline(baselineFile, baseline, outcomes, !!options.pruneBaseline, io);

  const exit = (code: number) => (options.exitZero && code === EXIT.problems ? EXIT.ok : code);
  // --stdin --fix: the fixed text goes to standard output (as Ruff does), the report to standard error;
  // positions in the report refer to the text printed.
  const stdinFix = !!(options.stdin && options.fix && !options.fixDryRun && !options.diff);
  if (stdinFix) io.stdout(outcomes[0]!.fixedText ?? outcomes[0]!.sourceText ?? '');
  // --diff prints the patches; only a format that shows them (html) is written besides.
  const shown = processor.formatters.map((f) => !options.diff || !!f.needsPatch);
  const stdoutTaken = shown.some((on, k) => on && outputFiles[k] === undefined);
  if (options.diff && !stdoutTaken) io.stdout(outcomes.map((o) => o.patch ?? '').join(''));

  const context = processor.context;
  const totals: Totals = { files: outcomes.length, errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0, byRule: {} };
  for (const o of outcomes) {
    totals.errors += o.errors;
    totals.warnings += o.warnings;
    totals.fixable += o.fixable;
    totals.unsafeFixable += o.unsafeFixable;
    for (const [rule, counts] of Object.entries(o.byRule)) {
      const sum = (totals.byRule[rule] ??= { errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0 });
      sum.errors += counts.errors;
      sum.warnings += counts.warnings;
      sum.fixable! += counts.fixable ?? 0;
      sum.unsafeFixable! += counts.unsafeFixable ?? 0;
    }
    if (o.migration) {
      const m = (totals.migration ??= { flex: 0, none: 0, decidedBy: {} });
      m.flex += o.migration.flex;
      m.none += o.migration.none;
      for (const [by, n] of Object.entries(o.migration.decidedBy)) m.decidedBy[by] = (m.decidedBy[by] ?? 0) + n;
    }
  }
  processor.formatters.forEach((formatter, k) => {
    const outputFile = outputFiles[k];
    if (!shown[k]) return;
    if (options.statistics && !outputFile) {
      io.stdout(statistics(totals, formats[k] === 'json'));
      return;
    }
    // Colour only for a terminal, never in a file.
    const formatContext = outputFile ? { ...context, color: false } : context;
    const separator = Buffer.from(formatter.separator ?? '');
    const parts: Uint8Array[] = [Buffer.from(formatter.start?.(totals, formatContext) ?? '')];
    for (const outcome of outcomes) {
      const report = outcome.reports[k]!;
      if (report.length === 0) continue;
      if (parts.length > 1) parts.push(separator);
      parts.push(report);
    }
    parts.push(Buffer.from(formatter.end(totals, formatContext)));
    // Written part by part: joining them first would hold the whole report twice (230 MB for one flow with
    // 600,000 findings in JSON).
    if (outputFile) writeReport(io, outputFile, parts);
    else if (stdinFix) io.stderr(Buffer.concat(parts).toString());
    else for (const part of parts) io.stdout(part);
  });
  const summaryFile = (io.env ?? process.env).GITHUB_STEP_SUMMARY;
  const summarizer = formats.map((name) => formatters[name]!).find((f) => f.stepSummary);
  if (summaryFile && summarizer?.stepSummary) {
    try {
      appendFileSync(summaryFile, summarizer.stepSummary(totals, outcomes.flatMap((o) => (o.graph ? [o.graph] : []))));
    } catch (error) {
      throw new UsageError(`GITHUB_STEP_SUMMARY ${summaryFile}: cannot write the step summary: ${describeFsError(error)}`);
    }
  }

  // With --stdin, --fix writes the fixed text to standard output: that is fixed too (Ruff says so as well).
  if (fixing && !options.diff) io.stderr(fixSummary(outcomes, totals, !!options.fix && !options.fixDryRun));
  // --diff: exit 1 for a diff or a file that could not be fixed, not for findings no fix addresses.
  if (options.diff) return exit(outcomes.some((o) => o.patch || o.fatal) ? EXIT.problems : EXIT.ok);

  const { errors, warnings } = totals;
  if (errors > 0) return exit(EXIT.problems);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`studio-lint: too many warnings: ${warnings} (maximum: ${options.maxWarnings})\n`);
    return exit(EXIT.problems);
  }
  return EXIT.ok;
}

/**
 * A report into --output-file. A regular file (or a new one) is replaced atomically: an interrupted run or a
 * failed write (a full disk) leaves the earlier report whole, never a cut-short one a CI step would upload.
 * What is not a regular file has nothing to replace and cannot be renamed over (a FIFO, a terminal,
 * /dev/null: the atomic writer refuses them), so it is written in place. `/dev/stdout` and `/dev/stderr` go
 * through the process's own streams: opening them fails (ENXIO) when the stream is a socket, as Node's
 * child_process pipes are.
 */
function writeReport(io: Io, outputFile: string, parts: Uint8Array[]): void {
  if (outputFile === '/dev/stdout') return parts.forEach((part) => io.stdout(part));
  if (outputFile === '/dev/stderr') return io.stderr(Buffer.concat(parts).toString());
  const file = path.resolve(io.cwd, outputFile);
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) writeFileSync(file, Buffer.concat(parts));
    else writeFileAtomic(file, parts);
  } catch (error) {
    const reason = error instanceof WriteError ? error.reason : describeFsError(error);
    throw new UsageError(`--output-file ${outputFile}: cannot write the report: ${reason}`);
  }
}

/**
 * Options that do nothing without another one: said on standard error, as a warning (the run goes on and its exit
 * code is the findings'), so that a typo in a CI script is not silently ignored.
 */
function ineffectiveOptions(options: LintCommandOptions, formats: string[], fixing: boolean): string[] {
  const warnings: string[] = [];
  if (options.stdinFilename !== undefined && !options.stdin) warnings.push('--stdin-filename has no effect without --stdin');
  if (options.sarifCategory !== undefined && !formats.includes('sarif')) warnings.push('--sarif-category has no effect without --format sarif');
  if (options.codeFrame && !formats.includes('stylish')) warnings.push('--code-frame has no effect without --format stylish (--format full is stylish with code frames)');
  if (options.cacheLocation !== undefined && !options.cache) warnings.push('--cache-location has no effect without --cache');
  // The cache keeps lint results of files on disk: a fix rewrites them, and standard input or the account has none.
  const uncached = fixing ? '--fix, --fix-dry-run and --diff' : options.stdin ? '--stdin' : options.remote ? '--remote' : undefined;
  if (options.cache && uncached) warnings.push(`--cache has no effect with ${uncached}`);
  if (options.fixRule?.length && !fixing) warnings.push('--fix-rule has no effect without --fix, --fix-dry-run or --diff');
  if (options.unsafeFixes && !fixing) warnings.push('--unsafe-fixes has no effect without --fix, --fix-dry-run or --diff');
  return warnings;
}

/** Ruff's line after a fix: what was fixed, how much of it unsafe, what is left (and what the baseline kept). */
function fixSummary(outcomes: FileOutcome[], totals: Totals, wrote: boolean): string {
  const fixed = outcomes.reduce((n, o) => n + (o.fixed ?? 0), 0);
  const unsafe = outcomes.reduce((n, o) => n + (o.fixedUnsafe ?? 0), 0);
  const baselined = outcomes.reduce((n, o) => n + (o.baselinedFixable ?? 0), 0);
  const remaining = totals.errors + totals.warnings;
  const kept = baselined ? `; ${baselined} fixable left as they are: the baseline holds them or their flow’s migration (--no-baseline fixes them)` : '';
  let text = `${fixed} ${wrote ? 'fixed' : 'would be fixed'} (${unsafe} unsafe), ${remaining} remaining${kept}\n`;
  // The behaviour check (issue 24): "remaining" counts findings; what the fixed flows do differently that no
  // finding reports is said here, each once.
  const review = outcomes.flatMap((o) => o.behaviour?.review ?? []);
  const held = outcomes.flatMap((o) => o.behaviour?.held ?? []);
  // The fixes held back, counted (a flow held back whole holds all of its migration fixes for one reason), then why.
  const heldFixes = outcomes.reduce((n, o) => n + (o.behaviour?.heldFixes ?? 0), 0);
  if (review.length) text += `${review.length} ${review.length === 1 ? 'value' : 'values'} changed by the fix, for review (no finding reports ${review.length === 1 ? 'it' : 'them'}):\n${review.map((r) => `  ${r}\n`).join('')}`;
  if (held.length) {
    // (Uncounted should no finding be found held: every path that holds a fix back holds at least the one it gives a reason for.)
    const count = heldFixes === 1 ? '1 fix was held back, and its finding stays' : heldFixes > 1 ? `${heldFixes} fixes were held back, and their findings stay` : 'Fixes were held back, and their findings stay';
    text += `${count}: a fix would change a route or a Send to Flex hand-over without a finding saying so (or could not be checked):\n${held.map((r) => `  ${r}\n`).join('')}`;
  }
  return text;
}

/**
 * --prune-baseline removes the entries that no longer occur, so it must see every finding the files hold:
 * an option that hides findings, or lints a text other than the file's, would have it delete entries that
 * still occur (they would come back as new findings). Refused rather than the filter silently ignored: the
 * run's report would otherwise not be the one asked for, and prune is a rare, deliberate step that can be run
 * again plainly. (ESLint's --prune-suppressions is likewise its own step.)
 */
function refuseFilteredPrune(options: LintCommandOptions): void {
  const conflicts: string[] = [];
  if (options.quiet) conflicts.push('--quiet');
  const off = (options.rule ?? []).filter((r) => /:\s*(off|0)\s*$/.test(r));
  if (off.length) conflicts.push(`--rule ${off[0]}`);
  if (options.fixDryRun) conflicts.push('--fix-dry-run');
  if (options.diff) conflicts.push('--diff');
  if (options.stdin) conflicts.push('--stdin');
  if (options.remote) conflicts.push('--remote');
  if (options.baseline === false) conflicts.push('--no-baseline');
  if (conflicts.length) {
    throw new UsageError(`--prune-baseline cannot be combined with ${conflicts.join(', ')}: it removes the entries that no longer occur, so it must see every finding of the files as they are; run it on its own (studio-lint --prune-baseline <paths>)`);
  }
}

/** --statistics: findings per rule, most first, with what --fix does about them (Ruff's --statistics). */
export function statistics(totals: Totals, asJson: boolean): string {
  const rows = Object.entries(totals.byRule)
    .map(([rule, c]) => ({ rule, count: c.errors + c.warnings, errors: c.errors, warnings: c.warnings, fixable: c.fixable ?? 0, unsafeFixable: c.unsafeFixable ?? 0 }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  // One shape whatever the run decided: the rules, and the scope decisions when a migration rule ran.
  if (asJson) return JSON.stringify({ rules: rows, ...(totals.migration ? { migration: totals.migration } : {}) }, null, 2) + '\n';
  const countWidth = Math.max(1, ...rows.map((r) => String(r.count).length));
  const ruleWidth = Math.max(4, ...rows.map((r) => r.rule.length));
  let out = '';
  for (const r of rows) {
    const kind = r.errors && r.warnings ? `${r.errors} errors, ${r.warnings} warnings` : r.errors ? 'error' : 'warning';
    const fixes: string[] = [];
    if (r.fixable) fixes.push(r.fixable === r.count ? '[*] fixable' : `[*] ${r.fixable} fixable`);
    if (r.unsafeFixable) fixes.push(`[-] ${r.unsafeFixable} with --unsafe-fixes`);
    const fix = fixes.join(', ');
    out += `${String(r.count).padStart(countWidth)}  ${r.rule.padEnd(ruleWidth)}  ${kind.padEnd(7)}  ${fix}`.trimEnd() + '\n';
  }
  const total = totals.errors + totals.warnings;
  out += `${total} problem${total === 1 ? '' : 's'} in ${totals.files} file${totals.files === 1 ? '' : 's'}; ${totals.fixable} potentially fixable with --fix${totals.unsafeFixable ? `, ${totals.unsafeFixable} more with --unsafe-fixes` : ''}\n`;
  if (totals.migration) {
    const m = totals.migration;
    const by = Object.entries(m.decidedBy).map(([k, n]) => `${n} by ${k}`).join(', ');
    out += `migration scope: ${m.flex} flow${m.flex === 1 ? '' : 's'} to Flex, ${m.none} out of scope (decided ${by})\n`;
  }
  return out;
}

/** --print-config: the rules and options in force for one file, as JSON (ESLint's --print-config). */
function printConfig(file: string, config: Config, cliRules: Record<string, RuleSetting>, io: Io): number {
  const absolute = path.resolve(io.cwd, file);
  const processor = new FileProcessor({ config, cliRules, formats: [], quiet: false, unsafeFixes: false, cwd: io.cwd, color: false });
  const active = new Map(processor.activeFor(absolute).map((a) => [a.rule.meta.id, a]));
  const rules: Record<string, unknown> = {};
  for (const id of [...rulesById.keys()].sort()) {
    const a = active.get(id);
    if (!a) {
      rules[id] = 'off';
      continue;
    }
    // The top-level variableMap every rule sees is printed once, below; a rule's own variableMap is its option.
    const { variableMap, ...own } = a.options;
    if (variableMap !== config.variableMap) own.variableMap = variableMap;
    rules[id] = Object.keys(own).length ? [a.severity === 2 ? 'error' : 'warn', own] : a.severity === 2 ? 'error' : 'warn';
  }
  const printed = {
    file: displayPath(io.cwd, absolute),
    configFile: config.path ?? null,
    ignored: processor.isIgnored(absolute),
    migration: processor.scopeFor(absolute).migration,
    rules,
    variableMap: config.variableMap ?? {},
  };
  io.stdout(JSON.stringify(printed, null, 2) + '\n');
  return EXIT.ok;
}

/** The folder holding .git above the working folder (SARIF URIs are relative to it), or the working folder. */
export function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

function stdinOutcome(processor: FileProcessor, options: LintCommandOptions, io: Io): FileOutcome {
  const filePath = stdinPath(io.cwd, options.stdinFilename);
  return processor.processFile(lintSource(filePath, decodeSource(io.readStdin()), processor.activeFor(filePath), { scope: processor.scopeFor(filePath) }));
}

/** The flows of the Twilio account, linted as `pull` would write them. */
async function remoteOutcomes(processor: FileProcessor, options: LintCommandOptions, io: Io, fixing: unknown): Promise<FileOutcome[]> {
  if (!io.connect) throw new UsageError('--remote needs the Twilio client: run it from the studio-lint command');
  if (fixing) throw new UsageError('--remote does not fix: pull the flows, fix the files, then push');
  const api = await io.connect(io.env ?? process.env);
  const listed = await api.listFlows();
  const missingSids = (options.sid ?? []).filter((sid) => !listed.some((f) => f.sid === sid));
  if (missingSids.length) throw new UsageError(`no such flow in the account: ${missingSids.join(', ')}`);
  const wanted = options.sid?.length ? listed.filter((f) => options.sid!.includes(f.sid)) : listed;
  if (wanted.length === 0) throw new UsageError('the account has no Studio flows');
  // The account's word on the migration's scope; without it (no Flex, no permission) each flow's content decides.
  const starts = await legacyAddressesByFlow(api).catch(() => undefined);
  const outcomes: FileOutcome[] = [];
  const bar = progress(io, wanted.length);
  try {
    for (const summary of wanted) {
      bar.step(summary.friendlyName);
      const flow = await api.fetchFlow(summary.sid);
      const name = `${flow.sid} (${printable(flow.friendlyName)})`;
      const legacyAddresses = starts?.get(flow.sid);
      const scope = { ...processor.scopeFor(name), ...(legacyAddresses ? { account: { legacyAddresses } } : {}) };
      // Positions refer to the definition as pull would write it.
      outcomes.push(processor.processFile(lintSource(name, decodeSource(exportText(flow.definition)), processor.activeFor(name), { scope })));
    }
  } finally {
    bar.end();
  }
  return outcomes;
}

/** The signals a fix run catches to leave no temporary file behind (SIGKILL cannot be caught: see below). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * --fix over files, stoppable: a signal stops every thread between two files (a file is written whole or not
 * at all), the temporary files of this run's stopped writers are removed, and the signal then ends the process
 * as it would have (exit 130 for Ctrl-C). Temporary files of earlier runs that died without a chance to clean
 * up (SIGKILL, a crash of the machine) are removed first, when their process is no longer alive.
 */
async function fixInterruptibly(targets: Target[], processor: FileProcessor, options: LintCommandOptions, io: Io): Promise<FileOutcome[]> {
  const folders = new Set(targets.map((t) => path.dirname(t.path)));
  removeTemporaries(folders, 'stale');
  const stop = new AbortController();
  let caught: (typeof STOP_SIGNALS)[number] | undefined;
  const onSignal = (signal: (typeof STOP_SIGNALS)[number]) => {
    caught ??= signal;
    stop.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    return await processTargets(targets, processor, options.concurrency ?? 'auto', stop.signal);
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    removeTemporaries(folders, 'own');
    io.stderr(`studio-lint: stopped by ${caught}: each file is either fixed whole or unchanged\n`);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.kill(process.pid, caught);
    // The default action of the signal ends the process; this is not reached.
    return await new Promise<never>(() => undefined);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

/** Files, folders and globs: discovered, filtered by the config's ignores, served from the cache or linted. */
async function fileOutcomes(processor: FileProcessor, paths: string[], options: LintCommandOptions, io: Io, fixing: unknown): Promise<FileOutcome[]> {
  const found = await discover(paths, io.cwd);
  // A path that matches nothing is a usage error, reported before any file is linted (or fixed).
  if (found.missing.length > 0) throw new UsageError(`no such file, folder or matching glob: ${found.missing.join(', ')}`);
  if (options.ignoreNonFlows) for (const t of found.targets) t.explicit = false;
  const ignoredNamed: string[] = [];
  const targets = found.targets.filter((t) => {
    const ignored = processor.isIgnored(t.path);
    if (ignored && t.explicit) ignoredNamed.push(displayPath(io.cwd, t.path));
    else if (ignored && options.debug) io.stderr(`studio-lint: ignored ${displayPath(io.cwd, t.path)} (ignores in ${processor.job.config.path})\n`);
    return !ignored;
  });
  // --since / --changed: only the files git lists as changed (a large repository's pre-commit hook or pull request).
  const onlyChanged = options.since !== undefined || !!options.changed;
  if (onlyChanged) {
    const changed = new Set(changedUnder(paths, io.cwd, options.since ?? 'HEAD'));
    const before = targets.length;
    targets.splice(0, targets.length, ...targets.filter((t) => changed.has(t.path)));
    if (options.debug) io.stderr(`studio-lint: ${targets.length} of ${before} files changed since ${options.since ?? 'HEAD'}\n`);
  }
  // A file named on the command line and ignored by the config: said, as ESLint does, not passed over silently.
  const ignoresOf = () => `"ignores" in ${displayPath(io.cwd, processor.job.config.path ?? '')}`;
  if (ignoredNamed.length && targets.length === 0) throw new UsageError(`${ignoredNamed.join(', ')}: ignored by ${ignoresOf()}; nothing left to lint`);
  for (const file of ignoredNamed) io.stderr(`studio-lint: ${file}: ignored by ${ignoresOf()}\n`);
  // Fixing changes the files, so a fix run neither reads nor writes the cache.
  const cache = options.cache && !fixing ? new LintCache(path.resolve(io.cwd, options.cacheLocation ?? '.studio-lint-cache'), processor.job) : undefined;
  const cached = targets.map((t) => cache?.lookup(t, processor.recordedFacts(t.path)));
  const toLint = targets.filter((_, i) => !cached[i]);
  const fresh = processor.job.fix?.write ? await fixInterruptibly(toLint, processor, options, io) : await processTargets(toLint, processor, options.concurrency ?? 'auto');
  let next = 0;
  const outcomes = targets.map((_, i) => cached[i] ?? fresh[next++]!);
  // Flows that run subflows of the set, checked with the set's index (a second pass over those files only).
  const project = resolveProject(targets, outcomes, processor, io.cwd);
  for (const i of project.replaced) if (cached[i]) cache?.update(targets[i]!, outcomes[i]!);
  targets.forEach((t, i) => cached[i] || cache?.store(t, outcomes[i]!));
  try {
    cache?.save();
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    throw new UsageError(`--cache-location: cannot write the cache: ${error.message}`);
  }
  if (options.debug) {
    for (const [sid, file] of project.missing) io.stderr(`studio-lint: ${file} runs subflow ${sid}, which is not among the linted files: its Run Subflow widgets are checked without it\n`);
    outcomes.forEach((o, i) => {
      const shown = displayPath(io.cwd, targets[i]!.path);
      if (o.skipped) io.stderr(`studio-lint: skipped ${shown}: not a Studio flow (${o.skipped})\n`);
      for (const s of o.scopes ?? []) {
        const verdict = s.migration === 'flex' ? 'in the migration’s scope' : 'not part of the migration (migration rules off)';
        io.stderr(`studio-lint: ${shown}${s.flow ? ` (${s.flow})` : ''}: ${verdict}, by ${s.decidedBy}: ${s.evidence.join('; ')}\n`);
      }
    });
  }
  const flows = outcomes.filter((o) => !o.skipped);
  if (flows.length === 0 && !options.ignoreNonFlows && !onlyChanged) {
    throw new UsageError(`no Studio flows found in ${paths.join(', ')} (use --debug to see what was passed over)`);
  }
  return flows;
}

/** Entries of the files linted now that no longer occur: listed, and with --prune-baseline removed. */
function reportStaleBaseline(file: string, baseline: BaselineFile, outcomes: FileOutcome[], prune: boolean, io: Io): void {
  const used = new Map<string, Record<string, number>>();
  for (const o of outcomes) if (o.baselineUsed) used.set(o.baselineUsed.file, o.baselineUsed.used);
  const stale: BaselineEntry[] = [];
  const kept: BaselineEntry[] = [];
  for (const entry of baseline.entries) {
    const seen = used.get(entry.file);
    const count = seen ? Math.min(entry.count, seen[entry.fingerprint] ?? 0) : entry.count;
    if (count < entry.count) stale.push({ ...entry, count: entry.count - count });
    if (count > 0) kept.push({ ...entry, count });
  }
  if (stale.length === 0) return;
  const total = stale.reduce((n, e) => n + e.count, 0);
  if (prune) {
    writeBaseline(file, kept);
    io.stderr(`studio-lint: removed ${total} baseline entr${total === 1 ? 'y that no longer occurs' : 'ies that no longer occur'} from ${displayPath(io.cwd, file)}\n`);
    return;
  }
  io.stderr(`studio-lint: ${total} baseline entr${total === 1 ? 'y no longer occurs' : 'ies no longer occur'} (--prune-baseline removes ${total === 1 ? 'it' : 'them'}):\n`);
  for (const e of stale) io.stderr(`  ${e.file}: ${e.rule}${e.widget ? ` in '${e.widget}'` : ''}: ${e.message}\n`);
}

export function parseRuleOptions(values: string[]): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const value of values) {
    // ESLint's form allows spaces: --rule 'no-autopilot-widget: off'.
    const m = /^([\w-]+)\s*:\s*(off|warn|error|0|1|2)$/.exec(value.trim());
    if (!m) throw new UsageError(`--rule '${value}': expected id:severity, with severity off, warn or error`);
    const [, id, level] = m as unknown as [string, string, string];
    if (!rulesById.has(id)) throw new UsageError(`--rule: unknown rule '${id}'${didYouMean(id, rulesById) || ' (studio-lint rules lists them)'}`);
    const severity: Severity = level === '0' ? 'off' : level === '1' ? 'warn' : level === '2' ? 'error' : (level as Severity);
    settings[id] = { severity };
  }
  return settings;
}

export const lintCommand = command<[string[]], Record<string, unknown>>({
  name: 'lint',
  isDefault: true,
  description: 'lint flow files, folders (searched for *.json) and globs',
  arguments: [['[paths...]', 'files, folders or globs']],
  options: [
    { flags: '-f, --format <name>', description: 'output format: stylish (default), full (stylish with code frames), json, compact, github, gitlab, junit, sarif, html; repeatable', parse: collect },
    { flags: '-o, --output-file <path>', description: 'write the report of the format in the same position to a file; repeatable', parse: collect },
    { flags: '--quiet', description: 'report errors only' },
    { flags: '--max-warnings <n>', description: 'exit 1 when there are more warnings than this', parse: nonNegativeInt },
    { flags: '--rule <id:severity>', description: 'set a rule’s severity (off, warn, error); repeatable', parse: collect },
    { flags: '--fix', description: 'apply safe fixes and write the files' },
    { flags: '--fix-dry-run', description: 'fix without writing; the fixed text is in the JSON output (output)' },
    { flags: '--diff', description: 'print a unified diff of what --fix would change; exit 1 when there is one' },
    { flags: '--unsafe-fixes', description: 'with --fix, --fix-dry-run or --diff: apply unsafe fixes too' },
    { flags: '--fix-rule <id>', description: 'only fix findings of this rule; repeatable', parse: collect },
    { flags: '-c, --config <path>', description: 'use this config file instead of the nearest studio-lint.config.json' },
    { flags: '--remote', description: 'lint the flows of the Twilio account (TWILIO_* credentials) instead of files' },
    { flags: '--sid <FW...>', description: 'with --remote: only this flow; repeatable', parse: collect },
    { flags: '--cache', description: 'reuse the results of files whose content, config and studio-lint version are unchanged' },
    { flags: '--cache-location <path>', description: 'where --cache keeps its file (default .studio-lint-cache)' },
    { flags: '--ignore-non-flows', description: 'pass over named files that are not flows; exit 0 when no flow is left (for hooks)' },
    { flags: '--prune-baseline', description: 'remove baseline entries that no longer occur (on its own: not with options that hide findings)' },
    { flags: '--no-baseline', description: `ignore ${BASELINE_FILE}: report, and with --fix fix, every finding` },
    { flags: '--stdin', description: 'lint the text on standard input' },
    { flags: '--stdin-filename <name>', description: 'the file name to report for --stdin' },
    {
      flags: '--concurrency <n>',
      description: "threads to lint with: a number, or 'auto' (one more per 64 MiB of input, up to the cores)",
      parse: (v: string) => {
        if (v === 'auto') return 'auto';
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1 or 'auto'");
        return n;
      },
    },
    { flags: '--since <ref>', description: 'lint only the files git lists as changed since this revision (docs/diff.md)' },
    { flags: '--changed', description: 'lint only the files changed in the working tree or staged, against HEAD' },
    { flags: '--debug', description: 'say which files were passed over and why' },
    { flags: '--exit-zero', description: 'exit 0 even when there are findings (2 and 3 still mean usage and Twilio failures)' },
    { flags: '--statistics', description: 'print the number of findings per rule, with what --fix does about them, instead of the findings' },
    { flags: '--code-frame', description: 'stylish: show the source line with a caret under each finding' },
    { flags: '--print-config <file>', description: 'print the rules and options in force for this file (JSON), then exit' },
    { flags: '--sarif-category <name>', description: 'sarif: the run’s automationDetails.id, to upload several analyses per commit' },
    { flags: '--color', description: 'always colour the output' },
    { flags: '--no-color', description: 'never colour the output' },
  ],
  run: ([paths], options, context) => {
    // What the client says while it waits (a 429's retry) goes to this run's standard error.
    const io: Io = { ...defaultIo(context), connect: (env) => openStudioApi(env, (text) => io.stderr(text)) };
    return runLintCommand(paths, options, io);
  },
});

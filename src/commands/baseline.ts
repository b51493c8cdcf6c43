/**
 * `studio-lint baseline [paths]`: record today's findings so `lint` reports only new ones.
 */
import path from 'node:path';
import { BASELINE_FILE, writeBaseline, type BaselineEntry } from '../runner/baseline.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { discover } from '../runner/discover.js';
import { FileProcessor } from '../runner/process-file.js';
import { resolveProject } from '../runner/project.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { WriteError } from '../runner/write.js';
import type { Io } from './shared.js';
import { defaultIo } from './shared.js';
import { command } from './spec.js';

export async function runBaselineCommand(paths: string[], options: { config?: string }, io: Io): Promise<number> {
  let config;
  try {
    config = loadConfig(io.cwd, options.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`studio-lint: ${error.message}\n`);
    return EXIT.usage;
  }
  const { targets, missing } = await discover(paths.length ? paths : ['.'], io.cwd);
  if (missing.length > 0) {
    io.stderr(`studio-lint: no such file, folder or matching glob: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const processor = new FileProcessor({ config, cliRules: {}, formats: [], quiet: false, unsafeFixes: false, cwd: io.cwd, color: false, record: { dir: config.dir } });
  // The run lint makes: each file with the scope lint uses (the pull manifest's legacy addresses), then the
  // files that run a subflow of the set again with the set's index (valid-subflow-call). A file linted alone
  // would be recorded without those findings, and the next lint would report them as new.
  const linted = targets.filter((t) => !processor.isIgnored(t.path));
  const outcomes = linted.map((t) => processor.processTarget(t));
  resolveProject(linted, outcomes, processor, io.cwd);
  const entries: BaselineEntry[] = [];
  let files = 0;
  let unrecorded = 0;
  outcomes.forEach((outcome, i) => {
    if (outcome.skipped) return;
    files++;
    entries.push(...(outcome.recorded?.entries ?? []));
    // A fatal error (a file that does not parse) belongs to no rule: no baseline holds it, as ESLint's
    // suppressions hold rule violations only (https://eslint.org/docs/latest/use/suppressions). Said here,
    // since lint keeps reporting it.
    for (const message of outcome.recorded?.fatal ?? []) {
      unrecorded++;
      io.stderr(`studio-lint: ${displayPath(io.cwd, linted[i]!.path)}: not recorded: ${message} (a fatal error is never baselined: lint reports it until the file is repaired)\n`);
    }
  });
  if (files === 0) {
    io.stderr(`studio-lint: no Studio flows found in ${paths.join(', ') || '.'}\n`);
    return EXIT.usage;
  }
  const baselineFile = path.join(config.dir, BASELINE_FILE);
  try {
    writeBaseline(baselineFile, entries);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    io.stderr(`studio-lint: cannot write the baseline: ${error.message}\n`);
    return EXIT.usage;
  }
  const findings = entries.reduce((n, e) => n + e.count, 0);
  // The files the baseline holds entries for: a clean flow file was linted but adds nothing to it.
  const withFindings = new Set(entries.map((e) => e.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  io.stdout(`recorded ${plural(findings, 'finding')} in ${plural(withFindings, 'flow file')} (of ${files} linted) to ${displayPath(io.cwd, baselineFile)}\n`);
  // Exit 1 like lint: the baseline holds everything but those, which lint still reports.
  return unrecorded > 0 ? EXIT.problems : EXIT.ok;
}

export const baselineCommand = command<[string[]], { config?: string }>({
  name: 'baseline',
  description: `record today's findings in ${BASELINE_FILE}: lint then reports only new ones`,
  arguments: [['[paths...]', 'files, folders or globs (default: the current folder)']],
  options: [{ flags: '-c, --config <path>', description: 'use this config file instead of the nearest studio-lint.config.json' }],
  run: ([paths], options, context) => runBaselineCommand(paths, options, defaultIo(context)),
});

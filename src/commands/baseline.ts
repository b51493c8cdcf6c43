/**
 * `studio-lint baseline [paths]`: record today's findings so `lint` reports only new ones.
 */
import path from 'node:path';
import { BASELINE_FILE, entriesFor, writeBaseline, type BaselineEntry } from '../runner/baseline.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { discover } from '../runner/discover.js';
import { baselineKey, FileProcessor } from '../runner/process-file.js';
import { displayPath } from '../formatters/paths.js';
import { toLintResult } from '../linter/results.js';
import { lintPath } from '../runner/run.js';
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
  const processor = new FileProcessor({ config, cliRules: {}, formats: [], quiet: false, unsafeFixes: false, cwd: io.cwd, color: false });
  const entries: BaselineEntry[] = [];
  let files = 0;
  for (const target of targets) {
    if (processor.isIgnored(target.path)) continue;
    // With the scope lint uses (the pull manifest's legacy addresses): otherwise a flow the account puts in the
    // migration's scope would be recorded without its migration findings, and lint would report them as new.
    const file = lintPath(target.path, processor.activeFor(target.path), target.explicit, processor.scopeFor(target.path), target.stream);
    if (file.skipped) continue;
    files++;
    entries.push(...entriesFor(baselineKey(config.dir, target.path), toLintResult(file, { fingerprints: true })));
  }
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
  return EXIT.ok;
}

export const baselineCommand = command<[string[]], { config?: string }>({
  name: 'baseline',
  description: `record today's findings in ${BASELINE_FILE}: lint then reports only new ones`,
  arguments: [['[paths...]', 'files, folders or globs (default: the current folder)']],
  options: [{ flags: '-c, --config <path>', description: 'use this config file instead of the nearest studio-lint.config.json' }],
  run: ([paths], options) => runBaselineCommand(paths, options, defaultIo()),
});

/**
 * `studio-lint baseline [paths]`: record today's findings so `lint` reports only new ones.
 * `studio-lint init`: write a starter config.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_FILE, entriesFor, writeBaseline, type BaselineEntry } from '../runner/baseline.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { discover } from '../runner/discover.js';
import { baselineKey, FileProcessor } from '../runner/process-file.js';
import { displayPath } from '../formatters/paths.js';
import { toLintResult } from '../linter/results.js';
import { lintPath } from '../runner/run.js';
import { rules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { EXIT } from '../exit-codes.js';
import { WriteError } from '../runner/write.js';
import type { Io } from './shared.js';

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
    const file = lintPath(target.path, processor.activeFor(target.path), target.explicit);
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
  io.stdout(`recorded ${findings} finding${findings === 1 ? '' : 's'} in ${files} flow file${files === 1 ? '' : 's'} to ${displayPath(io.cwd, baselineFile)}\n`);
  return EXIT.ok;
}

/**
 * Where editors find the config's JSON Schema: the installed package's copy when studio-lint is a dependency
 * of this project (offline, and the version the project runs), else the published package's, pinned to this
 * version (a global install or a pre-commit hook).
 */
function configSchemaRef(cwd: string): string {
  const local = 'node_modules/studio-lint/dist/schemas/config.schema.json';
  return existsSync(path.join(cwd, local)) ? `./${local}` : `https://unpkg.com/studio-lint@${VERSION}/dist/schemas/config.schema.json`;
}

export function runInitCommand(io: Io): number {
  const file = path.join(io.cwd, 'studio-lint.config.json');
  if (existsSync(file)) {
    io.stderr(`studio-lint: ${displayPath(io.cwd, file)} already exists\n`);
    return EXIT.usage;
  }
  const starter = {
    $schema: configSchemaRef(io.cwd),
    rules: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.defaultSeverity])),
    overrides: [{ files: ['voice/**/*.json'], rules: { 'no-unreachable-widget': 'off' } }],
    ignores: ['node_modules/**', 'dist/**'],
    variableMap: {},
  };
  writeFileSync(file, JSON.stringify(starter, null, 2) + '\n');
  io.stdout(`wrote ${displayPath(io.cwd, file)}: every rule at its default severity; edit to taste\n`);
  return EXIT.ok;
}

/** `studio-lint init`: write a starter config. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES } from '../config/config.js';
import { displayPath } from '../formatters/paths.js';
import { rules } from '../rules/index.js';
import { writeFileAtomic, WriteError } from '../runner/write.js';
import { VERSION } from '../version.js';
import { EXIT } from '../exit-codes.js';
import { defaultIo, type Io } from './shared.js';
import { command } from './spec.js';

/**
 * Where editors find the config's JSON Schema: the installed package's copy when studio-lint is a dependency
 * of this project (offline, and the version the project runs), else the published package's, pinned to this
 * version (a global install or a pre-commit hook).
 */
function configSchemaRef(cwd: string): string {
  const local = 'node_modules/studio-lint/dist/schemas/config.schema.json';
  return existsSync(path.join(cwd, local)) ? `./${local}` : `https://unpkg.com/studio-lint@${VERSION}/dist/schemas/config.schema.json`;
}

/**
 * The config this folder already has in another form (src/config/config.ts looks for them in this order): a
 * studio-lint.config.json written beside it would take its place, and silently put every rule back to its default.
 */
function otherConfig(cwd: string): string | undefined {
  const file = CONFIG_FILES.find((name) => existsSync(path.join(cwd, name)));
  if (file) return file;
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8').replace(/^\uFEFF/, '')) as unknown;
    if (pkg && typeof pkg === 'object' && 'studio-lint' in pkg) return 'package.json ("studio-lint" key)';
  } catch {
    // No package.json, or one that does not parse: no config there.
  }
  return undefined;
}

export function runInitCommand(io: Io): number {
  const file = path.join(io.cwd, 'studio-lint.config.json');
  if (existsSync(file)) {
    io.stderr(`studio-lint: ${displayPath(io.cwd, file)} already exists\n`);
    return EXIT.usage;
  }
  const other = otherConfig(io.cwd);
  if (other) {
    io.stderr(`studio-lint: ${other} already configures studio-lint here; init writes nothing\n`);
    return EXIT.usage;
  }
  const starter = {
    $schema: configSchemaRef(io.cwd),
    rules: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.defaultSeverity])),
    overrides: [{ files: ['voice/**/*.json'], rules: { 'no-unreachable-widget': 'off' } }],
    ignores: ['node_modules/**', 'dist/**'],
    variableMap: {},
  };
  try {
    writeFileAtomic(file, JSON.stringify(starter, null, 2) + '\n');
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    io.stderr(`studio-lint: ${displayPath(io.cwd, file)}: ${error.reason}\n`);
    return EXIT.usage;
  }
  io.stdout(`wrote ${displayPath(io.cwd, file)}: every rule at its default severity; edit to taste\n`);
  return EXIT.ok;
}

export const initCommand = command<[], object>({
  name: 'init',
  description: 'write a starter studio-lint.config.json in the current folder',
  run: (_args, _options, context) => runInitCommand(defaultIo(context)),
});

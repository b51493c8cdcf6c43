/**
 * studio-lint.config.json (or .studio-lintrc.json, or "studio-lint" in package.json): found upward from the
 * working folder or named with --config, validated by a schema compiled ahead of time.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import validateConfig, { type SchemaError } from '../schema/generated/validate-config.js';
import { findJsonSyntaxError } from '../flow/json-syntax.js';
import { LineIndex } from '../flow/locate.js';
import { didYouMean } from '../flow/names.js';
import type { RuleSetting } from '../linter/lint.js';
import { rulesById } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import type { MigrationSetting } from '../migration/scope.js';

export const CONFIG_FILES = ['studio-lint.config.json', '.studio-lintrc.json'];

export type RuleEntry = Severity | 0 | 1 | 2 | [Severity | 0 | 1 | 2] | [Severity | 0 | 1 | 2, Record<string, unknown>];

export interface ConfigFile {
  rules?: Record<string, RuleEntry>;
  overrides?: { files: string | string[]; rules?: Record<string, RuleEntry>; migration?: MigrationSetting }[];
  ignores?: string[];
  migration?: MigrationSetting;
  variableMap?: Record<string, string>;
  environments?: Record<string, EnvironmentConfig>;
}

/**
 * An account flows are promoted to or from (push --promote --to <name>): its Account SID (or the environment
 * variable holding it), the environment variables holding its credentials (an auth token, or an API key and
 * secret: the names, never the values), and `map`: exact texts of the flows rewritten to this environment's
 * (an external URL, a per-environment value, a SID with no name to look up).
 */
export interface EnvironmentConfig {
  accountSid?: string;
  accountSidEnv?: string;
  authTokenEnv?: string;
  apiKeyEnv?: string;
  apiSecretEnv?: string;
  map?: Record<string, string>;
}

/** A loaded config: where it came from (globs are relative to its folder) and what it says. */
export interface Config {
  path: string | undefined;
  dir: string;
  rules: Record<string, RuleSetting>;
  overrides: { files: string[]; rules: Record<string, RuleSetting>; migration?: MigrationSetting }[];
  ignores: string[];
  /** Whether the migration concerns the files (default auto: decided per flow from the evidence). */
  migration: MigrationSetting;
  variableMap: Record<string, string>;
  environments: Record<string, EnvironmentConfig>;
}

export class ConfigError extends Error {}

export function emptyConfig(dir: string): Config {
  return { path: undefined, dir, rules: {}, overrides: [], ignores: [], migration: 'auto', variableMap: {}, environments: {} };
}

/** The config file for `cwd`: `explicit` if given, else the nearest one upward. */
export function loadConfig(cwd: string, explicit?: string): Config {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(`--config ${explicit}: no such file`);
    return parseConfig(file, readJson(file, path.basename(file) === 'package.json' ? 'studio-lint' : undefined));
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      if (existsSync(file)) return parseConfig(file, readJson(file));
    }
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const value = readJson(pkg, 'studio-lint');
      if (value !== undefined) return parseConfig(pkg, value);
    }
    if (path.dirname(dir) === dir) return emptyConfig(path.resolve(cwd));
  }
}

function readJson(file: string, key?: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config (${(error as { code?: string }).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Where, as for a flow file (V8's message has an offset at most): file:line:column, which editors follow.
    const { offset, message } = findJsonSyntaxError(text);
    const { line, column } = new LineIndex(text).position(offset);
    throw new ConfigError(`${file}:${line}:${column}: not valid JSON: ${message}`);
  }
  return key === undefined ? value : (value as Record<string, unknown> | null)?.[key];
}

export function parseConfig(file: string, value: unknown): Config {
  if (!validateConfig(value)) {
    const errors = validateConfig.errors ?? [];
    // A value that matches no branch of an anyOf is one problem, not one per branch; a [severity, options]
    // entry whose options are wrong is the options' problem, not the entry's.
    const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
    const entryAt = (pointer: string) => pointer.split('/').slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
    const badOptions = new Set(
      errors.map((e) => OPTIONS.exec(e.instancePath)?.[1]).filter((p): p is string => p !== undefined && (entryAt(p) as unknown[] | undefined)?.length === 2),
    );
    const problems = errors
      .filter((e) => (e.keyword === 'anyOf' ? !badOptions.has(e.instancePath) : !anyOfPaths.has(e.instancePath)))
      .map(describe)
      .filter((p, i, all) => p && all.indexOf(p) === i);
    throw new ConfigError(`${file}: ${problems.join('; ')}`);
  }
  const config = value as ConfigFile;
  const problems = semanticProblems(config);
  if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`);
  return {
    path: file,
    dir: path.dirname(file),
    rules: toSettings(config.rules),
    overrides: (config.overrides ?? []).map((o) => ({
      files: typeof o.files === 'string' ? [o.files] : o.files,
      rules: toSettings(o.rules),
      ...(o.migration ? { migration: o.migration } : {}),
    })),
    ignores: config.ignores ?? [],
    migration: config.migration ?? 'auto',
    variableMap: config.variableMap ?? {},
    environments: config.environments ?? {},
  };
}

/** The keys the config takes, where it takes keys: for "unknown key" messages. */
const KNOWN_KEYS = { top: ['rules', 'overrides', 'ignores', 'migration', 'variableMap', 'environments'], environment: ['accountSid', 'accountSidEnv', 'authTokenEnv', 'apiKeyEnv', 'apiSecretEnv', 'map'], override: ['files', 'rules', 'migration'] };

/** What the schema does not say: `files` as an array. */
function semanticProblems(config: ConfigFile): string[] {
  const problems: string[] = [];
  (config.overrides ?? []).forEach((o, i) => {
    // An array, as in ESLint's flat config and the README: a lone string is most often a glob meant as one
    // of several, and reading it silently as [string] hides the slip.
    if (typeof o.files === 'string') problems.push(`overrides.${i}.files: must be an array of globs, such as ${JSON.stringify([o.files])}`);
  });
  for (const [name, e] of Object.entries(config.environments ?? {})) {
    // Credentials come from the environment: the config names the variables, so that it can be committed.
    if (!e.accountSid === !e.accountSidEnv) problems.push(`environments.${name}: give "accountSid" or "accountSidEnv" (one of them)`);
    const key = e.apiKeyEnv !== undefined || e.apiSecretEnv !== undefined;
    if (key && (e.apiKeyEnv === undefined || e.apiSecretEnv === undefined)) problems.push(`environments.${name}: "apiKeyEnv" and "apiSecretEnv" go together`);
    if (!key && e.authTokenEnv === undefined) problems.push(`environments.${name}: say where its credentials are: "authTokenEnv", or "apiKeyEnv" and "apiSecretEnv" (names of environment variables)`);
  }
  return problems;
}

/** Where a rule's options sit: `/rules/<id>/1` (or in an override), then the path inside them. */
const OPTIONS = /^((?:\/overrides\/\d+)?\/rules\/([^/]+))\/1(?=\/|$)(.*)$/;

/** A problem with a rule's options (the rule's meta.schema in the config schema): named by rule and option. */
function describeOption(error: SchemaError, [, rulePath, id, inside]: RegExpExecArray): string {
  const rule = rulePath!.replace(/^\//, '').replace(/\//g, '.');
  const where = rule + (inside ?? '').replace(/\//g, '.');
  switch (error.keyword) {
    case 'additionalProperties': {
      if (inside) return `${where}: unknown key '${String(error.params.additionalProperty)}'`;
      const known = Object.keys(rulesById.get(id!)?.meta.schema?.properties ?? {});
      return `${rule}: unknown option '${String(error.params.additionalProperty)}' (${known.length ? `known: ${known.join(', ')}` : 'the rule takes no options'})`;
    }
    case 'type': {
      const type = String(error.params.type);
      return `${inside ? where : `${rule} options`}: must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
    }
    case 'enum':
      return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
    case 'propertyNames':
      // variableMap's keys and values: the same words as for the top-level variableMap.
      return describe({ ...error, instancePath: rulePath! + (inside ?? '') });
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

function describe(error: SchemaError): string {
  const options = OPTIONS.exec(error.instancePath);
  if (options) return describeOption(error, options);
  const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'the config';
  const inOverride = /^\/overrides\/\d+$/.test(error.instancePath);
  const inEnvironment = /^\/environments\/[^/]+$/.test(error.instancePath);
  if (/^\/environments\/[^/]+\/(accountSidEnv|authTokenEnv|apiKeyEnv|apiSecretEnv)$/.test(error.instancePath) && error.keyword === 'pattern') {
    return `${where}: must be the name of an environment variable (letters, digits, _), not its value`;
  }
  if (/^\/environments\/[^/]+\/accountSid$/.test(error.instancePath) && error.keyword === 'pattern') return `${where}: must be an Account SID (AC and 32 hexadecimal digits)`;
  if (error.instancePath === '/environments' && error.keyword === 'pattern') return `environments: '${error.propertyName ?? ''}' is not a name for an environment (letters, digits, _ . -)`;
  if (/^\/overrides\/\d+\/files$/.test(error.instancePath) && (error.keyword === 'anyOf' || error.keyword === 'minItems')) {
    return `${where}: must list at least one glob, such as ["voice/**/*.json"]`;
  }
  switch (error.keyword) {
    case 'propertyNames':
      return '';
    case 'enum':
      if (error.propertyName !== undefined) return `${where}: unknown rule '${error.propertyName}'${didYouMean(error.propertyName, rulesById)}`;
      if (where.endsWith('migration')) return `${where}: must be flex, none or auto`;
      return `${where}: must be off, warn or error (or 0, 1, 2)`;
    case 'additionalProperties':
      return `${where}: unknown key '${String(error.params.additionalProperty)}' (known: ${(inOverride ? KNOWN_KEYS.override : inEnvironment ? KNOWN_KEYS.environment : KNOWN_KEYS.top).join(', ')})`;
    case 'pattern':
      return error.propertyName !== undefined
        ? `${where}: '${error.propertyName}' is not a trigger.message variable`
        : `${where}: must be a variable path such as trigger.conversation.Author`;
    case 'anyOf':
      return `${where}: must be a severity (off, warn, error) or [severity, options]`;
    case 'type': {
      // ajv says "must be object": the other messages here are sentences ("must be an array of globs").
      const types = ([] as unknown[]).concat(error.params.type).map(String);
      return `${where}: must be ${types.map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`).join(' or ')}`;
    }
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

function toSettings(rules: Record<string, RuleEntry> | undefined): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const [id, entry] of Object.entries(rules ?? {})) {
    const [level, options] = Array.isArray(entry) ? entry : [entry, undefined];
    settings[id] = { severity: toSeverity(level), ...(options ? { options } : {}) };
  }
  return settings;
}

export function toSeverity(level: Severity | 0 | 1 | 2): Severity {
  return level === 0 ? 'off' : level === 1 ? 'warn' : level === 2 ? 'error' : level;
}

/** Matches files against a config's globs, relative to the config's folder. */
export class ConfigMatcher {
  private readonly ignored: (path: string) => boolean;
  private readonly overrides: { matches: (path: string) => boolean; rules: Record<string, RuleSetting>; migration?: MigrationSetting }[];

  constructor(readonly config: Config) {
    this.ignored = config.ignores.length ? picomatch(config.ignores, { dot: true }) : () => false;
    this.overrides = config.overrides.map((o) => ({
      matches: picomatch(o.files, { dot: true, matchBase: !o.files.some((f) => f.includes('/')) }),
      rules: o.rules,
      migration: o.migration,
    }));
  }

  private lastFile: string | undefined;
  private lastRelative = '';

  /** The file's path from the config's folder, '/' separators; asked up to three times per file in a row. */
  private relative(file: string): string {
    if (file !== this.lastFile) {
      this.lastRelative = path.relative(this.config.dir, file).split(path.sep).join('/');
      this.lastFile = file;
    }
    return this.lastRelative;
  }

  isIgnored(file: string): boolean {
    return this.config.ignores.length > 0 && this.ignored(this.relative(file));
  }

  /** The rule settings for a file: the config's rules, then each matching override in order. */
  rulesFor(file: string, base: Record<string, RuleSetting>): { key: string; rules: Record<string, RuleSetting>; migration: MigrationSetting } {
    // Most configs have no overrides: no path to work out then (path.relative cost 3% of a 1,000-flow lint).
    if (this.overrides.length === 0) return { key: '', rules: base, migration: this.config.migration };
    const relative = this.relative(file);
    const matching = this.overrides.map((o, i) => (o.matches(relative) ? i : -1)).filter((i) => i >= 0);
    if (matching.length === 0) return { key: '', rules: base, migration: this.config.migration };
    let rules = base;
    let migration = this.config.migration;
    for (const i of matching) {
      rules = mergeRuleSettings(rules, this.overrides[i]!.rules);
      migration = this.overrides[i]!.migration ?? migration;
    }
    return { key: matching.join(','), rules, migration };
  }
}

/**
 * Rule settings laid over earlier ones (an override's, the command line's `--rule`): a severity alone keeps the
 * options set before it, as in ESLint's config ("semi": "warn" after ["error", "never"] is ["warn", "never"]).
 */
export function mergeRuleSettings(base: Record<string, RuleSetting>, over: Record<string, RuleSetting>): Record<string, RuleSetting> {
  const rules = { ...base };
  for (const [id, setting] of Object.entries(over)) {
    const options = setting.options ?? rules[id]?.options;
    rules[id] = options ? { ...setting, options } : setting;
  }
  return rules;
}

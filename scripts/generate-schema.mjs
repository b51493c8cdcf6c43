// Compiles the flow schema ahead of time with ajv's standalone code, so that no run pays for compiling it
// (issue 5). The catalog of widgets in src/schema/catalog.json is the source; the output is committed and a
// test checks that it is up to date: run `npm run generate` after changing the catalog.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { buildSync } from 'esbuild';

const catalog = JSON.parse(readFileSync(new URL('../src/schema/catalog.json', import.meta.url), 'utf8'));

// src/schema/quick-check.ts mirrors this schema as a loop over the catalog (it passes most flows before the
// validator runs): a change here must change it too; test/schema.test.ts compares the two on thousands of flows.
export function flowSchema() {
  // One branch per widget type, picked by ajv's discriminator on `type`: a state is checked against its own
  // type's branch only. (An if/then per type, as before, built and dropped an error object for every type a
  // state is not: 170 MB of garbage over 1,000 flows.) An unknown or missing type fails the discriminator,
  // which the rule ignores: it reports an unknown type itself, and `required` a missing one.
  const perType = Object.entries(catalog.widgets).map(([type, widget]) => ({
    properties: {
      type: { const: type },
      transitions: { items: { properties: { event: { enum: widget.events } } } },
      properties: {
        properties: Object.fromEntries(Object.entries(widget.properties).map(([name, jsonType]) => [name, { type: jsonType }])),
      },
    },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://studio-lint.dev/schemas/flow-definition',
    type: 'object',
    required: ['states', 'initial_state'],
    properties: {
      description: { type: 'string' },
      states: { type: 'array', minItems: 1, maxItems: 2000, items: { $ref: '#/definitions/state' } },
      initial_state: { type: 'string', not: { const: '' } },
      flags: { type: 'object', properties: { allow_concurrent_calls: { type: 'boolean' } } },
    },
    definitions: {
      state: {
        type: 'object',
        required: ['name', 'type', 'transitions', 'properties'],
        properties: {
          name: { type: 'string', not: { const: '' } },
          type: { type: 'string', not: { const: '' } },
          transitions: { type: 'array', items: { $ref: '#/definitions/transition' } },
          properties: { type: 'object' },
        },
        discriminator: { propertyName: 'type' },
        oneOf: perType,
      },
      transition: {
        type: 'object',
        required: ['event'],
        additionalProperties: false,
        properties: {
          event: { type: 'string' },
          next: { type: 'string' },
          conditions: { type: 'array', items: { $ref: '#/definitions/condition' } },
        },
      },
      condition: {
        type: 'object',
        required: ['arguments', 'type', 'value'],
        properties: {
          friendly_name: { type: 'string' },
          arguments: { type: 'array', items: { type: 'string' } },
          type: { type: 'string' },
          value: { type: 'string' },
        },
      },
    },
  };
}

/** Rule ids, from the convention that each rule lives in src/rules/<id>.ts (a test holds the convention). */
export function ruleIds() {
  const support = new Set(['index.ts', 'types.ts', 'docs.ts']);
  return readdirSync(new URL('../src/rules/', import.meta.url))
    .filter((f) => f.endsWith('.ts') && !support.has(f))
    .map((f) => f.slice(0, -3))
    .sort();
}

let metas;

/**
 * Every rule's meta, from the TypeScript sources: esbuild bundles src/rules/index.ts into a CommonJS module
 * (about 0.1 s), loaded once. Its `schema` (the rule's options) goes into the config schema.
 */
export function ruleMetas() {
  if (metas) return metas;
  const entry = fileURLToPath(new URL('../src/rules/index.ts', import.meta.url));
  const [bundle] = buildSync({ entryPoints: [entry], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' }).outputFiles;
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-lint-rules-'));
  try {
    const file = path.join(dir, 'rules.cjs');
    writeFileSync(file, bundle.contents);
    metas = createRequire(import.meta.url)(file).rules.map((rule) => rule.meta);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return metas;
}

/** A rule's entry in `rules`: a severity, or [severity] or [severity, options]. */
function entry(options) {
  const severity = { $ref: '#/definitions/severity' };
  return {
    anyOf: [
      severity,
      { type: 'array', minItems: 1, maxItems: 1, items: [severity] },
      { type: 'array', minItems: 2, maxItems: 2, items: [severity, { type: 'object', additionalProperties: false, properties: options }] },
    ],
  };
}

/**
 * A rule's entry, its options as the rule's meta.schema declares them (none declared: only `{}`, one shared
 * definition the compiled validator checks with one function). The description is what editors show on hover.
 */
function ruleEntry(meta) {
  if (!meta.schema) return { description: meta.description, $ref: '#/definitions/ruleWithoutOptions' };
  return { description: meta.description, ...entry(meta.schema.properties) };
}

export function configSchema() {
  const byId = new Map(ruleMetas().map((meta) => [meta.id, meta]));
  const ids = ruleIds();
  for (const id of ids) if (!byId.has(id)) throw new Error(`src/rules/${id}.ts is not listed in src/rules/index.ts`);
  // The top-level variableMap is every rule's shared option (src/linter passes it to each); the rule that reads
  // it declares its schema.
  const variableMap = byId.get('no-unavailable-trigger-variable').schema.properties.variableMap;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://studio-lint.dev/schemas/config',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
            rules: { $ref: '#/definitions/rules' },
            migration: { $ref: '#/definitions/migration' },
          },
        },
      },
      ignores: { type: 'array', items: { type: 'string' } },
      migration: { $ref: '#/definitions/migration' },
      variableMap,
      // The accounts flows are promoted between (push --promote --to <name>, docs/promote.md): where each one's
      // credentials come from (the names of environment variables, never the secrets), and what has no name
      // to look up.
      environments: {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
        additionalProperties: { $ref: '#/definitions/environment' },
      },
    },
    definitions: {
      environment: {
        type: 'object',
        additionalProperties: false,
        properties: {
          accountSid: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$' },
          accountSidEnv: { $ref: '#/definitions/envName' },
          authTokenEnv: { $ref: '#/definitions/envName' },
          apiKeyEnv: { $ref: '#/definitions/envName' },
          apiSecretEnv: { $ref: '#/definitions/envName' },
          map: { type: 'object', propertyNames: { minLength: 1 }, additionalProperties: { type: 'string' } },
        },
      },
      envName: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      // Whether the Chat → Conversations migration concerns these files: flex (yes), none (never), auto (from the evidence).
      migration: { enum: ['flex', 'none', 'auto'] },
      severity: { enum: ['off', 'warn', 'error', 0, 1, 2] },
      ruleWithoutOptions: entry({}),
      rules: {
        type: 'object',
        propertyNames: { enum: ids },
        properties: Object.fromEntries(ids.map((id) => [id, ruleEntry(byId.get(id))])),
      },
    },
  };
}

export function generate() {
  // strictTypes off: the per-type branches narrow properties the base schema already types.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, discriminator: true, code: { source: true, esm: true, lines: true } });
  const validate = ajv.compile(flowSchema());
  return '// Generated by scripts/generate-schema.mjs from src/schema/catalog.json: do not edit.\n' + standaloneCode(ajv, validate);
}

export function generateConfig() {
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true, lines: true } });
  const validate = ajv.compile(configSchema());
  return '// Generated by scripts/generate-schema.mjs from the rule files: do not edit.\n' + standaloneCode(ajv, validate);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  mkdirSync(new URL('../src/schema/generated/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../src/schema/generated/validate-flow.js', import.meta.url), generate());
  writeFileSync(new URL('../src/schema/generated/validate-config.js', import.meta.url), generateConfig());
  console.log('wrote src/schema/generated/validate-flow.js and validate-config.js');
}

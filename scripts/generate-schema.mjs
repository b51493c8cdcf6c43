// Compiles the flow schema ahead of time with ajv's standalone code, so that no run pays for compiling it
// (issue 5). The catalog of widgets in src/schema/catalog.json is the source; the output is committed and a
// test checks that it is up to date: run `npm run generate` after changing the catalog.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const catalog = JSON.parse(readFileSync(new URL('../src/schema/catalog.json', import.meta.url), 'utf8'));

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

export function configSchema() {
  const severity = { enum: ['off', 'warn', 'error', 0, 1, 2] };
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
      variableMap: {
        type: 'object',
        propertyNames: { pattern: '^trigger\\.message\\.[A-Za-z_][\\w.]*$' },
        additionalProperties: { type: 'string', pattern: '^[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)*$' },
      },
    },
    definitions: {
      // Whether the Chat → Conversations migration concerns these files: flex (yes), none (never), auto (from the evidence).
      migration: { enum: ['flex', 'none', 'auto'] },
      rules: {
        type: 'object',
        propertyNames: { enum: ruleIds() },
        additionalProperties: {
          anyOf: [
            severity,
            { type: 'array', minItems: 1, maxItems: 1, items: [severity] },
            { type: 'array', minItems: 2, maxItems: 2, items: [severity, { type: 'object' }] },
          ],
        },
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

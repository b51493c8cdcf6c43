/**
 * Rule options come from each rule's meta.schema, which feeds the config schema: the validator compiled into
 * the CLI (a mistyped option exits 2 naming the config file, the rule and the problem) and the JSON Schema
 * editors read (dist/schemas/config.schema.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../src/index.js';
import { conversationFlowWith, ROOT, runCli, tempDir } from './helpers.js';

const RULE = 'no-unavailable-trigger-variable';
const FLOW = conversationFlowWith('send-message', { body: 'You texted {{trigger.message.To}}' });

/** A folder with the flow and this config; the CLI run in it. */
function lintWith(config: unknown, ...args: string[]) {
  const dir = tempDir();
  const file = path.join(dir, 'studio-lint.config.json');
  writeFileSync(file, JSON.stringify(config));
  writeFileSync(path.join(dir, 'flow.json'), FLOW);
  return { file, ...runCli([...args, 'flow.json'], { cwd: dir }) };
}

const withOptions = (options: unknown) => ({ rules: { [RULE]: ['error', options] } });

/** Mistyped options, and what the CLI says about each (after "<config file>: "). */
const MISTYPED: [config: unknown, problem: string][] = [
  [withOptions({ variableMapp: {} }), `rules.${RULE}: unknown option 'variableMapp' (known: variableMap)`],
  [withOptions({ variableMap: 'trigger.message.To=flow.variables.x' }), `rules.${RULE}.variableMap: must be an object`],
  [withOptions({ variableMap: { To: 'flow.variables.x' } }), `rules.${RULE}.variableMap: 'To' is not a trigger.message variable`],
  [withOptions({ variableMap: { 'trigger.message.To': 'flow variables' } }), `rules.${RULE}.variableMap.trigger.message.To: must be a variable path such as trigger.conversation.Author`],
  [{ overrides: [{ files: ['*.json'], rules: { [RULE]: ['warn', { variableMap: [] }] } }] }, `overrides.0.rules.${RULE}.variableMap: must be an object`],
  [{ rules: { 'valid-liquid': ['error', { strict: true }] } }, "rules.valid-liquid: unknown option 'strict' (the rule takes no options)"],
  [{ rules: { 'valid-liquid': ['error', 'strict'] } }, 'rules.valid-liquid options: must be an object'],
];

describe('a mistyped rule option', () => {
  it.each(MISTYPED)('exits 2 naming the config file, the rule and the problem: %j', (config, problem) => {
    const run = lintWith(config);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`studio-lint: ${run.file}: ${problem}\n`);
    expect(run.stdout).toBe('');
  });

  it('says each problem once, and a wrong severity beside wrong options', () => {
    const run = lintWith({ rules: { [RULE]: ['loud', { variableMapp: {} }], 'valid-liquid': ['error', { a: 1 }, 2] } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `studio-lint: ${run.file}: rules.${RULE}.0: must be off, warn or error (or 0, 1, 2); rules.${RULE}: unknown option 'variableMapp' (known: variableMap); ` +
        "rules.valid-liquid: unknown option 'a' (the rule takes no options); rules.valid-liquid: must be a severity (off, warn, error) or [severity, options]\n",
    );
  });
});

describe('a declared rule option', () => {
  it('is accepted and used: the rule’s variableMap, which wins over the top-level one', () => {
    const map = (to: string) => ({ 'trigger.message.To': to });
    const fixed = (config: unknown) => {
      const run = lintWith(config, '--fix-dry-run', '--unsafe-fixes', '--format', 'json');
      expect(run.status, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { output?: string }[])[0]!.output;
    };
    expect(fixed(withOptions({ variableMap: map('flow.variables.number') }))).toBe(conversationFlowWith('send-message', { body: 'You texted {{flow.variables.number}}' }));
    expect(fixed({ ...withOptions({ variableMap: map('flow.variables.rule') }), variableMap: map('flow.variables.top') })).toContain('{{flow.variables.rule}}');
    expect(fixed({ variableMap: map('flow.variables.top') })).toContain('{{flow.variables.top}}');
  });

  it('is what --print-config shows for the file, apart from the top-level variableMap', () => {
    const own = { 'trigger.message.To': 'flow.variables.number' };
    const printed = (config: unknown) => {
      const run = lintWith(config, '--print-config', 'flow.json');
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { rules: Record<string, unknown>; variableMap: unknown };
    };
    expect(printed(withOptions({ variableMap: own })).rules[RULE]).toEqual(['error', { variableMap: own }]);
    const top = printed({ variableMap: own });
    expect(top.rules[RULE]).toBe('error');
    expect(top.variableMap).toEqual(own);
  });

  it('is kept by an override that sets the severity alone, as in ESLint, and replaced by one with options', () => {
    const own = { 'trigger.message.To': 'flow.variables.number' };
    const overridden = (entry: unknown) => {
      const run = lintWith({ ...withOptions({ variableMap: own }), overrides: [{ files: ['*.json'], rules: { [RULE]: entry } }] }, '--print-config', 'flow.json');
      expect(run.status, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { rules: Record<string, unknown> }).rules[RULE];
    };
    expect(overridden('warn')).toEqual(['warn', { variableMap: own }]);
    expect(overridden(['warn'])).toEqual(['warn', { variableMap: own }]);
    expect(overridden(['warn', {}])).toBe('warn');
  });

  it('is kept by --rule, which sets the severity alone', () => {
    const own = { 'trigger.message.To': 'flow.variables.number' };
    const run = lintWith(withOptions({ variableMap: own }), '--rule', `${RULE}:warn`, '--print-config', 'flow.json');
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { rules: Record<string, unknown> }).rules[RULE]).toEqual(['warn', { variableMap: own }]);
  });
});

describe("an option's default", () => {
  it('is written once, in meta.schema: explain, the docs and the config schema show it, and no description restates it', () => {
    for (const rule of rules) {
      for (const [name, option] of Object.entries(rule.meta.schema?.properties ?? {})) {
        expect(option.description ?? '', `${rule.meta.id}.${name}`).not.toMatch(/\bdefault\b/i);
      }
    }
    const explained = runCli(['explain', 'no-flow-over-widget-limit']).stdout;
    expect(explained).toContain('  warnAtPercent (integer; default: 80)\n');
    expect(explained).not.toContain('not set');
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'schemas', 'config.schema.json'), 'utf8')) as unknown;
    expect(JSON.stringify(schema)).toContain('"warnAtPercent":{"type":"integer","default":80,');
  });
});

describe('the shipped config schema (dist/schemas/config.schema.json)', () => {
  type Entry = { description?: string; $ref?: string; anyOf?: { items?: unknown[] }[] };
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'schemas', 'config.schema.json'), 'utf8')) as {
    properties: { variableMap: unknown };
    definitions: { rules: { properties: Record<string, Entry> }; ruleWithoutOptions: Entry };
  };
  const entries = schema.definitions.rules.properties;
  const optionsOf = (entry: Entry) => (entry.$ref ? schema.definitions.ruleWithoutOptions : entry).anyOf![2]!.items![1];

  it('describes every rule, with its options as meta.schema declares them (none declared: only {})', () => {
    expect(Object.keys(entries).sort()).toEqual(rules.map((r) => r.meta.id).sort());
    for (const { meta } of rules) {
      expect(entries[meta.id]!.description, meta.id).toBe(meta.description);
      expect(optionsOf(entries[meta.id]!), meta.id).toEqual({ type: 'object', additionalProperties: false, properties: meta.schema?.properties ?? {} });
    }
    expect(optionsOf(entries[RULE]!)).toMatchObject({ properties: { variableMap: { type: 'object', description: expect.stringContaining('unsafe fix') as unknown } } });
    // The top-level variableMap is the same option for every rule.
    expect(schema.properties.variableMap).toEqual(rulesById.get(RULE)!.meta.schema!.properties.variableMap);
  });

  it('refuses the options the CLI refuses, and accepts declared ones', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const [config] of MISTYPED) expect(validate(config), JSON.stringify(config)).toBe(false);
    expect(validate(withOptions({ variableMap: { 'trigger.message.To': 'flow.variables.number' } })), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { 'valid-liquid': ['warn', {}] } })).toBe(true);
  });

  it('gives every option a description for editors to show', () => {
    for (const { meta } of rules) {
      for (const [name, option] of Object.entries(meta.schema?.properties ?? {})) expect(option.description, `${meta.id}.${name}`).toBeTruthy();
    }
  });
});

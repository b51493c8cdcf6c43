/**
 * The JSON Schemas the package ships for editors (VS Code's json.schemas, the config's "$schema"): they accept
 * what the linter accepts and refuse what it refuses.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliInProcess, tempDir } from './helpers.js';

const schemas = path.join(ROOT, 'dist', 'schemas');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
// Editors ignore keywords they do not know (ajv's discriminator is one): so does this check.
const ajv = new Ajv({ strict: false, allErrors: true });
const validateConfig = ajv.compile(readJson(path.join(schemas, 'config.schema.json')));
const validateFlow = ajv.compile(readJson(path.join(schemas, 'flow.schema.json')));

function project(): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'fixtures'), path.join(dir, 'flows'), { recursive: true });
  return dir;
}

describe('the config file schema (dist/schemas/config.schema.json)', () => {
  it('accepts the example of docs/configuration.md and what init writes, and refuses what the linter refuses', async () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const example = JSON.parse(/## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(page)![1]!) as unknown;
    expect(validateConfig(example), JSON.stringify(validateConfig.errors)).toBe(true);

    const bad = [{ rules: { 'no-such-rule': 'error' } }, { rules: { 'valid-liquid': 'loud' } }, { colour: 'red' }, { overrides: [{ rules: {} }] }];
    for (const config of bad) {
      expect(validateConfig(config), JSON.stringify(config)).toBe(false);
      const dir = project();
      writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify(config));
      expect((await runCliInProcess(['flows'], { cwd: dir })).status, JSON.stringify(config)).toBe(2);
    }
  });

  it('init points "$schema" at the installed package’s copy, or at the published one pinned to this version', async () => {
    const version = (readJson(path.join(ROOT, 'package.json')) as { version: string }).version;
    const alone = project();
    expect((await runCliInProcess(['init'], { cwd: alone })).status).toBe(0);
    const written = readJson(path.join(alone, 'studio-lint.config.json'));
    expect(written.$schema).toBe(`https://unpkg.com/studio-lint@${version}/dist/schemas/config.schema.json`);
    expect(validateConfig(written), JSON.stringify(validateConfig.errors)).toBe(true);

    const installed = project();
    mkdirSync(path.join(installed, 'node_modules'));
    symlinkSync(ROOT, path.join(installed, 'node_modules', 'studio-lint'));
    expect((await runCliInProcess(['init'], { cwd: installed })).status).toBe(0);
    const local = readJson(path.join(installed, 'studio-lint.config.json'));
    expect(local.$schema).toBe('./node_modules/studio-lint/dist/schemas/config.schema.json');
    expect(existsSync(path.join(installed, local.$schema as string))).toBe(true);
    // The linter reads the config with its "$schema": the fixtures' findings, not a config error.
    expect((await runCliInProcess(['flows'], { cwd: installed })).status).toBe(1);
  });
});

describe('the flow definition schema (dist/schemas/flow.schema.json)', () => {
  it('accepts the example flows and refuses what Twilio refuses', () => {
    for (const name of readdirSync(path.join(ROOT, 'fixtures')).filter((f) => f.endsWith('.json'))) {
      const definition = readJson(path.join(ROOT, 'fixtures', name));
      expect(validateFlow(definition), `${name}: ${JSON.stringify(validateFlow.errors)}`).toBe(true);
    }
    const flow = readJson(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json')) as { states: { type: string; properties: Record<string, unknown> }[] };
    const toFlex = flow.states.find((s) => s.type === 'send-to-flex')!;
    toFlex.properties.priority = 0; // Twilio wants "0"
    expect(validateFlow(flow)).toBe(false);
    expect(validateFlow.errors!.map((e) => e.instancePath)).toContain(`/states/${flow.states.indexOf(toFlex)}/properties/priority`);
  });
});

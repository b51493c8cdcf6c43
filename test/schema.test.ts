import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('the generated flow schema validator', () => {
  it('is up to date with src/schema/catalog.json (run npm run generate)', async () => {
    const { generate } = (await import(path.join(ROOT, 'scripts', 'generate-schema.mjs'))) as { generate: () => string };
    expect(readFileSync(path.join(ROOT, 'src', 'schema', 'generated', 'validate-flow.js'), 'utf8')).toBe(generate());
  });
});

describe('the generated config validator', () => {
  it('is up to date with the rule files', async () => {
    const { generateConfig } = (await import(path.join(ROOT, 'scripts', 'generate-schema.mjs'))) as { generateConfig: () => string };
    expect(readFileSync(path.join(ROOT, 'src', 'schema', 'generated', 'validate-config.js'), 'utf8')).toBe(generateConfig());
  });

  it('relies on each rule living in src/rules/<id>.ts', async () => {
    const { ruleIds } = (await import(path.join(ROOT, 'scripts', 'generate-schema.mjs'))) as { ruleIds: () => string[] };
    const { rules } = await import('../src/index.js');
    expect(ruleIds()).toEqual(rules.map((r) => r.meta.id).sort());
  });
});

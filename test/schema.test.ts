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

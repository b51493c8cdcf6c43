/**
 * Differential test: the scanner finds the same variable paths as liquidjs's static analysis, on every
 * template of the corpus (when it is there) and on the fixtures. liquidjs is the oracle, not the engine:
 * it is about seven times slower than JSON.parse on the same files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { scanLiquid } from '../src/liquid/scan.js';
import { mayContainLiquid } from '../src/liquid/scan.js';
import { CORPUS, HAS_CORPUS, NEEDS_CORPUS, ROOT } from './helpers.js';

function templates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (mayContainLiquid(v)) out.push(v);
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  return out;
}

const liquid = new Liquid();
/** Global variable paths per liquidjs, written as dot paths; aliases are locals there, so compare without them. */
function oracle(template: string): string[] {
  const analysis = liquid.analyzeSync(liquid.parse(template));
  return Object.values(analysis.globals)
    .flat()
    .map((v) => v.segments.map(String).join('.'))
    .sort();
}

function scanned(template: string): string[] {
  return scanLiquid(template)
    .references.filter((r) => !r.alias && !r.segments.includes(null))
    .map((r) => r.segments.join('.'))
    .sort();
}

/** Compares the scanner with liquidjs on these templates; how many liquidjs could parse. */
function compareWithOracle(all: string[]): number {
  let compared = 0;
  for (const template of all) {
    let expected: string[];
    try {
      expected = oracle(template);
    } catch {
      continue; // liquidjs cannot parse it: valid-liquid's business
    }
    expect(scanned(template), template).toEqual(expected);
    compared++;
  }
  return compared;
}

describe('the Liquid scanner against liquidjs', () => {
  const all = templates(path.join(ROOT, 'fixtures'));
  it(`finds the same variable paths in the fixtures' ${all.length} templates`, () => {
    expect(all.length).toBeGreaterThan(20);
    expect(compareWithOracle(all)).toBeGreaterThan(all.length * 0.95);
  });
});

describe.skipIf(!HAS_CORPUS)(`the Liquid scanner against liquidjs on the corpus${NEEDS_CORPUS}`, () => {
  const all = templates(CORPUS);
  it(`finds the same variable paths in the corpus's ${all.length} templates`, () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(compareWithOracle(all)).toBeGreaterThan(all.length * 0.95);
  });
});

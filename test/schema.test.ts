import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import validateFlow from '../src/schema/generated/validate-flow.js';
import { surelyValidFlow } from '../src/schema/quick-check.js';
import { CORPUS_FILES, HAS_CORPUS, NEEDS_CORPUS, ROOT } from './helpers.js';

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

describe('the quick flow check in front of the validator', () => {
  // Its contract (src/schema/quick-check.ts): `true` only where the validator accepts. Checked on every flow of
  // the fixtures, the corpus and generated sets, and on thousands of random mutations of them: values of other
  // types, keys removed and added, other widget types and events, empty strings, sizes at the limits.
  const definitions = async (sets: { corpus: boolean }): Promise<unknown[]> => {
    const { classify } = await import('../src/flow/load.js');
    const { generateRealisticFlow, generateFlow } = (await import(path.join(ROOT, 'scripts', 'generate-flows.mjs'))) as Record<string, (seed: number, i: number) => unknown>;
    const texts = sets.corpus
      ? CORPUS_FILES.map((f) => readFileSync(f, 'utf8'))
      : [
          ...readdirSync(path.join(ROOT, 'fixtures')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(path.join(ROOT, 'fixtures', f), 'utf8')),
          ...Array.from({ length: 40 }, (_, i) => JSON.stringify(generateRealisticFlow!(3, i))),
          ...Array.from({ length: 10 }, (_, i) => JSON.stringify(generateFlow!(3, i))),
        ];
    return texts.flatMap((text) => {
      const c = classify(text);
      return c.kind === 'flows' ? c.flows.map((f) => f.definition) : [];
    });
  };

  /** How many flows the validator accepts, and how many the quick check passes; every pass must be accepted. */
  const agreement = (all: unknown[]) => {
    let valid = 0;
    let passed = 0;
    for (const d of all) {
      const accepted = validateFlow(d);
      if (surelyValidFlow(d)) {
        expect(accepted).toBe(true);
        passed++;
      }
      if (accepted) valid++;
    }
    return { valid, passed };
  };

  it('passes only what the validator accepts, and passes most valid flows (the fixtures and generated flows)', async () => {
    const all = await definitions({ corpus: false });
    expect(all.length).toBeGreaterThan(50);
    const { valid, passed } = agreement(all);
    // Not vacuous: the flows the validator accepts, the quick check passes too (it falls back on doubt only).
    expect(valid).toBeGreaterThan(40);
    expect(passed).toBe(valid);
  });

  describe.skipIf(!HAS_CORPUS)(`on the corpus${NEEDS_CORPUS}`, () => {
    it('passes only what the validator accepts, and passes every valid flow of the corpus', async () => {
      const all = await definitions({ corpus: true });
      expect(all.length).toBeGreaterThan(150);
      const { valid, passed } = agreement(all);
      expect(passed).toBe(valid);
    });
  });

  it('never passes a mutation the validator refuses', async () => {
    const all = [...(await definitions({ corpus: false })), ...(HAS_CORPUS ? await definitions({ corpus: true }) : [])].filter((d) => validateFlow(d));
    let seed = 12345;
    const random = () => {
      // mulberry32: a fixed sequence, so a failure reproduces.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const widgetTypes = Object.keys((await import('../src/schema/catalog.json', { with: { type: 'json' } })).default.widgets);
    const values = () => pick<unknown>([null, 0, 1, 1.5, -1, '', 'x', true, false, [], {}, ['a'], [1], { a: 1 }, 'constructor', pick(widgetTypes), 'incomingMessage', 'next', '__proto__']);
    // Every container in the definition, with its parent, so that a mutation can reach any depth.
    const containers = (root: unknown) => {
      const out: (Record<string, unknown> | unknown[])[] = [];
      const walk = (v: unknown) => {
        if (v !== null && typeof v === 'object') {
          out.push(v as Record<string, unknown>);
          for (const child of Object.values(v)) walk(child);
        }
      };
      walk(root);
      return out;
    };
    let refused = 0;
    let passedValid = 0;
    for (let n = 0; n < 6000; n++) {
      const d = structuredClone(pick(all)) as Record<string, unknown>;
      for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
        const target = pick(containers(d));
        const keys = Object.keys(target);
        const action = random();
        if (Array.isArray(target)) {
          if (action < 0.3 && target.length) target.splice(Math.floor(random() * target.length), 1);
          else if (action < 0.6) target.push(values());
          else if (target.length) target[Math.floor(random() * target.length)] = values();
        } else if (action < 0.3 && keys.length) delete target[pick(keys)];
        else if (action < 0.5) target[pick(['event', 'next', 'conditions', 'name', 'type', 'properties', 'transitions', 'friendly_name', 'arguments', 'value', 'extra', 'flags', 'description', 'allow_concurrent_calls', 'states', 'initial_state'])] = values();
        else if (keys.length) target[pick(keys)] = values();
      }
      if (n % 500 === 0 && Array.isArray(d.states)) d.states.length = pick([0, 1, 2001]);
      const accepted = validateFlow(d);
      if (surelyValidFlow(d)) {
        expect(accepted, JSON.stringify(d).slice(0, 300)).toBe(true);
        passedValid++;
      }
      if (!accepted) refused++;
    }
    // Both sides were exercised.
    expect(refused).toBeGreaterThan(1000);
    expect(passedValid).toBeGreaterThan(500);
  });
});

describe('the quick flow check, widget by widget', () => {
  it('agrees with the validator on every catalog property given a value of every JSON type, and on the size limits', async () => {
    const catalog = (await import('../src/schema/catalog.json', { with: { type: 'json' } })).default as { widgets: Record<string, { events: string[]; properties: Record<string, string> }> };
    const flowOf = (states: unknown[]) => ({ description: 'd', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states });
    const trigger = { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingMessage', next: 'w' }], properties: {} };
    let checked = 0;
    for (const [type, widget] of Object.entries(catalog.widgets)) {
      for (const property of Object.keys(widget.properties)) {
        for (const value of [null, 0, 1, -2, 1.5, 'x', '', true, [], ['a'], {}, { a: 1 }]) {
          const d = flowOf([trigger, { name: 'w', type, transitions: widget.events.slice(0, 1).map((event) => ({ event })), properties: { [property]: value } }]);
          expect(surelyValidFlow(d) ? validateFlow(d) : true, `${type}.${property} = ${JSON.stringify(value)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    // maxItems 2000 and minItems 1, with states that are each valid.
    const state = (i: number) => ({ name: `w${i}`, type: 'set-variables', transitions: [{ event: 'next' }], properties: {} });
    for (const count of [0, 1, 2000, 2001]) {
      const d = flowOf([trigger, ...Array.from({ length: count }, (_, i) => state(i))].slice(0, count));
      expect(surelyValidFlow(d), `${count} states`).toBe(validateFlow(d));
    }
  });
});

describe('the quick check follows the schema', () => {
  it('flowSchema() is the one quick-check.ts mirrors (a change to it must change quick-check.ts, then this hash)', async () => {
    // The mutation tests above catch a quick check looser than the schema it knows; a new keyword added to the
    // schema (a pattern, say) they cannot know about. This pins the schema's code: widgets come from the catalog.
    const { flowSchema } = (await import(path.join(ROOT, 'scripts', 'generate-schema.mjs'))) as { flowSchema: () => unknown };
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(flowSchema.toString()).digest('hex').slice(0, 16)).toBe('9745b1a9f79f06c7');
  });
});

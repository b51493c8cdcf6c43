/**
 * The linter over real flows written by others (../shared/corpus, when it is there): no crash, every finding
 * inside its file, and --fix output that parses, keeps types and placeholders, changes only what it means
 * to, and is stable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { activeRules, decodeSource, fixSource, lintSource, toLintResult, verify } from '../src/index.js';
import { CORPUS, HAS_CORPUS, NEEDS_CORPUS } from './helpers.js';

const files = HAS_CORPUS ? readdirSync(CORPUS).filter((f) => f.endsWith('.json')) : [];
const active = activeRules();

describe.skipIf(!HAS_CORPUS)(`the corpus of real flows${NEEDS_CORPUS}`, () => {
  it('lints every flow without a crash, every finding inside its file', () => {
    let findings = 0;
    for (const name of files) {
      const source = decodeSource(readFileSync(path.join(CORPUS, name)));
      const lines = source.text.split('\n');
      const result = toLintResult(lintSource(name, source, active), { withEdits: true });
      for (const m of result.messages) {
        findings++;
        expect(m.line, `${name}: ${m.message}`).toBeGreaterThanOrEqual(1);
        expect(m.line).toBeLessThanOrEqual(lines.length);
        expect(m.column).toBeGreaterThanOrEqual(1);
        expect(m.column).toBeLessThanOrEqual(lines[m.line - 1]!.length + 1);
        expect(m.endLine).toBeGreaterThanOrEqual(m.line);
        expect(m.endColumn).toBeLessThanOrEqual(lines[m.endLine - 1]!.length + 1);
        // A variable finding covers exactly the variable's path.
        if (m.ruleId === 'no-message-trigger-variable' && m.line === m.endLine && !m.message.includes("(through '")) {
          expect(lines[m.line - 1]!.slice(m.column - 1, m.endColumn - 1)).toMatch(/^trigger\.message(\.|\[)/);
        }
      }
    }
    expect(findings).toBeGreaterThan(1000);
  });

  it('fixes every flow into text that parses, keeps types and placeholders, and is stable', () => {
    let changedFiles = 0;
    for (const name of files) {
      const source = decodeSource(readFileSync(path.join(CORPUS, name)));
      const first = lintSource(name, source, active);
      if (first.findings.some((f) => f.fatal)) continue;
      const once = fixSource(first, active, { unsafe: true });
      expect(once.failure, name).toBeUndefined();
      if (!once.changed) continue;
      changedFiles++;
      expect(verify(source.text, once.output), name).toBeUndefined();
      expect(once.output.match(/\$\{[^}]*\}/g) ?? []).toEqual(source.text.match(/\$\{[^}]*\}/g) ?? []);
      // Only the intended lines change: Liquid that read trigger.message, the Trigger's wiring, channel-type values.
      for (const part of diffLines(source.text, once.output)) {
        if (!part.removed) continue;
        for (const line of part.value.split('\n').filter((l) => l.trim() !== '')) {
          expect(line, name).toMatch(/trigger\.message|"next"|"value": ".*\b(facebook|web)\b|"event": "incoming/);
        }
      }
      const twice = fixSource(lintSource(name, { text: once.output, bom: source.bom }, active), active, { unsafe: true });
      expect(twice.changed, `${name} changed on a second --fix`).toBe(false);
    }
    expect(changedFiles).toBeGreaterThan(50);
  });
});

/**
 * A case's expectations against what the execution did: each failed expectation is one difference, with the
 * widget and the rendered value.
 */
import type { Execution } from './runner.js';
import type { Expectations } from './testfile.js';

export interface Difference {
  /** Which expectation: path, end, sent[1], flex.attributes.name, variables.topic, said[0], error, … */
  expectation: string;
  widget?: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

export function compare(expect: Expectations, run: Execution): Difference[] {
  const out: Difference[] = [];
  if (run.error !== undefined) out.push({ expectation: 'run', expected: 'an execution to its end', actual: run.error, message: run.error, widget: run.path.at(-1) });
  if (expect.path && !sameList(expect.path, run.path)) {
    out.push({ expectation: 'path', expected: expect.path, actual: run.path, message: `path ${diffPath(expect.path, run.path)}` });
  }
  if (expect.end !== undefined && run.path.at(-1) !== expect.end) {
    out.push({ expectation: 'end', expected: expect.end, actual: run.path.at(-1) ?? null, message: `the execution ended at ${quote(run.path.at(-1))}, expected ${quote(expect.end)}` });
  }
  if (expect.sent) {
    // A subset, in order: each expected message matches a later sent message than the one before it.
    let from = 0;
    expect.sent.forEach((wanted, i) => {
      const found = run.sent.findIndex((m, j) => j >= from && (Object.keys(wanted) as (keyof typeof wanted)[]).every((k) => m[k] === wanted[k]));
      if (found >= 0) {
        from = found + 1;
        return;
      }
      const candidate = run.sent.slice(from).find((m) => wanted.widget === undefined || m.widget === wanted.widget);
      const fields = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => candidate?.[k] !== wanted[k]);
      out.push({
        expectation: `sent[${i}]`,
        widget: candidate?.widget ?? wanted.widget,
        expected: wanted,
        actual: candidate ?? null,
        message: candidate
          ? `message from '${candidate.widget}': ${fields.map((k) => `${k} ${quote(candidate[k])}, expected ${quote(wanted[k])}`).join('; ')}`
          : `no message${wanted.widget ? ` from '${wanted.widget}'` : ''} was sent${from > 0 ? ' after the ones matched before' : ''} (sent: ${run.sent.map((m) => m.widget).join(', ') || 'none'})`,
      });
    });
  }
  if (expect.flex) {
    const handoff = run.flex.find((f) => expect.flex!.widget === undefined || f.widget === expect.flex!.widget);
    if (!handoff) {
      out.push({ expectation: 'flex', widget: expect.flex.widget, expected: expect.flex, actual: null, message: `no Send to Flex${expect.flex.widget ? ` '${expect.flex.widget}'` : ''} ran (path: ${run.path.join(' → ') || 'none'})` });
    } else if (expect.flex.attributes !== undefined) {
      if (handoff.attributes === undefined) {
        out.push({ expectation: 'flex.attributes', widget: handoff.widget, expected: expect.flex.attributes, actual: handoff.raw, message: `'${handoff.widget}' attributes are not JSON once rendered: ${handoff.raw}` });
      } else {
        for (const d of subsetDifferences(expect.flex.attributes, handoff.attributes, 'flex.attributes')) {
          out.push({ ...d, widget: handoff.widget, message: `'${handoff.widget}' ${d.message}` });
        }
      }
    }
  }
  if (expect.variables) out.push(...subsetDifferences(expect.variables, run.variables, 'variables'));
  if (expect.said) {
    let from = 0;
    expect.said.forEach((wanted, i) => {
      const found = run.said.findIndex((s, j) => j >= from && s.text === wanted.text && (wanted.widget === undefined || s.widget === wanted.widget));
      if (found >= 0) {
        from = found + 1;
        return;
      }
      const candidate = run.said.slice(from).find((s) => wanted.widget === undefined || s.widget === wanted.widget);
      out.push({
        expectation: `said[${i}]`,
        widget: candidate?.widget ?? wanted.widget,
        expected: wanted.text,
        actual: candidate?.text ?? null,
        message: candidate ? `'${candidate.widget}' said ${quote(candidate.text)}, expected ${quote(wanted.text)}` : `nothing more was said (said: ${run.said.map((s) => s.widget).join(', ') || 'nothing'})`,
      });
    });
  }
  return out;
}

/** Expected as a subset of actual: objects compare key by key, anything else by value. */
function subsetDifferences(expected: unknown, actual: unknown, at: string): Difference[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ expectation: at, expected, actual, message: `${at} is ${quote(actual)}, expected an object` }];
    return Object.entries(expected).flatMap(([k, v]) => subsetDifferences(v, (actual as Record<string, unknown>)[k], `${at}.${k}`));
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  return [{ expectation: at, expected, actual, message: `${at} is ${actual === undefined ? 'not set' : quote(actual)}, expected ${quote(expected)}` }];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function diffPath(expected: readonly string[], actual: readonly string[]): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const where = i === 0 ? 'from the start' : `after ${actual[i - 1]}`;
  return `differs ${where}: expected ${expected.slice(i).join(' → ') || '(the end)'}, ran ${actual.slice(i).join(' → ') || '(the end)'}`;
}

export function quote(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

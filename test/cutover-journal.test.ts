/**
 * The cutover journal after a crash mid-write: the next run must still read it and append to it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../src/cutover/journal.js';
import { tempDir } from './helpers.js';

const line = (step: number, event: string) => JSON.stringify({ plan: 'p1', step, event, at: '2026-11-29T08:00:00.000Z' }) + '\n';

describe('the cutover journal', () => {
  it('drops a line a crash cut short, so that the next append starts on a line of its own', () => {
    const file = path.join(tempDir(), 'cutover-plan.journal.jsonl');
    writeFileSync(file, line(1, 'start') + line(1, 'done') + '{"plan":"p1","step":2,"ev');
    const journal = new Journal(file, 'p1');
    expect(journal.entries).toHaveLength(2);
    journal.append(2, 'start');
    const again = new Journal(file, 'p1');
    expect(again.entries.map((e) => `${e.step}:${e.event}`)).toEqual(['1:start', '1:done', '2:start']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('keeps a whole last entry whose newline a crash lost, and appends after it', () => {
    const file = path.join(tempDir(), 'cutover-plan.journal.jsonl');
    writeFileSync(file, line(1, 'start') + line(1, 'done').trimEnd());
    const journal = new Journal(file, 'p1');
    journal.append(2, 'start');
    expect(new Journal(file, 'p1').entries.map((e) => `${e.step}:${e.event}`)).toEqual(['1:start', '1:done', '2:start']);
  });

  it('a refused run leaves the step to do, a refused undo leaves it as it was; an unknown outcome is "maybe"', () => {
    const file = path.join(tempDir(), 'cutover-plan.journal.jsonl');
    writeFileSync(
      file,
      [
        line(1, 'start'), line(1, 'refused'),
        line(2, 'start'), line(2, 'failed'), line(2, 'start'), line(2, 'refused'),
        line(3, 'start'), line(3, 'done'), line(3, 'undo-start'), line(3, 'undo-refused'),
        line(4, 'start'), line(4, 'failed'), line(4, 'undo-start'), line(4, 'undo-refused'),
        line(5, 'start'), line(5, 'failed'),
        line(6, 'start'), line(6, 'done'), line(6, 'undo-start'), line(6, 'undo-failed'),
      ].join(''),
    );
    const journal = new Journal(file, 'p1');
    expect([1, 2, 3, 4, 5, 6].map((n) => journal.state(n))).toEqual(['pending', 'pending', 'done', 'maybe', 'maybe', 'maybe']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, encodeStringContent, type TextEdit } from '../src/fixers/edits.js';
import { applyFixGroups } from '../src/linter/fix-loop.js';

describe('text edits', () => {
  it('re-encode a new string in the literal’s own escaping style', () => {
    expect(encodeStringContent('trigger.conversation.Body', '"{{trigger.message.Body}}"')).toBe('trigger.conversation.Body');
    expect(encodeStringContent('a "b" \\ c', '"x"')).toBe('a \\"b\\" \\\\ c');
    expect(encodeStringContent('é/x', '"caf\\u00e9 \\/ x"')).toBe('\\u00e9\\/x');
    expect(encodeStringContent('é/x', '"café / x"')).toBe('é/x');
    expect(encodeStringContent('line\nbreak', '"x"')).toBe('line\\nbreak');
  });

  it('apply non-overlapping edits, deduplicate identical ones and hand back the rest', () => {
    const { text, applied, skipped } = applyEdits('abcdef', [
      { start: 1, end: 2, text: 'B' },
      { start: 1, end: 2, text: 'B' },
      { start: 1, end: 3, text: 'X' },
      { start: 4, end: 4, text: '+' },
    ]);
    expect(text).toBe('aBcd+ef');
    expect(applied).toHaveLength(2);
    expect(skipped).toEqual([{ start: 1, end: 3, text: 'X' }]);
  });
});

describe('choosing the fixes of one pass', () => {
  /** The rule applyFixGroups keeps, stated pairwise (as it was computed before it had to scale). */
  function conflicts(a: TextEdit, b: TextEdit): boolean {
    if (a.start === b.start && a.end === b.end && a.text === b.text) return false;
    const overlap = a.start < b.end && b.start < a.end;
    const sameInsertionPoint = a.start === a.end && b.start === b.end && a.start === b.start;
    return overlap || sameInsertionPoint;
  }
  function pairwise(groups: TextEdit[][]): number[] {
    const taken: TextEdit[] = [];
    const applied: number[] = [];
    groups.forEach((group, index) => {
      if (group.some((e) => taken.some((t) => conflicts(e, t)))) return;
      taken.push(...group);
      applied.push(index);
    });
    return applied;
  }
  const edit = fc.tuple(fc.nat(30), fc.nat(4), fc.constantFrom('', 'x', 'y')).map(([start, length, text]) => ({ start, end: start + length, text }));
  const groups = fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 40 });

  it('take a fix only when none of its edits conflicts with a taken one, as the pairwise rule says', () => {
    fc.assert(
      fc.property(groups, (gs) => {
        expect(applyFixGroups('.'.repeat(40), gs).applied).toEqual(pairwise(gs));
      }),
      { numRuns: 2000 },
    );
  });

  it('let identical edits coincide, and two insertions at one point or overlapping replacements wait', () => {
    const chosen = applyFixGroups('abcdef', [
      [{ start: 1, end: 3, text: 'X' }],
      [{ start: 1, end: 3, text: 'X' }, { start: 5, end: 5, text: '+' }],
      [{ start: 5, end: 5, text: '-' }],
      [{ start: 2, end: 4, text: 'Y' }],
      [{ start: 3, end: 3, text: '^' }, { start: 0, end: 1, text: 'A' }],
      [{ start: 3, end: 5, text: 'Z' }],
    ]);
    expect(chosen.applied).toEqual([0, 1, 4, 5]);
    expect(chosen.text).toBe('AX^Z+f');
  });
});

/**
 * Issue 14, scale: "did you mean" hints through the name index. A flow with many names and many misspelt
 * references still gets the right hint for each, after the exact search's budget is spent. (Time is not
 * asserted: `npm run bench` measures that the work is linear.)
 */
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/flow/names.js';

describe('did you mean, at scale', () => {
  it('finds the name one edit away among 20,000, for 20,000 misspellings', () => {
    const names = new Map(Array.from({ length: 20000 }, (_, i) => [`send_reply_${i.toString(36)}_${(i * 7919).toString(36)}`, i]));
    const keys = [...names.keys()];
    let right = 0;
    keys.forEach((name, i) => {
      // A deleted, an inserted or a replaced character, in turn.
      const typo = i % 3 === 0 ? name.slice(0, 3) + name.slice(4) : i % 3 === 1 ? name.slice(0, 5) + 'q' + name.slice(5) : 'x' + name.slice(1);
      if (didYouMean(typo, names) === ` (did you mean '${name}'?)`) right++;
    });
    expect(right).toBe(keys.length);
  });

  it('a case-only difference wins, and a name too far away gets no hint', () => {
    const names = new Map(Array.from({ length: 5000 }, (_, i) => [`widget_${i}`, i]));
    expect(didYouMean('WIDGET_42', names)).toBe(" (did you mean 'widget_42'?)");
    expect(didYouMean('something_else_entirely', names)).toBe('');
  });
});

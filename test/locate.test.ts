import { describe, expect, it } from 'vitest';
import { JsonLocator, LineIndex, rawOffsetInString } from '../src/flow/locate.js';

describe('the lazy locator', () => {
  const text = '{ "a": [1, {"b\\"c": "x\\ny"}, true], "d": {"e": null}, "a2": "\\u00e9{{v}}" }';
  const locator = new JsonLocator(text);
  const slice = (r: { start: number; end: number } | undefined) => (r ? text.slice(r.start, r.end) : undefined);

  it('finds values, keys and members by pointer', () => {
    expect(slice(locator.value(['a', 1, 'b"c']))).toBe('"x\\ny"');
    expect(slice(locator.value(['a', 2]))).toBe('true');
    expect(slice(locator.value(['d']))).toBe('{"e": null}');
    expect(slice(locator.key(['d', 'e']))).toBe('"e"');
    expect(slice(locator.member(['d', 'e']))).toBe('"e": null');
    expect(locator.value(['zz'])).toBeUndefined();
    expect(locator.value(['a', 9])).toBeUndefined();
  });

  it('maps decoded string offsets through escapes', () => {
    // "\u00e9{{v}}" decodes to "é{{v}}": decoded offset 3 is the v.
    expect(slice(locator.stringSlice(['a2'], 3, 4))).toBe('v');
    expect(rawOffsetInString('"a\\"b"', 0, 2)).toBe(4);
  });

  it('counts lines on LF, with CR belonging to its line', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(4)).toEqual({ line: 2, column: 1 });
    expect(lines.position(8)).toEqual({ line: 3, column: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { JsonLocator, LineIndex, nearestValue, parsePointer, pointerToString } from '../src/flow/locate.js';

/** The reference the locator's escape tables must agree with: walk the literal from its start. */
function rawOffsetInString(text: string, literalStart: number, decodedOffset: number): number {
  let raw = literalStart + 1;
  for (let decoded = 0; decoded < decodedOffset; decoded++) raw += text.charCodeAt(raw) === 92 ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
  return raw;
}

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

  it('maps every decoded offset of a string with mixed escapes as a walk from its start would', () => {
    const value = 'a"b\\c\u00e9d\ne{{x}}\t"';
    // JSON.stringify writes é raw: write it as \u00e9, as Python's json.dumps would.
    const mixed = JSON.stringify({ k: value }).replace('é', '\\u00e9');
    const located = new JsonLocator(mixed);
    const literal = located.value(['k'])!;
    for (let d = 0; d <= value.length; d++) {
      expect(located.stringSlice(['k'], d, d)!.start).toBe(rawOffsetInString(mixed, literal.start, d));
    }
    expect(JSON.parse(`"${mixed.slice(located.stringSlice(['k'], 9, 14)!.start, located.stringSlice(['k'], 9, 14)!.end)}"`)).toBe('{{x}}');
  });

  it('keeps each locator right when several share the structure tables', () => {
    const first = new JsonLocator('{"a": [{"b": 1}, {"c": [2, 3]}]}');
    // The second text has a '[' where the first has one (offset 23), closing elsewhere.
    const second = new JsonLocator('{"padding": "x", "z": [[], 5]}');
    expect(first.value(['a', 1])).toEqual({ start: 17, end: 30 });
    expect(second.value(['z', 0])).toEqual({ start: 23, end: 25 });
    // `first` indexed its root before `second` took the tables; a container it has not indexed yet needs them again.
    expect(first.value(['a', 1, 'c'])).toEqual({ start: 23, end: 29 });
    expect(second.value(['z'])).toEqual({ start: 22, end: 29 });
  });

  it('counts lines on LF, with CR belonging to its line', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(4)).toEqual({ line: 2, column: 1 });
    expect(lines.position(8)).toEqual({ line: 3, column: 2 });
    // Behind the previous lookup (a finding inside an earlier finding's range) and forward again.
    expect(lines.position(2)).toEqual({ line: 1, column: 3 });
    expect(lines.position(6)).toEqual({ line: 2, column: 3 });
    expect(lines.position(3)).toEqual({ line: 1, column: 4 });
  });

  it('writes JSON pointers with ~ and / escaped, and reads them back', () => {
    expect(pointerToString(['states', 3, 'properties', 'a/b~c', ''])).toBe('/states/3/properties/a~1b~0c/');
    expect(parsePointer('/states/3/properties/a~1b~0c/')).toEqual(['states', 3, 'properties', 'a/b~c', '']);
    expect(pointerToString([])).toBe('');
  });

  it('finds the nearest ancestor of a value that is not in the text', () => {
    const text = '{"a": {"b": 1, "b": {"c": 2}}}';
    const locator = new JsonLocator(text);
    const range = nearestValue(locator, ['a', 'b', 'x', 'y']);
    expect(text.slice(range!.start, range!.end)).toBe('{"c": 2}');
    const parent = nearestValue(locator, ['a', 'b'], 1)!;
    expect(text.slice(parent.start, parent.end)).toBe('{"b": 1, "b": {"c": 2}}');
    expect(nearestValue(locator, ['z'])).toEqual({ start: 0, end: text.length });
  });
});

import { describe, expect, it } from 'vitest';
import { applyEdits, encodeStringContent } from '../src/fixers/edits.js';

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

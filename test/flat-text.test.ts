import { describe, expect, it } from 'vitest';
import { flatConcat, oneByte } from '../src/flow/flat-text.js';
import { interpolate } from '../src/linter/lint.js';
import { formatPath } from '../src/migration/trigger-variables.js';

/** A string V8 has made "thin": built at run time, then used as a property key (which internalizes it). */
function thin(text: string): string {
  const built = [...text].join('');
  const table: Record<string, number> = {};
  table[built] = 1;
  return built;
}

describe('strings a run keeps by the hundred thousand (src/flow/flat-text.ts)', () => {
  it('concatenates to the same text as a join, whatever the pieces are made of', () => {
    const cases: string[][] = [
      [],
      ['only'],
      ["'", thin('trigger.message.To'), "' is not available", thin('x'), ''],
      ['Studio’s pre-fill ', thin('send_1'), ' 🙂 ', 'é'],
      ['a'.repeat(20_000), thin('b'.repeat(13)), 'c'],
    ];
    for (const pieces of cases) expect(flatConcat(pieces)).toBe(pieces.join(''));
  });

  it('keeps the text of a one-byte copy, Latin-1 or not', () => {
    for (const text of ['', 'plain', 'café', 'Studio’s', '\u0000\u00ff', '🙂']) expect(oneByte(text)).toBe(text);
  });

  it('formats messages and paths from thin names exactly', () => {
    const name = thin('trigger.message.To');
    expect(interpolate("'{{variable}}'{{via}} is not available under Flex Conversations{{note}} (Studio’s {{missing}})", { variable: name, via: '', note: ` (${thin('n')})` })).toBe(
      "'trigger.message.To' is not available under Flex Conversations (n) (Studio’s {{missing}})",
    );
    expect(formatPath([thin('trigger'), 'message', null, thin('first name')])).toBe("trigger.message[…]['first name']");
    expect(interpolate('no placeholders')).toBe('no placeholders');
  });
});

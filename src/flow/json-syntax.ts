/**
 * Finds where a text stops being JSON, for the fatal message on an unparseable file.
 *
 * Runs only after `JSON.parse` has failed (V8's messages omit the position for unexpected tokens). Iterative,
 * so a deeply nested file cannot overflow the stack.
 */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

export function findJsonSyntaxError(text: string): JsonSyntaxError {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  // What the scanner expects next.
  let expect: 'value' | 'key' | 'after-value' | 'colon' | 'key-or-end' | 'value-or-end' = 'value';

  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (offset: number) =>
    offset >= text.length ? 'the end of the file' : `'${text.slice(offset, offset + 1)}'`;
  const fail = (message: string): JsonSyntaxError => ({ offset: Math.min(i, text.length), message });

  for (;;) {
    ws();
    if (i >= text.length) {
      if (stack.length === 0 && expect === 'after-value') return fail('');
      return fail(text.trim() === '' ? 'the file is empty' : `unexpected end of file: ${stack.length ? `'${stack[stack.length - 1]}' is not closed` : 'a value is missing'}`);
    }
    const c = text[i]!;
    switch (expect) {
      case 'key-or-end':
      case 'key':
        if (c === '}' && expect === 'key-or-end') {
          stack.pop();
          i++;
          expect = 'after-value';
          break;
        }
        if (c !== '"') return fail(`expected a property name in double quotes, found ${describe(i)}`);
        {
          const err = scanString();
          if (err) return err;
        }
        expect = 'colon';
        break;
      case 'colon':
        if (c !== ':') return fail(`expected ':' after the property name, found ${describe(i)}`);
        i++;
        expect = 'value';
        break;
      case 'value-or-end':
      case 'value':
        if (c === ']' && expect === 'value-or-end') {
          stack.pop();
          i++;
          expect = 'after-value';
          break;
        }
        if (c === '{') {
          stack.push('{');
          i++;
          expect = 'key-or-end';
        } else if (c === '[') {
          stack.push('[');
          i++;
          expect = 'value-or-end';
        } else if (c === '"') {
          const err = scanString();
          if (err) return err;
          expect = 'after-value';
        } else {
          const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
          if (!m) return fail(`unexpected ${describe(i)}: expected a value`);
          i += m[0].length;
          expect = 'after-value';
        }
        break;
      case 'after-value': {
        const top = stack[stack.length - 1];
        if (!top) return fail(`unexpected ${describe(i)} after the end of the JSON value`);
        if (c === ',') {
          const comma = i;
          i++;
          ws();
          // At the comma, which is what to delete (as editors mark it), not at the bracket after it.
          if (text[i] === '}' || text[i] === ']') return { offset: comma, message: `trailing comma before ${describe(i)}` };
          expect = top === '{' ? 'key' : 'value';
        } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
          stack.pop();
          i++;
        } else {
          return fail(`expected ',' or '${top === '{' ? '}' : ']'}', found ${describe(i)}`);
        }
        break;
      }
    }
  }

  function scanString(): JsonSyntaxError | undefined {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(`invalid escape '\\${e ?? ''}' in a string`);
      } else if (c < 0x20) {
        return fail(c === 10 ? 'a string runs past the end of the line (unescaped line break)' : 'unescaped control character in a string');
      } else i++;
    }
    i = start;
    return fail('a string is not closed');
  }
}

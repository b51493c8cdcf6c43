import { describe, expect, it } from 'vitest';
import { classify } from '../src/flow/load.js';
import { maskPlaceholders } from '../src/liquid/mask.js';
import { findJsonSyntaxError } from '../src/flow/json-syntax.js';
import { flow, lintText, studioText, widget } from './helpers.js';

const definition = flow({ incomingConversationMessage: 'w' }, widget('w', 'send-message', {}, { body: '{{trigger.message.Body}}' }));

describe('recognising what a file holds', () => {
  it('a bare definition', () => {
    expect(classify(studioText(definition))).toMatchObject({ kind: 'flows', flows: [{ base: [] }] });
  });

  it('a Flow resource in snake_case or camelCase, and an array of them as twilio-cli prints', () => {
    const snake = { sid: 'FW1', friendly_name: 'Inbound', revision: 3, status: 'published', definition };
    const camel = { sid: 'FW2', friendlyName: 'Chat', revision: 1, definition };
    expect(classify(JSON.stringify(snake))).toMatchObject({ kind: 'flows', flows: [{ base: ['definition'], resource: { sid: 'FW1', friendlyName: 'Inbound', revision: 3 } }] });
    expect(classify(JSON.stringify(camel))).toMatchObject({ kind: 'flows', flows: [{ resource: { friendlyName: 'Chat' } }] });
    const both = classify(JSON.stringify([snake, camel]));
    expect(both).toMatchObject({ kind: 'flows', flows: [{ base: [0, 'definition'] }, { base: [1, 'definition'] }] });
  });

  it('findings inside a Flow resource point into its definition, named by the flow', () => {
    const text = JSON.stringify([{ sid: 'FW1', friendly_name: 'A', definition }, { sid: 'FW2', friendly_name: 'B', definition }], null, 2);
    const messages = lintText(text).filter((m) => m.ruleId === 'no-message-trigger-variable');
    expect(messages.map((m) => [m.flow, m.pointer])).toEqual([
      ['A', '/0/definition/states/1/properties/body'],
      ['B', '/1/definition/states/1/properties/body'],
    ]);
    expect(text.split('\n')[messages[1]!.line - 1]!.slice(messages[1]!.column - 1, messages[1]!.endColumn - 1)).toBe('trigger.message.Body');
  });

  it('the pre-v2 export format, with a message to re-export', () => {
    const legacy = { description: 'old', states: [{ name: 'Trigger', type: 'InitialState', sid: 'FF1', properties: {}, transitions: [{ event: 'incomingMessage', next: null }] }] };
    expect(classify(JSON.stringify(legacy))).toMatchObject({ kind: 'legacy-format' });
    const [m] = lintText(JSON.stringify(legacy, null, 2));
    expect(m).toMatchObject({ fatal: true, severity: 2, ruleId: null, line: 3, column: 3 });
    expect(m!.message).toMatch(/pre-v2 Studio export format.*re-export the flow from Studio/);
  });

  it('JSON that is not a flow', () => {
    expect(classify('{"name": "package", "version": "1.0.0"}')).toMatchObject({ kind: 'not-a-flow' });
    expect(classify('[1, 2]')).toMatchObject({ kind: 'not-a-flow' });
    expect(classify('"text"')).toMatchObject({ kind: 'not-a-flow', reason: 'the top level is a string, not an object' });
    expect(lintText('{"a": 1}')[0]!.message).toMatch(/^not a Studio flow definition/);
  });

  it('bare Terraform placeholders where a value belongs are masked, keeping offsets', () => {
    const text = '{"states": ${jsonencode(states)}, "initial_state": "Trigger", "flags": ${flags}}';
    const masked = maskPlaceholders(text, 'terraform').text;
    expect(masked).toHaveLength(text.length);
    expect(JSON.parse(masked)).toEqual({ states: null, initial_state: 'Trigger', flags: null });
    // Placeholders inside strings are opaque text, left as they are.
    expect(maskPlaceholders('{"workflow": "${workflow_sids[\\"master\\"]}"}', 'terraform').text).toBe('{"workflow": "${workflow_sids[\\"master\\"]}"}');
    // A placeholder left open at the end of a cut-short file is masked to the end, never past it.
    for (const cut of ['{"a": ${x', '{"a": ${f("b', '{"a": ${{"b": 1}']) expect(maskPlaceholders(cut, 'terraform').text).toHaveLength(cut.length);
  });
});

describe('invalid JSON', () => {
  const cases: [string, string, number][] = [
    ['{"a":}', "unexpected '}': expected a value", 5],
    ['{"a": 1', "unexpected end of file: '{' is not closed", 7],
    ['', 'the file is empty', 0],
    ['{"a": 1,}', "trailing comma before '}'", 7],
    ['[1,\n]', "trailing comma before ']'", 2],
    ['[1 2]', "expected ',' or ']', found '2'", 3],
    ['{"a": "x\nb"}', 'a string runs past the end of the line (unescaped line break)', 8],
    ['{"a": 1} x', "unexpected 'x' after the end of the JSON value", 9],
    ["{'a': 1}", "expected a property name in double quotes, found '''", 1],
  ];
  it.each(cases)('%j: %s at offset %i', (text, message, offset) => {
    expect(findJsonSyntaxError(text)).toEqual({ message, offset });
  });

  it('gives the line and column of a syntax error in a fatal message', () => {
    const text = '{\n  "states": [\n    {"name": "x",}\n  ]\n}';
    expect(lintText(text)).toEqual([
      { ruleId: null, severity: 2, fatal: true, message: "invalid JSON: trailing comma before '}'", line: 3, column: 17, endLine: 3, endColumn: 18 },
    ]);
  });

  it('handles a truncated file and very deep nesting without overflowing the stack', () => {
    const full = studioText(definition);
    expect(lintText(full.slice(0, full.length / 2))[0]).toMatchObject({ fatal: true, message: expect.stringMatching(/^invalid JSON: unexpected end of file/) });
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(lintText(deep)[0]).toMatchObject({ fatal: true, message: "invalid JSON: unexpected end of file: '[' is not closed" });
    const deepFlow = studioText(flow({ incomingConversationMessage: 'w' }, widget('w', 'send-message', {}, { body: 'x' })))
      .replace('"body": "x"', '"deep": ' + '['.repeat(50_000) + '"{{trigger.message.Body}}"' + ']'.repeat(50_000));
    expect(lintText(deepFlow).map((m) => m.ruleId)).toEqual(['no-message-trigger-variable']);
  });

  it('handles a 5 MB string', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const text = studioText(flow({ incomingConversationMessage: 'w' }, widget('w', 'send-message', {}, { body: big + '{{trigger.message.To}}' })));
    const [m] = lintText(text);
    expect(m).toMatchObject({ ruleId: 'no-unavailable-trigger-variable', column: text.split('\n')[m!.line - 1]!.indexOf('trigger.message.To') + 1 });
  });
});

import { expect, it } from 'vitest';
import { scanLiquid } from '../../src/liquid/scan.js';
import { conversationFlowWith, ruleTester } from '../helpers.js';

const body = (text: string) => conversationFlowWith('send-message', { body: text });

// Studio restricts Liquid loops to 15 iterations.
ruleTester('no-liquid-loop-over-limit', {
  valid: [
    { name: 'a range of 15', code: body('{% for i in (1..15) %}{{ i }} {% endfor %}') },
    { name: 'a range of 20 cut by limit: 15', code: body('{% for i in (1..20) limit: 15 %}{{ i }} {% endfor %}') },
    { name: 'a range of 20 from offset: 5', code: body('{% for i in (1..20) offset: 5 %}{{ i }} {% endfor %}') },
    { name: 'data bounded by limit: 10', code: body('{% for o in widgets.fn.parsed.options limit: 10 %}{{ o.label }}\n{% endfor %}') },
    {
      name: 'data searched without writing anything per item',
      code: body('{% assign found = false %}{% for o in widgets.fn.parsed.options %}{% if o.id == "x" %}{% assign found = true %}{% endif %}{% endfor %}{{ found }}'),
    },
    { name: 'a comment mentioning a loop', code: body('{% comment %}{% for i in (1..99) %}{% endcomment %}hi') },
  ],
  invalid: [
    {
      name: 'a range of number literals over 15',
      code: body('{% for i in (1..20) %}{{ i }} {% endfor %}'),
      errors: [
        {
          text: '(1..20)',
          messageId: 'overLimit',
          data: { count: 20, what: '(1..20)' },
          message: 'this loop asks for 20 iterations ((1..20)): Studio restricts Liquid loops to 15 iterations',
        },
      ],
    },
    {
      name: 'limit: above 15 on data',
      code: body('{% for o in widgets.fn.parsed.options limit: 20 %}{{ o.label }}{% endfor %}'),
      errors: [{ text: '20', within: 'limit: 20', messageId: 'overLimit', data: { count: 20, what: 'limit: 20' } }],
    },
    {
      name: 'a range whose offset leaves more than 15',
      code: body('{% for i in (0..40) offset: 10 %}.{% endfor %}'),
      errors: [{ text: '(0..40)', messageId: 'overLimit', data: { count: 31, what: '(0..40) offset: 10' } }],
    },
    {
      name: 'a menu built from a Function’s list: a warning',
      code: body('{% for o in widgets.fn.parsed.options %}{{ forloop.index }}. {{ o.label }}\n{% endfor %}'),
      errors: [{ text: 'widgets.fn.parsed.options', severity: 1, messageId: 'unknownSize', data: { collection: 'widgets.fn.parsed.options' } }],
    },
    {
      name: 'a range with a variable end that writes text on each pass: a warning',
      code: body('{% for i in (1..flow.variables.n) %}*{% endfor %}'),
      errors: [{ text: '(1..flow.variables.n)', severity: 1, messageId: 'unknownSize' }],
    },
    {
      name: 'a tablerow over data',
      code: body('{% tablerow o in widgets.fn.parsed.options %}{% endtablerow %}'),
      errors: [{ text: 'widgets.fn.parsed.options', severity: 1, messageId: 'unknownSize' }],
    },
  ],
});

it('the scanner records what a loop says about its size, and whether its body writes', () => {
  const [outer, inner] = scanLiquid('{% for a in x.list limit: 3 offset: 2 %}{% for b in (2..4) %}{% assign y = b %}{% endfor %}{% endfor %}').loops!;
  expect(outer).toMatchObject({ tag: 'for', limit: { value: 3 }, offset: 2, emits: false });
  expect(inner).toMatchObject({ rangeSize: 3, emits: false });
  expect(scanLiquid('{% for a in x %} {% endfor %}').loops![0]!.emits).toBe(false);
  expect(scanLiquid('{% for a in x %}-{% endfor %}').loops![0]!.emits).toBe(true);
  expect(scanLiquid('{% for a in x %}{% raw %}{{{% endraw %}{% endfor %}').loops![0]!.emits).toBe(true);
  expect(scanLiquid('no loops {{ here }}').loops).toBeUndefined();
});

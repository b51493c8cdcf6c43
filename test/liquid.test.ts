import { describe, expect, it } from 'vitest';
import { scanLiquid } from '../src/liquid/scan.js';

const paths = (text: string) => scanLiquid(text).references.map((r) => [r.segments.join('.'), text.slice(r.start, r.end)]);

describe('the Liquid scanner', () => {
  it('finds output, tag, bracket and filter-argument paths with their offsets', () => {
    expect(paths("{{ a.b }} {% if c.d == 'x' and e %}{{ f['g h'] | append: i.j, k: l }}{% endif %}")).toEqual([
      ['a.b', 'a.b'],
      ['c.d', 'c.d'],
      ['e', 'e'],
      ['f.g h', "f['g h']"],
      ['i.j', 'i.j'],
      ['l', 'l'],
    ]);
  });

  it('skips filter names, keywords, literals, raw and comment blocks', () => {
    expect(paths('{{ x | default: true }}{% if y == nil or z == empty %}{% endif %}{% raw %}{{ no }}{% endraw %}{% comment %}{{ no }}{% endcomment %}')).toEqual([
      ['x', 'x'],
      ['y', 'y'],
      ['z', 'z'],
    ]);
  });

  it('resolves assign aliases and treats assigned values, captures and loop variables as locals', () => {
    const scan = scanLiquid('{% assign m = trigger.message %}{{ m.From }}{% assign n = x | upcase %}{{ n.y }}{% for item in list %}{{ item.z }}{% endfor %}{% capture c %}1{% endcapture %}{{ c }}');
    const refs = scan.references.map((r) => ({ path: r.segments.join('.'), alias: r.alias?.name, defines: r.definesAlias }));
    expect(refs).toEqual([
      { path: 'trigger.message', alias: undefined, defines: 'm' },
      { path: 'trigger.message.From', alias: 'm', defines: undefined },
      { path: 'x', alias: undefined, defines: undefined },
      { path: 'list', alias: undefined, defines: undefined },
    ]);
  });

  it('records dynamic indexes as unknown segments and reads the index', () => {
    expect(scanLiquid('{{ a[b.c].d }}').references.map((r) => r.segments)).toEqual([['b', 'c'], ['a', null, 'd']]);
  });

  it('records filters on the head of an output, and whitespace control does not disturb offsets', () => {
    const text = '{{- trigger.message | to_json -}}';
    const [ref] = scanLiquid(text).references;
    expect(ref).toMatchObject({ filters: ['to_json'], isHead: true, start: 4, end: 19 });
  });

  it('records comparisons with string literals, and case/when', () => {
    const scan = scanLiquid("{% if t.channel_type == 'web' %}{% endif %}{% case s %}{% when 'facebook', 'sms' %}{% endcase %}");
    expect(scan.comparisons.map((c) => [c.reference?.segments.join('.'), c.literal])).toEqual([
      ['t.channel_type', 'web'],
      ['s', 'facebook'],
      ['s', 'sms'],
    ]);
  });

  it('reports structural errors with offsets', () => {
    const errors = (t: string) => scanLiquid(t).errors.map((e) => [e.message, e.start, e.end]);
    expect(errors('ab {{ x ')).toEqual([["'{{' is not closed with '}}'", 3, 5]]);
    expect(errors('{% if x %}y')).toEqual([["'{% if %}' is not closed with '{% endif %}'", 0, 10]]);
    expect(errors('{% endif %}')).toEqual([["'{% endif %}' has no opening tag", 0, 11]]);
    expect(errors('{% if x %}{% endfor %}{% endif %}')).toEqual([["'{% endfor %}' closes '{% if %}'", 10, 22]]);
    expect(errors('{% frobnicate %}')).toEqual([["unknown tag 'frobnicate'", 0, 16]]);
    expect(errors('{% raw %}x')).toEqual([["'{% raw %}' is not closed with '{% endraw %}'", 0, 9]]);
  });

  it('leaves Terraform ${...} placeholders alone', () => {
    expect(scanLiquid('${workflow_sids["master"]} {{ a }}').references.map((r) => r.segments)).toEqual([['a']]);
  });
});

describe('guards and outputs', () => {
  it('records the single-path if/unless blocks around each reference, with the branch it sits in', () => {
    const scan = scanLiquid(
      '{% if trigger.conversation %}{{ a }}{% elsif x == 1 %}{{ b }}{% else %}{{ c }}{% endif %}{% unless m %}{{ d }}{% else %}{{ e }}{% endunless %}{% if p and q %}{{ f }}{% endif %}{{ g }}',
    );
    const guards = Object.fromEntries(scan.references.filter((r) => r.markup === 'output').map((r) => [r.segments[0], r.guards?.map((g) => [g.segments?.join('.'), g.branch])]));
    expect(guards).toEqual({
      a: [['trigger.conversation', 'then']],
      b: [['trigger.conversation', 'else']],
      c: [['trigger.conversation', 'else']],
      d: [['m', 'else']],
      e: [['m', 'then']],
      f: [[undefined, 'then']],
      g: undefined,
    });
  });

  it('gives an output’s head the range of the whole {{ … }}', () => {
    const text = 'x {{- trigger.message.Body | upcase -}} y';
    const [ref] = scanLiquid(text).references;
    expect(text.slice(ref!.output!.start, ref!.output!.end)).toBe('{{- trigger.message.Body | upcase -}}');
    expect(text.slice(ref!.end, ref!.output!.bodyEnd)).toBe(' | upcase ');
  });
});

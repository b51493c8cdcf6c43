import type { Widget } from '../flow/model.js';
import type { Rule } from './types.js';

export const noWidgetOutputBeforeRun: Rule = {
  meta: {
    id: 'no-widget-output-before-run',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'warn',
    description: '`{{widgets.X…}}` read in a widget that no path reaches after X has run.',
    messages: { beforeRun: "'{{reader}}' reads widgets.{{source}}, but {{why}}: the value is empty here" },
    docs: {
      what:
        'Reports a read of `widgets.X` in a widget W when no path from the Trigger runs X before W: X is not on any way into W (or X itself never runs). Widgets no Trigger event reaches are left to no-unreachable-widget.',
      why: 'A widget’s outputs exist only once it has run. Read before that, they render empty: typically a branch that skips the widget, or a widget moved earlier in the flow than the one whose answer it quotes.',
      example: {
        before: 'Trigger → greet → ask_name; greet’s body reads {{widgets.ask_name.inbound.Body}}',
        after: 'Move the read after ask_name, or ask before greeting.',
      },
    },
  },
  check(context) {
    const { flow } = context;
    const descendants = new Map<Widget, Set<Widget>>();
    const after = (widget: Widget): Set<Widget> => {
      let set = descendants.get(widget);
      if (set) return set;
      set = new Set();
      const queue = [widget];
      while (queue.length > 0) {
        for (const t of queue.pop()!.transitions) {
          const next = t.next === undefined ? undefined : flow.byName.get(t.next);
          if (next && !set.has(next)) {
            set.add(next);
            queue.push(next);
          }
        }
      }
      descendants.set(widget, set);
      return set;
    };
    for (const { template, ref } of flow.references) {
      const reader = template.widget;
      if (ref.segments[0] !== 'widgets' || ref.alias || reader.reachedBy.size === 0) continue;
      const name = ref.segments[1];
      const source = typeof name === 'string' ? flow.byName.get(name) : undefined;
      if (!source || source === reader) continue;
      if (source.reachedBy.size > 0 && after(source).has(reader)) continue;
      const why = source.reachedBy.size === 0 ? `'${source.name}' never runs` : `no path runs '${source.name}' before '${reader.name}'`;
      context.report({
        at: { pointer: template.pointer, slice: [ref.start, ref.end] },
        widget: reader,
        messageId: 'beforeRun',
        data: { reader: reader.name, source: source.name, why },
      });
    }
  },
};

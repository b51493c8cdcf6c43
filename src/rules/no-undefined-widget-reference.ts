import { didYouMean } from '../flow/names.js';
import type { Rule } from './types.js';

export const noUndefinedWidgetReference: Rule = {
  meta: {
    id: 'no-undefined-widget-reference',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: '`{{widgets.X…}}` where no widget is named X.',
    messages: { undefined: "widgets.{{name}}: no widget in this flow is named '{{name}}'{{didYouMean}}" },
    docs: {
      what: 'Reports Liquid that reads `widgets.X` when the flow has no state named X, with the closest name when there is one.',
      why: 'The value renders empty at run time, with no error anywhere: a message goes out blank, a split takes its no-match branch. It happens when a widget is renamed or a flow is copied from another.',
      example: { before: '"body": "You chose {{widgets.gather_menu.Digits}}"  (the widget is gather_input)', after: '"body": "You chose {{widgets.gather_input.Digits}}"' },
    },
  },
  check(context) {
    const { flow } = context;
    for (const { template, ref } of flow.references) {
      if (ref.segments[0] !== 'widgets' || ref.alias) continue;
      const name = ref.segments[1];
      if (typeof name !== 'string' || flow.byName.has(name)) continue;
      const part = ref.parts[1]!;
      context.report({
        at: { pointer: template.pointer, slice: [part.start, part.end] },
        widget: template.widget,
        messageId: 'undefined',
        data: { name, didYouMean: didYouMean(name, flow.byName) },
      });
    }
  },
};

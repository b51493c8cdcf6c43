import type { Rule } from './types.js';

export const noDuplicateWidgetName: Rule = {
  meta: {
    id: 'no-duplicate-widget-name',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'Two widgets with the same name.',
    messages: { duplicate: "widget name '{{name}}' is already used by state #{{earlier}}: transitions and widgets.{{name}} reach only that one" },
    docs: {
      what: 'Reports every widget whose name an earlier widget already has.',
      why: 'A widget’s name is its identity: transitions and `{{widgets.<name>}}` reach only one of them. Twilio refuses the definition.',
      example: { before: '[{"name": "greet", …}, {"name": "greet", …}]', after: '[{"name": "greet", …}, {"name": "greet_again", …}]' },
    },
  },
  check(context) {
    const first = new Map<string, number>();
    for (const widget of context.flow.widgets) {
      const earlier = first.get(widget.name);
      if (earlier === undefined) {
        first.set(widget.name, widget.index);
        continue;
      }
      context.report({
        at: { pointer: [...widget.pointer, 'name'] },
        widget,
        messageId: 'duplicate',
        data: { name: widget.name, earlier },
      });
    }
  },
};

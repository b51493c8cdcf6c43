import type { Rule } from './types.js';

export const noUnreachableWidget: Rule = {
  meta: {
    id: 'no-unreachable-widget',
    type: 'suggestion',
    category: 'correctness',
    defaultSeverity: 'warn',
    description: 'A widget that no wired Trigger event reaches.',
    messages: { unreachable: "widget '{{name}}' never runs: no wired Trigger event reaches it ({{how}})" },
    docs: {
      what: 'Reports widgets that no path from a wired Trigger event leads to, directly or through other widgets.',
      why: 'An unreachable widget never runs: usually a transition was deleted or rewired by mistake, or the widget is a leftover that misleads the next reader (and the migration rules still report its variables).',
      example: { before: 'Trigger → greet;  a widget "old_menu" with no transition leading to it', after: 'Wire a transition to old_menu, or delete it.' },
    },
  },
  check(context) {
    const { flow } = context;
    if (!flow.trigger) return;
    const targets = new Set(flow.widgets.flatMap((w) => w.transitions.map((t) => t.next)));
    for (const widget of flow.widgets) {
      if (widget === flow.trigger || widget.type === 'trigger' || widget.reachedBy.size > 0) continue;
      const how = targets.has(widget.name) ? 'only unreachable widgets lead to it' : 'no transition leads to it';
      context.report({
        at: { pointer: [...widget.pointer, 'name'] },
        widget,
        messageId: 'unreachable',
        data: { name: widget.name, how },
      });
    }
  },
};

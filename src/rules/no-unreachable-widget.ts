import type { Widget } from '../flow/model.js';
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
    // The widgets some transition leads to, only for a flow that has an unreachable widget to explain.
    let targets: Set<string | undefined> | undefined;
    for (const widget of flow.widgets) {
      if (widget === flow.trigger || widget.type === 'trigger' || widget.reachedBy.size > 0) continue;
      targets ??= transitionTargets(flow.widgets);
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

function transitionTargets(widgets: readonly Widget[]): Set<string | undefined> {
  const targets = new Set<string | undefined>();
  for (const w of widgets) for (const t of w.transitions) targets.add(t.next);
  return targets;
}

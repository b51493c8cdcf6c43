import { didYouMean } from '../flow/names.js';
import type { Rule } from './types.js';

export const noDanglingTransition: Rule = {
  meta: {
    id: 'no-dangling-transition',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'A transition whose `next` names no widget.',
    messages: { dangling: "the '{{event}}' transition of '{{name}}' leads to '{{next}}', which is not a widget in this flow{{didYouMean}}" },
    docs: {
      what: 'Reports a transition whose `next` is not the name of any state in the flow, with the closest name when there is one.',
      why: 'Twilio refuses the definition; in a hand-edited or templated flow a renamed widget leaves its incoming transitions pointing at nothing.',
      example: { before: '{"next": "send_to_agent", "event": "success"}  (the widget is named send_to_flex)', after: '{"next": "send_to_flex", "event": "success"}' },
    },
  },
  check(context) {
    const { flow } = context;
    for (const widget of flow.widgets) {
      for (const t of widget.transitions) {
        if (t.next === undefined || flow.byName.has(t.next)) continue;
        context.report({
          at: { pointer: [...widget.pointer, 'transitions', t.index, 'next'] },
          widget,
          messageId: 'dangling',
          data: { event: t.event, name: widget.name, next: t.next, didYouMean: didYouMean(t.next, flow.byName) },
        });
      }
    }
  },
};

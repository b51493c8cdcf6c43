import { runs, waitsFor } from '../flow/loops.js';
import type { Rule } from './types.js';

const FAQ = 'https://www.twilio.com/docs/studio/user-guide/studio-faq';

export const noSelfLoop: Rule = {
  meta: {
    id: 'no-self-loop',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'A widget that transitions to itself without waiting for the contact: Studio stops the execution on its tenth run in a row.',
    messages: {
      selfLoop: "'{{name}}' goes back to itself on '{{event}}' without waiting for the contact or for time: Studio stops the execution when the same widget runs 10 times in a row",
    },
    docs: {
      what:
        'Reports a transition that leads a widget back to itself when the widget waits for nothing outside the flow: a Run Function or HTTP Request that retries itself on failure, a Split whose `noMatch` leads back to the split, a Set Variables that follows itself. Widgets that wait for the contact, a call or time (Send & Wait for Reply, Gather Input on Call, Say/Play, … the catalog’s `waits`, listed in no-loop-without-wait) are left alone: each run there is the contact’s turn. Widgets no wired Trigger event reaches are left to no-unreachable-widget.',
      why: `Studio's FAQ (${FAQ}): "A Flow Execution will be stopped if the same Widget is executed 10 times in a row" (in its newer wording: "Widget repeats: If the same widget runs 10 times in a row during an Execution, that Execution will stop"); error 81001 is "Widget has exceeded max steps in a loop" (https://www.twilio.com/docs/api/errors/81001). A widget that retries itself immediately either succeeds at once, so the loop was not needed, or fails the same way again until the tenth run ends the whole execution: the contact is left without an answer and the flow's failure branch never runs. A split that leads back to itself reads the same input every time, so it never matches on a later pass either.`,
      example: {
        before: 'fetch_order (run-function): fail → fetch_order',
        after: 'fetch_order: fail → count_retry (set-variables) → check_retries (split: retries < 3 → fetch_order, else → apologise)',
      },
    },
  },
  check(context) {
    const { flow } = context;
    for (const widget of flow.widgets) {
      if (widget.type === 'trigger' || !runs(flow, widget) || waitsFor(widget) !== undefined) continue;
      for (const t of widget.transitions) {
        if (t.target !== widget) continue;
        context.report({
          at: { pointer: [...widget.pointer, 'transitions', t.index, 'next'] },
          widget,
          messageId: 'selfLoop',
          data: { name: widget.name, event: t.event },
        });
      }
    }
  },
};

import type { Rule } from './types.js';

/** Studio's FAQ (https://www.twilio.com/docs/studio/user-guide/studio-faq): "Liquid Template Language loops are restricted to 15 iterations." */
export const LIQUID_LOOP_LIMIT = 15;

export const noLiquidLoopOverLimit: Rule = {
  meta: {
    id: 'no-liquid-loop-over-limit',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    reportsWarnings: "a loop over data of unknown size that writes per item without a limit: of 15 or less",
    description: 'A Liquid `{% for %}` loop asked for more than the 15 iterations Studio runs.',
    messages: {
      overLimit: 'this loop asks for {{count}} iterations ({{what}}): Studio restricts Liquid loops to 15 iterations',
      unknownSize:
        "this loop writes something for each item of {{collection}}, whose size the flow cannot know: Studio restricts Liquid loops to 15 iterations, so a longer list is cut; write 'limit: 15' to make the cut explicit, or keep the list to 15 items where it is made",
    },
    docs: {
      what:
        'Reports a `{% for %}` or `{% tablerow %}` loop whose size the template states and that is over 15: a range of number literals (`(1..20)`, after any `offset:`) or a `limit:` literal above 15 (error). A loop over data whose size the flow cannot know (`widgets.fn.parsed.items`, a range with a variable end) gets a warning only when no `limit:` of 15 or less bounds it and its body writes something on each pass (an output, or text): that is where the output depends on more than 15 items, as in a menu built from a Function’s list. A loop that only looks for an item or sets a flag writes nothing per item and is left alone.',
      why: 'Studio’s FAQ (https://www.twilio.com/docs/studio/user-guide/studio-faq): "Liquid Template Language loops are restricted to 15 iterations" (newer wording: "Liquid Template loops: Limited to 15 iterations per Liquid Template loop"). A template that asks for more does not get it: a numbered list or a menu stops short of what the author wrote, and nothing in the flow says so. Offline the template renders in full, so a test with liquidjs does not show it either.',
      example: {
        before: '{% for option in widgets.get_options.parsed.options %}{{ forloop.index }}. {{ option.label }}\n{% endfor %}',
        after: '{% for option in widgets.get_options.parsed.options limit: 15 %}{{ forloop.index }}. {{ option.label }}\n{% endfor %}  (and the Function returns the 15 that matter)',
      },
    },
  },
  check(context) {
    for (const template of context.flow.templates) {
      const loops = template.scan.loops;
      if (!loops) continue;
      for (const loop of loops) {
        let count = loop.rangeSize === undefined ? undefined : Math.max(0, loop.rangeSize - (loop.offset ?? 0));
        if (loop.limit) count = count === undefined ? loop.limit.value : Math.min(count, loop.limit.value);
        if (count !== undefined) {
          if (count <= LIQUID_LOOP_LIMIT) continue;
          const byLimit = loop.limit !== undefined && loop.limit.value === count;
          const [start, end] = byLimit ? [loop.limit!.start, loop.limit!.end] : [loop.start, loop.end];
          context.report({
            at: { pointer: template.pointer, slice: [start, end] },
            widget: template.widget,
            messageId: 'overLimit',
            data: { count, what: byLimit ? `limit: ${count}` : template.text.slice(loop.start, loop.end) + (loop.offset ? ` offset: ${loop.offset}` : '') },
          });
          continue;
        }
        if (!loop.emits) continue;
        context.report({
          at: { pointer: template.pointer, slice: [loop.start, loop.end] },
          widget: template.widget,
          severity: 'warn',
          messageId: 'unknownSize',
          data: { collection: template.text.slice(loop.start, loop.end) },
        });
      }
    }
  },
};

import type { Rule } from './types.js';

export const validLiquid: Rule = {
  meta: {
    id: 'valid-liquid',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'Liquid that does not parse: an unclosed `{{`, a block without its end tag, an unknown tag.',
    messages: { invalid: 'Liquid: {{error}}' },
    docs: {
      what:
        "Reports Liquid that Studio cannot parse, at the offending markup: `{{` without `}}`, `{%` without `%}`, `{% if %}` without `{% endif %}` (and the other blocks), an end tag that closes another block, `{% else %}` outside a block, an unknown tag, an `{% assign %}` or `{% for %}` without its parts, a string that is not closed.",
      why: 'Studio renders a template that fails to parse as the raw text or not at all: customers receive `{{ trigger.message.Body` literally, or the widget fails.',
      example: { before: '"body": "Hi {{widgets.ask_name.inbound.Body}, thanks"', after: '"body": "Hi {{widgets.ask_name.inbound.Body}}, thanks"' },
    },
  },
  check(context) {
    for (const template of context.flow.templates) {
      for (const error of template.scan.errors) {
        context.report({
          at: { pointer: template.pointer, slice: [error.start, error.end] },
          widget: template.widget,
          messageId: 'invalid',
          data: { error: error.message },
        });
      }
    }
  },
};

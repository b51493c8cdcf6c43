import { describe, it } from 'vitest';
import { conversationFlowWith, expectMetaAgrees, testRule } from '../helpers.js';

describe('valid-liquid', () => {
  const body = (t: string) => conversationFlowWith('send-message', { body: t });
  it('reports Liquid that does not parse, at the markup', () => {
    testRule('valid-liquid', {
      valid: [body('{% if a %}x{% elsif b %}y{% else %}z{% endif %}{{ c | default: "}" }}'), body('{% raw %}{{ {% endraw %}')],
      invalid: [
        { code: body('Hi {{widgets.a.inbound.Body}, thanks'), errors: [{ text: '{{', within: 'Hi {{', message: "Liquid: '{{' is not closed with '}}'" }] },
        { code: body('{% if x %}yes'), errors: [{ text: '{% if x %}', message: "Liquid: '{% if %}' is not closed with '{% endif %}'" }] },
        { code: body('{% if %}x{% endif %}'), errors: [{ text: '{% if %}', message: "Liquid: '{% if %}' needs a condition" }] },
        { code: body('{% unless x %}y{% endif %}'), errors: [{ text: '{% unless x %}', message: /not closed with '\{% endunless %\}'/ }, { text: '{% endif %}', message: "Liquid: '{% endif %}' closes '{% unless %}'" }] },
      ],
    });
  });
});

describe('valid-liquid meta', () => {
  it('agrees with the cases: the fixes and suggestions they show are the ones meta declares', () => expectMetaAgrees('valid-liquid'));
});

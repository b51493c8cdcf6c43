import { conversationFlowWith, ruleTester } from '../helpers.js';

const body = (t: string) => conversationFlowWith('send-message', { body: t });

// reports Liquid that does not parse, at the markup
ruleTester('valid-liquid', {
  valid: [body('{% if a %}x{% elsif b %}y{% else %}z{% endif %}{{ c | default: "}" }}'), body('{% raw %}{{ {% endraw %}')],
  invalid: [
    { code: body('Hi {{widgets.a.inbound.Body}, thanks'), errors: [{ text: '{{', within: 'Hi {{', message: "Liquid: '{{' is not closed with '}}'" }] },
    { code: body('{% if x %}yes'), errors: [{ text: '{% if x %}', message: "Liquid: '{% if %}' is not closed with '{% endif %}'" }] },
    { code: body('{% if %}x{% endif %}'), errors: [{ text: '{% if %}', message: "Liquid: '{% if %}' needs a condition" }] },
    { code: body('{% unless x %}y{% endif %}'), errors: [{ text: '{% unless x %}', message: /not closed with '\{% endunless %\}'/ }, { text: '{% endif %}', message: "Liquid: '{% endif %}' closes '{% unless %}'" }] },
  ],
});

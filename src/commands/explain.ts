/** `studio-lint explain <rule>`: a rule's documentation from its `meta`. */
import { ruleText } from '../rules/docs.js';
import { rulesById } from '../rules/index.js';
import { didYouMean } from '../flow/names.js';
import { EXIT } from '../exit-codes.js';
import { command } from './spec.js';

/** `studio-lint explain <rule>`: what it does, why, an example, fix safety. Undefined for an unknown rule. */
export function explainRule(id: string): string | undefined {
  const rule = rulesById.get(id);
  return rule && ruleText(rule);
}

export const explainCommand = command<[string], object>({
  name: 'explain',
  description: 'explain a rule: what it does, why it matters, an example, fix safety',
  arguments: [['<rule>', 'rule id']],
  run: ([id], _options, context) => {
    const text = explainRule(id);
    if (text === undefined) {
      context.stderr(`studio-lint: unknown rule '${id}'${didYouMean(id, rulesById) || ' (studio-lint rules lists them)'}\n`);
      return EXIT.usage;
    }
    context.stdout(text);
    return EXIT.ok;
  },
});

import { findJsonSyntaxError } from '../flow/json-syntax.js';
import { isObject } from '../flow/load.js';
import { replaceInString } from '../fixers/edits.js';
import { maskPlaceholders } from '../liquid/mask.js';
import type { Rule } from './types.js';

const MAX_LENGTH = 1024;

/**
 * The last filters after which an output outside quotes renders JSON: Studio's `to_json` (Studio's Liquid docs,
 * https://www.twilio.com/docs/studio/user-guide/liquid-template-language) and Liquid's `json`; `size`
 * always renders an integer (Liquid's `size` filter: the number of characters or items).
 */
const JSON_FILTERS = new Set(['to_json', 'json', 'size']);

/**
 * Whether an output's markup (between `{{` and `}}`) renders a JSON value whatever the execution: a literal
 * number, `true` or `false`, or a last filter of JSON_FILTERS. A variable is never taken for a number: the
 * values Studio sets reach Liquid as strings (the trigger's are the webhook's parameters, e.g. a Conversations
 * message's `"Index": "0"`, https://www.twilio.com/docs/flex/admin-guide/setup/conversations/prerequisites),
 * and one that is absent renders empty.
 */
function rendersJson(markup: string): boolean {
  const expression = markup.replace(/^-/, '').replace(/-$/, '').replace(/'[^']*'|"[^"]*"/g, "''");
  const pipe = expression.lastIndexOf('|');
  if (pipe >= 0) return JSON_FILTERS.has(/^\s*([A-Za-z_][\w-]*)/.exec(expression.slice(pipe + 1))?.[1] ?? '');
  return /^\s*(-?\d+(\.\d+)?|true|false)\s*$/.test(expression);
}

export const validFlexAttributes: Rule = {
  meta: {
    id: 'valid-flex-attributes',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'send-to-flex `attributes` that is not a JSON object once its Liquid is rendered, or longer than 1,024 characters.',
    messages: {
      tooLong: 'send-to-flex attributes are {{length}} characters long: Studio allows at most {{max}}',
      invalidJson: 'send-to-flex attributes are not valid JSON once rendered: {{error}}',
      notObject: 'send-to-flex attributes must be a JSON object ({…})',
      unquotedOutput:
        "'{{output}}' stands outside quotes in send-to-flex attributes: what it renders goes in as it is, JSON only when that is a number, true, false or JSON text (a name or a question is not, and an absent value renders nothing): add '| to_json', or quote it",
    },
    hasSuggestions: true,
    docs: {
      what:
        'Checks the `attributes` of each send-to-flex widget: with every `{{…}}` replaced by a placeholder value (a string inside quotes, a number outside them, as `{{x | to_json}}` is used), the text must be a JSON object, and it must be at most 1,024 characters long. The finding points at the character where the JSON breaks. An output outside quotes must render JSON whatever the value: its last filter is `to_json` (Studio’s), `json` or `size`, or it is a literal number, `true` or `false`; any other (`"question": {{trigger.conversation.ChannelAttributes.pre_engagement_data.question}}`) is reported at the output, with suggestions to add `| to_json` or to quote it. No variable is taken for a number: what Studio sets reaches Liquid as text (the trigger’s values are the webhook’s parameters, such as a Conversations message’s `"Index": "0"`), and an absent value renders nothing. Attributes that are one output alone (`{{flow.variables.attributes}}`, JSON text a widget built) get no verdict.',
      why: 'Flex creates the task from these attributes. When they are not valid JSON the task is not created (failedToEnqueue) or is created without the attributes routing and the agent’s view depend on.',
      fixSafety:
        'Never fixed automatically: the attributes as written render broken JSON for a text value, and either repair changes what they render (`| to_json` renders a string quoted and escaped, `null` when absent, and a number as a number; quotes make every value a string and break on a value that holds a quote). So two suggestions, which a person picks.',
      example: {
        before: '"attributes": "{\\"name\\": \\"{{trigger.conversation.ChannelAttributes.from}}\\", }"',
        after: '"attributes": "{\\"name\\": \\"{{trigger.conversation.ChannelAttributes.from}}\\"}"',
      },
    },
  },
  check(context) {
    for (const widget of context.flow.widgets) {
      if (widget.type !== 'send-to-flex') continue;
      const attributes = widget.properties.attributes;
      if (typeof attributes !== 'string' || attributes.trim() === '') continue;
      const pointer = [...widget.pointer, 'properties', 'attributes'];
      if (attributes.length > MAX_LENGTH) {
        context.report({ at: { pointer }, widget, messageId: 'tooLong', data: { length: attributes.length, max: MAX_LENGTH } });
      }
      // One output alone renders the text a widget or a variable holds, which may be the JSON object itself.
      if (/^\s*\{\{[^{}]*\}\}\s*$/.test(attributes)) continue;
      const { text, opaqueOutsideStrings, outputsOutsideStrings } = maskPlaceholders(attributes, 'liquid');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // Tags or Terraform placeholders outside strings may assemble the JSON later: no verdict then.
        if (opaqueOutsideStrings) continue;
        const error = findJsonSyntaxError(text);
        const start = Math.min(error.offset, attributes.length - 1);
        context.report({
          at: { pointer, slice: [start, start + 1] },
          widget,
          messageId: 'invalidJson',
          data: { error: error.message },
        });
        continue;
      }
      if (!isObject(value) && !opaqueOutsideStrings) {
        context.report({ at: { pointer }, widget, messageId: 'notObject' });
      }
      // Tags outside strings may write the quotes themselves: no verdict on the outputs then.
      if (opaqueOutsideStrings) continue;
      for (const output of outputsOutsideStrings ?? []) {
        const source = attributes.slice(output.start, output.end);
        if (!source.endsWith('}}') || rendersJson(source.slice(2, -2))) continue;
        // `| to_json` goes before the closing `}}` (and its whitespace control `-`).
        const close = source.endsWith('-}}') ? output.end - 3 : output.end - 2;
        const inner = attributes.slice(output.start + 2, close);
        const expression = inner.trimEnd();
        context.report({
          at: { pointer, slice: [output.start, output.end] },
          widget,
          messageId: 'unquotedOutput',
          data: { output: source },
          suggestions: [
            {
              description: "add '| to_json': the value rendered as JSON (a text quoted and escaped, null when absent)",
              edits: () => [replaceInString(context.locator, pointer, output.start + 2, close, `${expression} | to_json${inner.slice(expression.length)}`)],
            },
            {
              description: 'quote it: the value as a JSON string (broken by a value that holds a quote)',
              edits: () => [replaceInString(context.locator, pointer, output.start, output.end, `"${source}"`)],
            },
          ],
        });
      }
    }
  },
};


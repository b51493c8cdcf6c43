import { findJsonSyntaxError } from '../flow/json-syntax.js';
import { isObject } from '../flow/load.js';
import type { Rule } from './types.js';

const MAX_LENGTH = 1024;

export const validFlexAttributes: Rule = {
  meta: {
    id: 'valid-flex-attributes',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'send-to-flex `attributes` that is not a JSON object once its Liquid is rendered, or longer than 1,024 characters.',
    docs: {
      what:
        'Checks the `attributes` of each send-to-flex widget: with every `{{…}}` replaced by a placeholder value (a string inside quotes, a number outside them, as `{{x | to_json}}` is used), the text must be a JSON object, and it must be at most 1,024 characters long. The finding points at the character where the JSON breaks.',
      why: 'Flex creates the task from these attributes. When they are not valid JSON the task is not created (failedToEnqueue) or is created without the attributes routing and the agent’s view depend on.',
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
        context.report({ at: { pointer }, widget, message: `send-to-flex attributes are ${attributes.length} characters long: Studio allows at most ${MAX_LENGTH}` });
      }
      const { text, opaqueOutsideStrings } = maskLiquid(attributes);
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
          message: `send-to-flex attributes are not valid JSON once rendered: ${error.message}`,
        });
        continue;
      }
      if (!isObject(value) && !opaqueOutsideStrings) {
        context.report({ at: { pointer }, widget, message: 'send-to-flex attributes must be a JSON object ({…})' });
      }
    }
  },
};

/**
 * Replaces Liquid with same-length stand-ins so that offsets still match the original: `{{…}}` becomes `xxx`
 * inside a JSON string and `0` plus spaces outside one; tags become spaces, a bare Terraform `${…}` a `0`.
 * A placeholder inside a string may hold raw quotes (`"${vars["x"]}"`), masked like output. A tag or
 * placeholder outside strings makes the result opaque: it may assemble the JSON itself.
 */
export function maskLiquid(template: string): { text: string; opaqueOutsideStrings: boolean } {
  let out = '';
  let inString = false;
  let opaqueOutsideStrings = false;
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    const two = template.slice(i, i + 2);
    if (two === '{{' || two === '{%' || two === '${') {
      const closer = two === '{{' ? '}}' : two === '{%' ? '%}' : '}';
      const close = template.indexOf(closer, i + 2);
      const stop = close < 0 ? template.length : close + closer.length;
      const length = stop - i;
      if (two !== '{{' && !inString) opaqueOutsideStrings = true;
      if (two === '{%') {
        out += ' '.repeat(length);
      } else out += inString ? 'x'.repeat(length) : '0' + ' '.repeat(length - 1);
      i = stop;
      continue;
    }
    if (inString && c === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
    i++;
  }
  return { text: out, opaqueOutsideStrings };
}

import { findJsonSyntaxError } from '../flow/json-syntax.js';
import { isObject } from '../flow/load.js';
import { maskPlaceholders } from '../liquid/mask.js';
import type { Rule } from './types.js';

const MAX_LENGTH = 1024;

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
    },
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
        context.report({ at: { pointer }, widget, messageId: 'tooLong', data: { length: attributes.length, max: MAX_LENGTH } });
      }
      const { text, opaqueOutsideStrings } = maskPlaceholders(attributes, 'liquid');
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
    }
  },
};


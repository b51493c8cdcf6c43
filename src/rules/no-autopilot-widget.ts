import type { Rule } from './types.js';

export const noAutopilotWidget: Rule = {
  meta: {
    id: 'no-autopilot-widget',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'A send-to-auto-pilot widget: Autopilot has been retired.',
    messages: { autopilot: "widget '{{name}}' sends to Autopilot, which has been retired: replace it (for example with Connect Virtual Agent or a Function calling your bot)" },
    docs: {
      what: 'Reports widgets of type `send-to-auto-pilot`.',
      why:
        'Twilio retired Autopilot; the widget can no longer reach a bot, and on Flex Conversations its chat-specific properties (`chat_channel`, `chat_service`) have no meaning. Executions that reach it fail.',
      example: {
        before: '{"name": "bot", "type": "send-to-auto-pilot", "properties": {"autopilot_assistant_sid": "UA…"}}',
        after: 'Replace the widget, for example with a Connect Virtual Agent or a Run Function widget calling your bot.',
      },
    },
  },
  check(context) {
    for (const widget of context.flow.widgets) {
      if (widget.type !== 'send-to-auto-pilot') continue;
      context.report({
        at: { pointer: [...widget.pointer, 'type'] },
        widget,
        messageId: 'autopilot',
        data: { name: widget.name },
      });
    }
  },
};

/** Every rule, in the order `studio-lint rules` lists them. */
import { noAutopilotWidget } from './no-autopilot-widget.js';
import { noIncomingMessageTrigger } from './no-incoming-message-trigger.js';
import { noLegacyChannelType } from './no-legacy-channel-type.js';
import { noMessageTriggerVariable } from './no-message-trigger-variable.js';
import { noUnavailableTriggerVariable } from './no-unavailable-trigger-variable.js';
import { noWholeTriggerReference } from './no-whole-trigger-reference.js';
import type { Rule } from './types.js';

export const rules: readonly Rule[] = [
  noIncomingMessageTrigger,
  noMessageTriggerVariable,
  noUnavailableTriggerVariable,
  noWholeTriggerReference,
  noAutopilotWidget,
  noLegacyChannelType,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

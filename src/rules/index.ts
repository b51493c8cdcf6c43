/** Every rule, in the order `studio-lint rules` lists them: the migration first, then flow correctness. */
import { noAutopilotWidget } from './no-autopilot-widget.js';
import { noDanglingTransition } from './no-dangling-transition.js';
import { noDuplicateWidgetName } from './no-duplicate-widget-name.js';
import { noFlexOwnedAttribute } from './no-flex-owned-attribute.js';
import { noIncomingMessageTrigger } from './no-incoming-message-trigger.js';
import { noLegacyChannelType } from './no-legacy-channel-type.js';
import { noFlowOverWidgetLimit } from './no-flow-over-widget-limit.js';
import { noLiquidLoopOverLimit } from './no-liquid-loop-over-limit.js';
import { noLoopWithoutWait } from './no-loop-without-wait.js';
import { noMessageTriggerVariable } from './no-message-trigger-variable.js';
import { noSelfLoop } from './no-self-loop.js';
import { noTriggerVariableMismatch } from './no-trigger-variable-mismatch.js';
import { noUnavailableTriggerVariable } from './no-unavailable-trigger-variable.js';
import { noUndefinedWidgetReference } from './no-undefined-widget-reference.js';
import { noUnmappedAccountValue } from './no-unmapped-account-value.js';
import { noUnreachableWidget } from './no-unreachable-widget.js';
import { noWholeTriggerReference } from './no-whole-trigger-reference.js';
import { noWidgetOutputBeforeRun } from './no-widget-output-before-run.js';
import type { Rule } from './types.js';
import { validFlexAttributes } from './valid-flex-attributes.js';
import { validFlowSchema } from './valid-flow-schema.js';
import { validLiquid } from './valid-liquid.js';
import { validSubflowCall } from './valid-subflow-call.js';

export const rules: readonly Rule[] = [
  noIncomingMessageTrigger,
  noMessageTriggerVariable,
  noFlexOwnedAttribute,
  noUnavailableTriggerVariable,
  noWholeTriggerReference,
  noAutopilotWidget,
  noLegacyChannelType,
  validFlowSchema,
  noDanglingTransition,
  noUnreachableWidget,
  noUndefinedWidgetReference,
  noDuplicateWidgetName,
  validLiquid,
  validFlexAttributes,
  noWidgetOutputBeforeRun,
  noTriggerVariableMismatch,
  noSelfLoop,
  noLoopWithoutWait,
  noLiquidLoopOverLimit,
  noFlowOverWidgetLimit,
  validSubflowCall,
  noUnmappedAccountValue,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

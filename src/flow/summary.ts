/**
 * What other flows of a linted set need to know about a flow, in a few plain values that cross threads and go
 * into the cache: its size, whether it can run as a subflow, the parameters it reads as one, the subflows it runs.
 * Subflows (https://www.twilio.com/docs/studio/subflows): "Those parameters can then be referenced at runtime
 * inside the Subflow with the trigger object: `{{trigger.parent.parameters.foo}}`".
 */
import type { Flow, Widget } from './model.js';

export interface FlowSummary {
  sid?: string;
  friendlyName?: string;
  /** Its widgets, the Trigger included (Studio's 2,000 counts every state). */
  widgets: number;
  /** The Trigger wires `incomingParent` (the Subflow event): Run Subflow starts it there. */
  subflowEntry: boolean;
  /** As a subflow: each X of `trigger.parent.parameters.X` it reads where no `default` filter covers it. */
  parametersRead?: string[];
  /** As a subflow: each X it reads at all (with or without a default). */
  parametersSeen?: string[];
  /** Run Subflow widgets that the `incomingParent` event reaches (Studio allows one level of subflows). */
  runsSubflowAsSubflow?: string[];
}

export const isRunSubflow = (w: Widget) => w.type === 'run-subflow';

export function summarize(flow: Flow): FlowSummary {
  const summary: FlowSummary = { widgets: flow.widgets.length, subflowEntry: flow.isWired('incomingParent') };
  if (!summary.subflowEntry) return summary;
  const read = new Set<string>();
  const seen = new Set<string>();
  for (const { ref } of flow.references) {
    const [root, parent, parameters, name] = ref.segments;
    if (root !== 'trigger' || parent !== 'parent' || parameters !== 'parameters' || typeof name !== 'string') continue;
    seen.add(name);
    if (!ref.filters.includes('default')) read.add(name);
  }
  summary.parametersRead = [...read].sort();
  summary.parametersSeen = [...seen].sort();
  const nested = flow.widgets.filter((w) => isRunSubflow(w) && w.reachedBy.has('incomingParent')).map((w) => w.name);
  if (nested.length) summary.runsSubflowAsSubflow = nested;
  return summary;
}

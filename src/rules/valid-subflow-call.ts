import { isRunSubflow } from '../flow/summary.js';
import type { Widget } from '../flow/model.js';
import type { Rule } from './types.js';

const SUBFLOWS = 'https://www.twilio.com/docs/studio/subflows';
const RUN_SUBFLOW = 'https://www.twilio.com/docs/studio/widget-library/run-subflow';

interface Parameter {
  key: string;
  index: number;
}

function parametersOf(widget: Widget): Parameter[] {
  const list = widget.properties.parameters;
  if (!Array.isArray(list)) return [];
  const out: Parameter[] = [];
  list.forEach((p, index) => {
    const key = (p as { key?: unknown } | null)?.key;
    if (typeof key === 'string') out.push({ key, index });
  });
  return out;
}

/** `flow_revision` as written: a number, `LatestPublished` or `LatestDraft` (anything else as JSON). */
function revisionOf(w: Widget): string {
  const revision = w.properties.flow_revision;
  if (revision === undefined) return '';
  return typeof revision === 'string' || typeof revision === 'number' ? String(revision) : JSON.stringify(revision);
}
const hasLiquid = (value: unknown) => typeof value === 'string' && (value.includes('{{') || value.includes('{%'));

export const validSubflowCall: Rule = {
  meta: {
    id: 'valid-subflow-call',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    reportsWarnings: "a parameter the subflow never reads",
    project: true,
    description: 'A Run Subflow widget that does not fit the subflow it runs, or that Studio refuses.',
    messages: {
      mixedRevisions: "'{{name}}' runs subflow {{sid}} at revision '{{revision}}', but '{{first}}' runs it at '{{firstRevision}}': every Run Subflow of a parent that runs the same subflow must target the same revision",
      liquid: "'{{name}}' sets {{property}} with Liquid: Studio takes a subflow's SID and revision as written, not rendered",
      noSubflowEntry: "'{{name}}' runs {{where}} as a subflow, but its Trigger does not wire the Subflow event (incomingParent): no widget of it runs",
      missingParameter: "{{where}} reads trigger.parent.parameters.{{parameter}}, which '{{name}}' does not pass: it renders empty there",
      unusedParameter: "'{{name}}' passes '{{parameter}}', which {{where}} never reads",
      nested: "'{{name}}' runs {{where}}, which runs a subflow itself ('{{inner}}'): Studio allows one level of subflows",
    },
    docs: {
      what:
        'Checks each Run Subflow widget. In the flow itself: several Run Subflow widgets that run the same subflow (`flow_sid`) with different `flow_revision`s, and Liquid in `flow_sid` or `flow_revision`. Against the subflow, when it is among the linted files (found by SID through the pull manifest `.studio-lint-flows.json` or the Flow resource in the file): the subflow’s Trigger must wire `incomingParent`; every `trigger.parent.parameters.X` the subflow reads (without a `default` filter) must be among the widget’s `parameters`; a parameter the subflow never reads is a warning; a subflow that runs a subflow itself (from its `incomingParent` branch) is an error. A subflow that is not among the linted files is not guessed at: `--debug` names it once.',
      why: `The Subflows page (${SUBFLOWS}): parameters "can then be referenced at runtime inside the Subflow with the trigger object: \`{{trigger.parent.parameters.foo}}\`" (not \`flow.data\`, which holds a REST API execution's parameters), so a parameter the parent does not pass renders empty in the subflow, and one it passes that the subflow never reads is usually a misspelt key. "Widgets connected to the Subflow trigger only run when the Flow is invoked as a Subflow": a subflow whose Trigger does not wire incomingParent runs nothing. Its Limitations: "All Run Subflow widgets referencing the same underlying Flow definition must target the same Revision", "You can define only one level of Subflow nesting. This means that Subflows can't call other Subflows", and "Subflow Flow SIDs and Flow Revisions don't support Liquid expressions". The Run Subflow widget's page (${RUN_SUBFLOW}): "Multiple references to the same Subflow within a parent Flow must all target the same Flow Revision."`,
      example: {
        before: 'main.json: run_greeting (run-subflow FW…01, parameters: [{ "key": "languge", … }]); greeting.json reads {{trigger.parent.parameters.language}}',
        after: 'Pass "language", the key greeting.json reads.',
      },
    },
  },
  check(context) {
    const { flow, project } = context;
    const runners = flow.widgets.filter(isRunSubflow);
    if (runners.length === 0) return;
    const firstBySid = new Map<string, Widget>();
    for (const w of runners) {
      for (const property of ['flow_sid', 'flow_revision'] as const) {
        if (hasLiquid(w.properties[property])) {
          context.report({ at: { pointer: [...w.pointer, 'properties', property] }, widget: w, messageId: 'liquid', data: { name: w.name, property } });
        }
      }
      const sid = w.properties.flow_sid;
      if (typeof sid !== 'string' || sid === '' || hasLiquid(sid)) continue;
      const first = firstBySid.get(sid);
      if (!first) firstBySid.set(sid, w);
      else if (revisionOf(first) !== revisionOf(w)) {
        context.report({
          at: { pointer: [...w.pointer, 'properties', 'flow_revision'] },
          widget: w,
          messageId: 'mixedRevisions',
          data: { name: w.name, sid, revision: revisionOf(w), first: first.name, firstRevision: revisionOf(first) },
        });
      }
      const subflow = project?.bySid(sid);
      if (!subflow) continue;
      const where = subflow.where;
      const sidAt = { pointer: [...w.pointer, 'properties', 'flow_sid'] };
      if (!subflow.subflowEntry) {
        context.report({ at: sidAt, widget: w, messageId: 'noSubflowEntry', data: { name: w.name, where } });
        continue;
      }
      if (subflow.runsSubflowAsSubflow?.length) {
        context.report({ at: sidAt, widget: w, messageId: 'nested', data: { name: w.name, where, inner: subflow.runsSubflowAsSubflow[0]! } });
      }
      const passed = parametersOf(w);
      const keys = new Set(passed.map((p) => p.key));
      const parametersAt = w.properties.parameters === undefined ? sidAt : { pointer: [...w.pointer, 'properties', 'parameters'] };
      for (const parameter of subflow.parametersRead ?? []) {
        if (!keys.has(parameter)) context.report({ at: parametersAt, widget: w, messageId: 'missingParameter', data: { name: w.name, where, parameter } });
      }
      const seen = new Set(subflow.parametersSeen);
      for (const p of passed) {
        if (seen.has(p.key)) continue;
        context.report({
          at: { pointer: [...w.pointer, 'properties', 'parameters', p.index, 'key'] },
          widget: w,
          severity: 'warn',
          messageId: 'unusedParameter',
          data: { name: w.name, where, parameter: p.key },
        });
      }
    }
  },
};

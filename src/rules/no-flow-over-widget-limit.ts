import { isRunSubflow } from '../flow/summary.js';
import type { Rule } from './types.js';

/** Studio's FAQ (https://www.twilio.com/docs/studio/user-guide/studio-faq): "A Flow is limited to 2,000 Widgets". */
export const WIDGET_LIMIT = 2000;
/** Subflows (https://www.twilio.com/docs/studio/subflows), Limitations. */
export const RUN_SUBFLOW_LIMIT = 150;
export const DISTINCT_SUBFLOW_LIMIT = 50;
const DEFAULT_WARN_PERCENT = 80;

export const noFlowOverWidgetLimit: Rule = {
  meta: {
    id: 'no-flow-over-widget-limit',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    reportsWarnings: "a flow that passes warnAtPercent of Studio's 2,000 widgets without passing the limit",
    project: true,
    description: 'A flow that, with the subflows it runs, nears or passes Studio’s 2,000 widgets, or runs more subflows than Studio allows.',
    messages: {
      nearLimit: 'the flow has {{count}} widgets{{subflows}}, {{percent}}% of the 2,000 Studio allows',
      overLimit: 'the flow has {{count}} widgets with the subflows it runs ({{own}} of its own{{subflows}}): Studio allows at most 2,000, subflows included',
      tooManyRunSubflows: 'the flow has {{count}} Run Subflow widgets: Studio allows a parent flow at most 150',
      tooManySubflows: 'the flow runs {{count}} different subflows: Studio allows a parent flow at most 50',
    },
    schema: {
      type: 'object',
      properties: {
        warnAtPercent: {
          type: 'integer',
          default: DEFAULT_WARN_PERCENT,
          description: 'Warn from this share of the 2,000 widgets (own widgets plus the subflows of the linted set it runs). 100 warns only at the limit.',
        },
      },
    },
    docs: {
      what:
        'Warns when a flow’s widgets (the Trigger included), plus those of the subflows it runs that are in the linted set, reach `warnAtPercent` (default ' +
        `${DEFAULT_WARN_PERCENT}%` +
        ') of 2,000; reports an error when the flow and those subflows pass 2,000 together, naming each subflow and its count. A flow over 2,000 widgets on its own is valid-flow-schema’s error (Twilio’s validation refuses it), not reported twice. Also reports a flow with more than 150 Run Subflow widgets or more than 50 different subflows. Subflows are found by SID (the Run Subflow widget’s `flow_sid`) among the linted files: through the pull manifest (`.studio-lint-flows.json`) or the Flow resource in the file; a subflow run by several widgets counts once. Linting one file alone, or a subflow not in the set, counts the flow’s own widgets only.',
      why: 'Studio’s FAQ (https://www.twilio.com/docs/studio/user-guide/studio-faq): "A Flow is limited to 2,000 Widgets — publishing a Flow larger than this is not possible" (newer wording: "Maximum of 2,000 widgets per Flow (including Subflows)"). The Subflows page (https://www.twilio.com/docs/studio/subflows), Limitations: "A parent Flow can have up to 150 Subflow widgets, which can reference up to 50 unique Subflow definitions" and "You can define up to 2,000 total widgets, which includes the parent Flow and all linked Subflow instances". A flow that grows past the limit cannot be published: the warning leaves room to split it into subflows before that day.',
      example: { before: 'main.json: 1,700 widgets, running greeting.json (400 widgets) as a subflow', after: 'Move a part of main.json into another subflow, or make greeting.json smaller.' },
    },
  },
  check(context) {
    const { flow, project } = context;
    const own = flow.widgets.length;
    const runSubflows = flow.widgets.filter(isRunSubflow);
    const at = { pointer: [...flow.entry.base, 'states'], key: true };
    const sids = new Set<string>();
    for (const w of runSubflows) if (typeof w.properties.flow_sid === 'string') sids.add(w.properties.flow_sid);
    if (runSubflows.length > RUN_SUBFLOW_LIMIT) context.report({ at, messageId: 'tooManyRunSubflows', data: { count: runSubflows.length } });
    if (sids.size > DISTINCT_SUBFLOW_LIMIT) context.report({ at, messageId: 'tooManySubflows', data: { count: sids.size } });
    if (own > WIDGET_LIMIT) return;
    let total = own;
    const named: string[] = [];
    for (const sid of project ? sids : []) {
      const subflow = project!.bySid(sid);
      if (!subflow) continue;
      total += subflow.widgets;
      named.push(`${subflow.where}: ${subflow.widgets}`);
    }
    const subflows = named.length ? `; subflows ${named.join(', ')}` : '';
    if (total > WIDGET_LIMIT) {
      context.report({ at, messageId: 'overLimit', data: { count: total, own, subflows } });
      return;
    }
    const percent = typeof context.options.warnAtPercent === 'number' ? context.options.warnAtPercent : DEFAULT_WARN_PERCENT;
    if (total * 100 >= percent * WIDGET_LIMIT) {
      context.report({
        at,
        severity: 'warn',
        messageId: 'nearLimit',
        data: { count: total, subflows: named.length ? ` with the subflows it runs (${own} of its own${subflows})` : '', percent: Math.floor((total * 100) / WIDGET_LIMIT) },
      });
    }
  },
};

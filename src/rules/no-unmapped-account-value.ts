import { accountReferences, literalOccurrences } from '../flow/account-references.js';
import type { Rule } from './types.js';

/**
 * In a folder that is promoted between accounts (the config names `environments`, docs/promote.md): every
 * account-specific value must be one promotion can rewrite, named at pull or given by a map. The runner passes
 * what pull recorded (`context.promotion`); without it the rule is silent.
 */
export const noUnmappedAccountValue: Rule = {
  meta: {
    id: 'no-unmapped-account-value',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'In a promoted folder: an account-specific value that pull did not name and no environment maps, or a Function URL of another service.',
    messages: {
      unrecorded: "{{kind}} {{value}} belongs to the account the flow was pulled from, and neither pull recorded it nor an environment's map gives it: push --promote would stop on it (pull again, or map it)",
      unnamed: "{{kind}} {{value}} could not be named at pull ({{why}}), and no environment's map gives it: push --promote would stop on it (map it)",
      otherService: "the Function URL's domain {{value}} is Serverless environment {{domain}}, but the widget runs service {{service}}: the URL calls another service's Function",
    },
    docs: {
      what:
        'Runs only in a folder whose config names `environments` (push --promote). Reports, at its exact characters, each account-specific value of the flow (a SID by prefix, a `*.twil.io` Function domain, the account\'s number in `from`) that the pull manifest does not name and no environment\'s `map` gives; and a Run Function widget whose `url` domain belongs to another Serverless service than its `service_sid` (or another environment than its `environment_sid`), as pull named them.',
      why:
        'Promotion rewrites each value to the target account\'s resource of the same name (docs/promote.md). A value it cannot name stops the flow at `push --promote` time; linting says so while the flow is edited. A Function URL on another service\'s domain runs a Function the widget does not name: promoted, it follows that other service, or points at the source account.',
      example: {
        before: '{"name": "flex", "type": "send-to-flex", "properties": {"workflow": "WW…added since the pull…"}}',
        after: 'pull again (the workflow is then named), or add the value to the environment\'s "map".',
      },
    },
  },
  check(context) {
    const { promotion } = context;
    if (!promotion) return;
    const definition = context.flow.entry.definition;
    const base = context.flow.entry.base;
    const mapped = literalOccurrences(definition, promotion.mapped);
    const isMapped = (pointer: string, start: number, end: number) => mapped.some((m) => m.pointer.join('/') === pointer && start < m.end && end > m.start);
    const references = accountReferences(definition);
    for (const r of references) {
      if (isMapped(r.pointer.join('/'), r.start, r.end)) continue;
      const recorded = promotion.recorded.get(r.value);
      const widget = context.flow.widgets.find((w) => w.name === r.widget);
      const at = { pointer: [...base, ...r.pointer], slice: [r.start, r.end] as [number, number] };
      if (!recorded) context.report({ at, ...(widget ? { widget } : {}), messageId: 'unrecorded', data: { kind: r.kind, value: r.value } });
      else if (recorded.unresolved !== undefined) context.report({ at, ...(widget ? { widget } : {}), messageId: 'unnamed', data: { kind: r.kind, value: r.value, why: recorded.unresolved } });
    }
    // Run Function: the URL's domain is an environment of the service (and environment) the widget names.
    for (const domain of references.filter((r) => r.kind === 'function-domain' && r.widgetType === 'run-function' && r.property === 'url')) {
      const named = promotion.recorded.get(domain.value)?.name;
      const siblings = references.filter((r) => r.widget === domain.widget && r.pointer.length === 4);
      const service = promotion.recorded.get(siblings.find((r) => r.property === 'service_sid' && r.kind === 'serverless-service')?.value ?? '')?.name;
      const environment = promotion.recorded.get(siblings.find((r) => r.property === 'environment_sid' && r.kind === 'serverless-environment')?.value ?? '')?.name;
      if (!named) continue;
      const domainService = named.slice(0, named.indexOf('/'));
      if ((service !== undefined && service !== domainService) || (environment !== undefined && environment !== named)) {
        const widget = context.flow.widgets.find((w) => w.name === domain.widget);
        context.report({
          at: { pointer: [...base, ...domain.pointer], slice: [domain.start, domain.end] },
          ...(widget ? { widget } : {}),
          messageId: 'otherService',
          data: { value: domain.value, domain: named, service: environment ?? service ?? '' },
        });
      }
    }
  },
};

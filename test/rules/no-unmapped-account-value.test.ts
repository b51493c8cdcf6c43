import type { ScopeInputs } from '../../src/linter/lint.js';
import { flow, ruleTester, studioText, widget } from '../helpers.js';

const ZS = `ZS${'a'.repeat(32)}`;
const ZS_OTHER = `ZS${'b'.repeat(32)}`;
const ZE = `ZE${'a'.repeat(32)}`;
const WW = `WW${'a'.repeat(32)}`;
const WW_NEW = `WW${'c'.repeat(32)}`;
const TC = `TC${'a'.repeat(32)}`;
const DOMAIN = 'tools-1234-dev.twil.io';
const OTHER_DOMAIN = 'billing-5678-dev.twil.io';

/** A promoted folder's facts: what pull named (by value), and the texts the environments' maps rewrite. */
const promoted = (recorded: Record<string, { name?: string; unresolved?: string }>, mapped: string[] = []): ScopeInputs => ({ promotion: { recorded: new Map(Object.entries(recorded)), mapped } });
const named = promoted({
  [ZS]: { name: 'tools' },
  [ZS_OTHER]: { name: 'billing' },
  [ZE]: { name: 'tools/dev' },
  [DOMAIN]: { name: 'tools/dev' },
  [OTHER_DOMAIN]: { name: 'billing/dev' },
  [WW]: { name: 'VIP' },
  [TC]: { name: 'chat' },
});

const toFlex = (workflow: string, attributes = '{}') => studioText(flow({ incomingConversationMessage: 'flex' }, widget('flex', 'send-to-flex', {}, { workflow, channel: TC, attributes })));
const runFunction = (service: string, url: string) =>
  studioText(flow({ incomingConversationMessage: 'fn' }, widget('fn', 'run-function', {}, { service_sid: service, environment_sid: ZE, url, parameters: [] })));

// In a promoted folder, every account-specific value is one push --promote can rewrite: named at pull, or mapped.
ruleTester('no-unmapped-account-value', {
  valid: [
    { name: 'every value named at pull', code: toFlex(WW, `{"transfer": "${WW}"}`), scope: named },
    { name: 'a value added since the pull, given by an environment’s map', code: toFlex(WW_NEW), scope: promoted({ [TC]: { name: 'chat' } }, [WW_NEW]) },
    { name: 'a folder that is not promoted (no facts): silent', code: toFlex(WW_NEW) },
    { name: 'a Function URL on its service’s environment', code: runFunction(ZS, `https://${DOMAIN}/crm`), scope: named },
    { name: 'a Terraform placeholder is no value of the account', code: toFlex('${workflow_sid}'), scope: named },
  ],
  invalid: [
    {
      name: 'a workflow SID added since the pull',
      code: toFlex(WW_NEW),
      scope: named,
      errors: [{ text: WW_NEW, messageId: 'unrecorded', data: { kind: 'workflow', value: WW_NEW } }],
    },
    {
      name: 'inside the Send to Flex attributes JSON: the exact characters',
      code: toFlex(WW, `{"name": "x", "transfer": "${WW_NEW}"}`),
      scope: named,
      errors: [{ text: WW_NEW, messageId: 'unrecorded', data: { kind: 'workflow', value: WW_NEW } }],
    },
    {
      name: 'a value pull could not name, not mapped',
      code: toFlex(WW),
      scope: promoted({ [WW]: { unresolved: 'no TaskRouter workflow WW… in the account' }, [TC]: { name: 'chat' } }),
      errors: [{ text: WW, messageId: 'unnamed', data: { kind: 'workflow', value: WW, why: 'no TaskRouter workflow WW… in the account' } }],
    },
    {
      name: 'a Function URL on another service’s domain',
      code: runFunction(ZS, `https://${OTHER_DOMAIN}/invoice`),
      scope: named,
      errors: [
        {
          text: OTHER_DOMAIN,
          messageId: 'otherService',
          data: { value: OTHER_DOMAIN, domain: 'billing/dev', service: 'tools/dev' },
          message: `the Function URL's domain ${OTHER_DOMAIN} is Serverless environment billing/dev, but the widget runs service tools/dev: the URL calls another service's Function`,
        },
      ],
    },
  ],
});

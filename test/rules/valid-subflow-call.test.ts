import { flow, ruleTester, studioText, widget } from '../helpers.js';

const SUB = 'FW11111111111111111111111111111111';
const run = (name: string, next: string | undefined, properties: Record<string, unknown>) =>
  widget(name, 'run-subflow', { completed: next, failed: undefined }, { flow_sid: SUB, flow_revision: 'LatestPublished', parameters: [], ...properties });

// What a Run Subflow widget can be checked for alone; checks against the subflow itself are in test/project.test.ts.
ruleTester('valid-subflow-call', {
  valid: [
    { name: 'two Run Subflow widgets, one revision', code: studioText(flow({ incomingMessage: 'a' }, run('a', 'b', {}), run('b', undefined, {}))) },
    { name: 'different subflows at different revisions', code: studioText(flow({ incomingMessage: 'a' }, run('a', 'b', { flow_revision: '3' }), run('b', undefined, { flow_sid: 'FW2', flow_revision: 'LatestDraft' }))) },
    { name: 'a subflow not in the linted set is not guessed at', code: studioText(flow({ incomingMessage: 'a' }, run('a', undefined, { parameters: [{ key: 'anything', value: 'x' }] }))) },
  ],
  invalid: [
    {
      name: 'the same subflow at two revisions',
      code: studioText(flow({ incomingMessage: 'a' }, run('a', 'b', {}), run('b', undefined, { flow_revision: 'LatestDraft' }))),
      errors: [
        {
          text: '"LatestDraft"',
          messageId: 'mixedRevisions',
          data: { name: 'b', sid: SUB, revision: 'LatestDraft', first: 'a', firstRevision: 'LatestPublished' },
        },
      ],
    },
    {
      name: 'a revision number against Latest Published, even in a widget no Trigger event reaches',
      code: studioText(flow({ incomingMessage: 'a' }, run('a', undefined, {}), run('spare', undefined, { flow_revision: 4 }))),
      errors: [{ text: '4', within: '"flow_revision": 4', messageId: 'mixedRevisions', data: { name: 'spare', sid: SUB, revision: '4', first: 'a', firstRevision: 'LatestPublished' } }],
    },
    {
      name: 'Liquid in flow_sid and flow_revision',
      code: studioText(flow({ incomingMessage: 'a' }, run('a', undefined, { flow_sid: '{{flow.variables.sub}}', flow_revision: '{{flow.variables.rev}}' }))),
      errors: [
        { text: '"{{flow.variables.sub}}"', messageId: 'liquid', data: { name: 'a', property: 'flow_sid' } },
        { text: '"{{flow.variables.rev}}"', messageId: 'liquid', data: { name: 'a', property: 'flow_revision' } },
      ],
    },
  ],
});

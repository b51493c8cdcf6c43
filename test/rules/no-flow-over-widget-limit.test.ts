import { flow, ruleTester, studioText, widget } from '../helpers.js';

/** A flow of `count` widgets, the Trigger included: a chain of Send Message widgets. */
function flowOf(count: number, extra: Record<string, unknown>[] = []): string {
  const widgets: Record<string, unknown>[] = [...extra];
  for (let i = widgets.length; i < count - 1; i++) widgets.push(widget(`w${i}`, 'send-message', { sent: i + 2 < count ? `w${i + 1}` : undefined }, { body: 'hi' }));
  return studioText(flow({ incomingMessage: (widgets[0] as { name: string }).name }, ...widgets));
}
const runSubflow = (i: number, sid: string) => widget(`run${i}`, 'run-subflow', { completed: `run${i + 1}` }, { flow_sid: sid, flow_revision: 'LatestPublished', parameters: [] });
const sid = (n: number) => `FW${String(n).padStart(32, '0')}`;

// Studio's 2,000 widgets per flow (subflows included), 150 Run Subflow widgets and 50 different subflows.
ruleTester('no-flow-over-widget-limit', {
  valid: [
    { name: '1,599 widgets: under 80%', code: flowOf(1599) },
    { name: 'over 2,000 on its own is valid-flow-schema’s error, not reported twice', code: flowOf(2001) },
    { name: '150 Run Subflow widgets running 50 subflows', code: flowOf(151, Array.from({ length: 150 }, (_, i) => runSubflow(i, sid(i % 50)))) },
  ],
  invalid: [
    {
      name: '1,600 widgets: 80%, a warning',
      code: flowOf(1600),
      errors: [{ text: '"states"', severity: 1, messageId: 'nearLimit', data: { count: 1600, subflows: '', percent: 80 }, message: 'the flow has 1600 widgets, 80% of the 2,000 Studio allows' }],
    },
    {
      name: 'warnAtPercent: 50',
      code: flowOf(1000),
      options: { warnAtPercent: 50 },
      errors: [{ text: '"states"', severity: 1, messageId: 'nearLimit', data: { count: 1000, subflows: '', percent: 50 } }],
    },
    {
      name: '151 Run Subflow widgets',
      code: flowOf(152, Array.from({ length: 151 }, (_, i) => runSubflow(i, sid(i % 10)))),
      errors: [{ text: '"states"', messageId: 'tooManyRunSubflows', data: { count: 151 } }],
    },
    {
      name: '51 different subflows',
      code: flowOf(52, Array.from({ length: 51 }, (_, i) => runSubflow(i, sid(i)))),
      errors: [{ text: '"states"', messageId: 'tooManySubflows', data: { count: 51 } }],
    },
  ],
});

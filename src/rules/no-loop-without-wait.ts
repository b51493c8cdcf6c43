import { cyclesWithoutWait, type Cycle } from '../flow/loops.js';
import type { Flow, Widget } from '../flow/model.js';
import catalog from '../schema/catalog.json' with { type: 'json' };
import type { Rule } from './types.js';

const FAQ = 'https://www.twilio.com/docs/studio/user-guide/studio-faq';

/** The catalog's waiting widget types and what each waits for, for the rule's documentation. */
const WAITING = Object.entries(catalog.widgets as Record<string, { waits?: string }>)
  .filter(([, w]) => w.waits !== undefined)
  .map(([type, w]) => `\`${type}\` (${w.waits})`)
  .join('; ');

export const noLoopWithoutWait: Rule = {
  meta: {
    id: 'no-loop-without-wait',
    type: 'problem',
    category: 'correctness',
    defaultSeverity: 'warn',
    description: 'A cycle of widgets none of which waits for the contact or for time: it runs until Studio ends the execution at 1,000 steps.',
    messages: {
      loop: 'these widgets loop without waiting for the contact or for time, and no way out of the loop depends on anything it changes: {{cycle}}; once the execution goes round, it goes round until Studio ends it at 1,000 steps',
    },
    docs: {
      what: `Reports each cycle of transitions whose widgets all move on at once, naming its widgets in the order the execution goes through them (the shortest such cycle through the cycle's first widget in the file). A widget waits when its type does (the widget catalog's \`waits\`): ${WAITING}. A type the catalog does not know counts as waiting. A cycle that can end by itself is left alone: one with a way out taken by a Run Function or HTTP Request (its answer may differ on the next pass: a retry, or a Function that waits and says when to stop), or by a Split that reads something the cycle changes (a \`flow.variables.X\` a Set Variables of the cycle sets, as a retry counter does, or the outputs of a widget of the cycle). What is reported is a cycle that, once entered, decides the same way on every pass: no way out, or only Splits on data the cycle leaves alone (a menu Split whose \`noMatch\` sends "please choose 1 or 2" and goes back to the same Split on the same reply). A widget that loops to itself alone is no-self-loop's; widgets no wired Trigger event reaches are no-unreachable-widget's.`,
      why: `Studio's FAQ (${FAQ}): "An Execution will end after 1,000 Steps", and "When creating loops that cycle through the same Widgets within a Flow, note that a loop may repeat until the 1,000 Step limit for an Execution is reached" (newer wording: "Execution steps: Each Execution ends after 1,000 steps. Be careful with loops."; error 84000, https://www.twilio.com/docs/api/errors/84000). A loop that waits for nothing and decides the same way on every pass (a menu Split that falls back to a Send Message leading to the same Split, which reads the same reply again) goes round as fast as Studio runs it: the contact gets a burst of identical messages, and the execution ends at the limit in whatever widget it has reached. A loop through a widget that waits (Send & Wait for Reply, Gather Input on Call) is the contact's conversation and is not reported.`,
      example: {
        before: 'menu (split on {{trigger.message.Body}}): noMatch → invalid (send-message "Please answer 1 or 2") → menu',
        after: 'menu (split on {{widgets.ask.inbound.Body}}): noMatch → ask (send-and-wait-for-reply "Please answer 1 or 2"): incomingMessage → menu',
      },
    },
  },
  check(context) {
    const { flow } = context;
    for (const cycle of cyclesWithoutWait(flow)) {
      if (canLeave(flow, cycle)) continue;
      const first = cycle.widgets[0]!;
      const names = cycleText(cycle.widgets);
      context.report({ at: { pointer: [...first.pointer, 'name'] }, widget: first, messageId: 'loop', data: { cycle: names } });
    }
  },
};

/** The cycle's widgets in order, back to the first; a long cycle by its first and last widgets and how many lie between. */
function cycleText(widgets: Widget[]): string {
  const names = [...widgets, widgets[0]!].map((w) => `'${w.name}'`);
  if (names.length <= MAX_NAMED) return names.join(' → ');
  const head = names.slice(0, MAX_NAMED - 3);
  const tail = names.slice(-2);
  return `${head.join(' → ')} → … ${names.length - head.length - tail.length} more … → ${tail.join(' → ')}`;
}
const MAX_NAMED = 12;

/** Widgets whose outcome the outside world decides anew on each run: their failure branch is a real way out. */
const ASKS_OUTSIDE = new Set(['run-function', 'make-http-request']);

/**
 * Whether the loop can end by itself: a transition out of the cycle's strongly connected part (to a widget outside
 * it, or one that ends the flow) taken by a Run Function or HTTP Request (their answer may differ next time) or by
 * a Split that reads something the loop changes: a flow variable a Set Variables of the part sets, or the outputs
 * of a widget of the part. A Split that reads only what the loop leaves alone decides the same way on every pass.
 */
function canLeave(flow: Flow, cycle: Cycle): boolean {
  const leaves = (w: Widget) => w.transitions.some((t) => t.target === undefined || !cycle.members.has(t.target));
  const exits = [...cycle.members].filter(leaves);
  if (exits.some((w) => ASKS_OUTSIDE.has(w.type))) return true;
  const splits = new Set(exits.filter((w) => w.type === 'split-based-on'));
  if (splits.size === 0) return false;
  const setInLoop = new Set<string>();
  for (const w of cycle.members) {
    if (w.type !== 'set-variables' || !Array.isArray(w.properties.variables)) continue;
    for (const v of w.properties.variables as unknown[]) {
      const key = (v as { key?: unknown } | null)?.key;
      if (typeof key === 'string') setInLoop.add(key);
    }
  }
  for (const { template, ref } of flow.references) {
    if (!splits.has(template.widget)) continue;
    const [root, second, third] = ref.segments;
    if (root === 'flow' && second === 'variables' && typeof third === 'string' && setInLoop.has(third)) return true;
    const source = root === 'widgets' && typeof second === 'string' ? flow.byName.get(second) : undefined;
    if (source && cycle.members.has(source)) return true;
  }
  return false;
}

/**
 * What each widget type ends with, per Twilio's widget library (https://www.twilio.com/docs/studio/widget-library):
 * its events (src/schema/catalog.json), the event it ends with when nothing outside the flow decides it, and
 * the outputs (`widgets.<name>.*`) a test gives for the outside world's answer.
 *
 * Simulated (no outcome needed): Set Variables (`next`), Split Based On… (its conditions), Send Message
 * (`sent`: a message handed to Twilio is sent; a test may say `failed`), Say/Play (`audioComplete`), Fork
 * Stream (`next`). Every other widget waits for something outside the flow (a reply, a caller's keys, an
 * HTTP server, a Function, an agent, a subflow, a call leg): a test gives its event and outputs, unless no
 * event of the widget leads anywhere.
 */
import catalog from '../schema/catalog.json' with { type: 'json' };

export interface WidgetSemantics {
  /** The widget's events (undefined for a type the catalog does not know). */
  events: readonly string[] | undefined;
  /** The event it ends with when the test says nothing. */
  defaultEvent?: string;
  /** The `widgets.<name>` object from what the test gives. */
  outputs: (given: Record<string, unknown>) => Record<string, unknown>;
  /** How a test gives the outputs, for the message when it gives none. */
  outputsHint?: string;
  /** The event the outputs imply, when the test gives outputs but no event. */
  impliedEvent?: (given: Record<string, unknown>) => string | undefined;
}

const asIs = (given: Record<string, unknown>) => ({ ...given });

/**
 * Make HTTP Request (https://www.twilio.com/docs/studio/widget-library/http-request) and Run Function
 * (https://www.twilio.com/docs/studio/widget-library/run-function) expose the response as `body`,
 * `status_code`, `content_type` and `parsed`: "only application/json objects (e.g. {"foo":"bar"}) will be
 * automatically parsed". A test that gives a body holding a JSON object gets `parsed` from it.
 */
function response(given: Record<string, unknown>): Record<string, unknown> {
  const out = { ...given };
  if (out.parsed === undefined && typeof out.body === 'string') {
    try {
      const value: unknown = JSON.parse(out.body);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.parsed = value;
    } catch {
      // Not JSON: Studio sets no parsed either.
    }
  }
  if (out.parsed !== undefined && out.body === undefined) out.body = JSON.stringify(out.parsed);
  return out;
}

/**
 * The HTTP Request docs: Success is "a successful return (HTTP 20X)", "3xx redirection is supported", and "4xx or
 * 5xx status code will transition to failed".
 */
const byStatus = (failure: string) => (given: Record<string, unknown>) => {
  const status = Number(given.status_code);
  if (given.status_code === undefined || !Number.isFinite(status)) return undefined;
  return status >= 200 && status < 400 ? 'success' : failure;
};

const SPECIAL: Record<string, Omit<WidgetSemantics, 'events'>> = {
  'set-variables': { defaultEvent: 'next', outputs: asIs },
  'split-based-on': { outputs: asIs },
  'send-message': { defaultEvent: 'sent', outputs: asIs },
  'say-play': { defaultEvent: 'audioComplete', outputs: asIs },
  'fork-stream': { defaultEvent: 'next', outputs: asIs },
  // Send & Wait For Reply (https://www.twilio.com/docs/studio/widget-library/send-wait-reply): the reply is widgets.<name>.inbound.*.
  'send-and-wait-for-reply': { outputs: asIs, outputsHint: '"inbound": { "Body": "…" }', impliedEvent: (g) => (g.inbound !== undefined ? 'incomingMessage' : undefined) },
  // Gather Input On Call (https://www.twilio.com/docs/studio/widget-library/gather-input-call): Digits, or SpeechResult and Confidence.
  'gather-input-on-call': {
    outputs: asIs,
    outputsHint: '"Digits": "1" or "SpeechResult": "…"',
    impliedEvent: (g) => (g.Digits !== undefined ? 'keypress' : g.SpeechResult !== undefined ? 'speech' : undefined),
  },
  'make-http-request': { outputs: response, outputsHint: '"status_code": 200, "body": "{…}" or "parsed": {…}', impliedEvent: byStatus('failed') },
  'run-function': { outputs: response, outputsHint: '"status_code": 200, "body": "{…}" or "parsed": {…}', impliedEvent: byStatus('fail') },
  // Run Subflow (https://www.twilio.com/docs/studio/widget-library/run-subflow): the subflow's returned values.
  'run-subflow': { outputs: asIs, outputsHint: 'the subflow’s outputs' },
};

const widgets = (catalog as { widgets: Record<string, { events: string[] }> }).widgets;

export function semanticsOf(type: string): WidgetSemantics {
  const events = widgets[type]?.events;
  return { events, outputs: asIs, ...SPECIAL[type] };
}

/** The widget types the simulator runs by itself, and those a test must give the outcome of. */
export function widgetCoverage(): { simulated: string[]; mocked: string[] } {
  const types = Object.keys(widgets).filter((t) => t !== 'trigger');
  const simulated = types.filter((t) => t === 'split-based-on' || SPECIAL[t]?.defaultEvent !== undefined);
  return { simulated, mocked: types.filter((t) => !simulated.includes(t)) };
}

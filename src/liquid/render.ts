/**
 * Liquid as Studio renders it: liquidjs (Shopify's semantics: only false and nil are falsy, a missing path
 * renders empty) plus Studio's own `to_json` filter (studio-reference §2; Studio's Liquid docs,
 * https://www.twilio.com/docs/studio/user-guide/liquid-template-language).
 */
import { Liquid, type Template } from 'liquidjs';

export type LiquidScope = Record<string, unknown>;

let engine: Liquid | undefined;

function liquid(): Liquid {
  if (engine) return engine;
  // Dates render in UTC, so a test's output does not depend on the machine's time zone.
  engine = new Liquid({ timezoneOffset: 0 });
  engine.registerFilter('to_json', (value: unknown) => JSON.stringify(value ?? null));
  return engine;
}

export class RenderError extends Error {}

/**
 * Parsed templates by text: flows repeat their templates, and the behaviour check after a fix renders each one
 * for several channels. Bounded, so that a run over thousands of flows does not grow without end.
 */
const parsed = new Map<string, Template[]>();

/** One template rendered against the execution's scope. Throws RenderError on a malformed template. */
export function render(template: string, scope: LiquidScope): string {
  if (!template.includes('{{') && !template.includes('{%')) return template;
  // Outside the try: an engine that cannot load is no template error, and must not pass for one.
  const engine = liquid();
  try {
    let templates = parsed.get(template);
    if (!templates) {
      if (parsed.size > 5_000) parsed.clear();
      parsed.set(template, (templates = engine.parse(template)));
    }
    return engine.renderSync(templates, scope) as string;
  } catch (error) {
    throw new RenderError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** Every string of a property value rendered, at any depth (parameters[].value, variables[].value, …). */
export function renderDeep(value: unknown, scope: LiquidScope): unknown {
  if (typeof value === 'string') return render(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'offset' ? v : renderDeep(v, scope);
    return out;
  }
  return value;
}

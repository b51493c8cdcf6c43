/**
 * Promotion of a pulled flow into another account (issue 27, `push --promote`): every account-specific value
 * (src/flow/account-references.ts) rewritten, as text edits of those characters alone (src/fixers/edits.ts), to
 * the target account's resource of the same identity (what pull recorded, src/twilio/account-resources.ts), or
 * to what the environment's `map` says. Nothing is rewritten when one value does not resolve: the flow is then
 * not sent at all.
 *
 * The order (subflows before the flows that run them) and the target flow (the same friendly name) are also
 * decided here; the command (src/commands/promote.ts) prints and sends.
 */
import { accountReferences, literalOccurrences, type AccountReference } from '../flow/account-references.js';
import { classify, type FlowDefinition } from '../flow/load.js';
import { JsonLocator } from '../flow/locate.js';
import { applyEdits, replaceInString, type TextEdit } from '../fixers/edits.js';
import type { ManifestEntry } from '../runner/manifest.js';
import type { AccountResources } from './account-resources.js';

/** One value of the flow and what it becomes in the target. */
export interface Rewrite {
  reference: Pick<AccountReference, 'kind' | 'value' | 'widget' | 'property' | 'pointer' | 'start' | 'end'>;
  to: string;
  /** The identity it was found by, or `map` for a value the environment's map gives. */
  by: string;
}

export interface Unresolved {
  reference: AccountReference;
  why: string;
}

export type Rewritten =
  | { kind: 'not-a-flow' }
  | { kind: 'unresolved'; unresolved: Unresolved[]; rewrites: Rewrite[] }
  | { kind: 'rewritten'; text: string; definition: FlowDefinition; rewrites: Rewrite[] };

/**
 * The file's text with every account-specific value rewritten for the target. `map` (the environment's, exact
 * text → text) comes first: a value it names is replaced wherever it occurs in a widget's properties, whatever
 * it is (an external URL, a per-environment value, a SID). Throws TwilioError (the target's listings).
 */
export async function rewriteForTarget(text: string, entry: ManifestEntry, target: AccountResources, map: Readonly<Record<string, string>>): Promise<Rewritten> {
  const c = classify(text);
  if (c.kind !== 'flows' || c.flows[0]!.base.length > 0) return { kind: 'not-a-flow' };
  const definition = c.flows[0]!.definition;
  const rewrites: Rewrite[] = [];
  const unresolved: Unresolved[] = [];
  const mapped = literalOccurrences(definition, Object.keys(map));
  for (const m of mapped) rewrites.push({ reference: { ...m, kind: 'sid' }, to: map[m.value]!, by: 'map' });
  const overlapsMapped = (r: AccountReference) => mapped.some((m) => m.pointer.join('/') === r.pointer.join('/') && r.start < m.end && r.end > m.start);
  for (const reference of accountReferences(definition)) {
    if (overlapsMapped(reference)) continue;
    const recorded = entry.references?.[reference.value];
    if (!recorded) {
      unresolved.push({ reference, why: 'not recorded at pull (added since?): pull again, or map it in the environment' });
      continue;
    }
    if ('unresolved' in recorded) {
      unresolved.push({ reference, why: `not named at pull: ${recorded.unresolved}` });
      continue;
    }
    const found = await target.find({ kind: recorded.kind, name: recorded.name }, reference);
    if ('unresolved' in found) unresolved.push({ reference, why: `${found.unresolved} in the target` });
    else rewrites.push({ reference, to: found.value, by: recorded.name });
  }
  if (unresolved.length) return { kind: 'unresolved', unresolved, rewrites };
  const locator = new JsonLocator(text);
  const edits: TextEdit[] = rewrites.filter((r) => r.to !== r.reference.value).map((r) => replaceInString(locator, r.reference.pointer, r.reference.start, r.reference.end, r.to));
  const { text: out, skipped } = applyEdits(text, edits);
  // Map occurrences never overlap one another, and a reference inside one is left to it: every edit applies.
  // Were one skipped, the flow would be half-rewritten: never sent.
  const result = classify(out);
  if (skipped.length || result.kind !== 'flows') throw new Error('a promotion rewrite could not be applied whole');
  return { kind: 'rewritten', text: out, definition: result.flows[0]!.definition, rewrites };
}

/**
 * The files in an order where a subflow comes before the flows that run it (by the source SIDs of Run
 * Subflow's `flow_sid`): the target must have the subflow before a flow naming it can be rewritten. A cycle
 * keeps the given order for the flows in it.
 */
export function subflowsFirst<T extends { sid: string; definition: FlowDefinition | undefined }>(flows: readonly T[]): T[] {
  const bySid = new Map(flows.map((f) => [f.sid, f]));
  const ordered: T[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const visit = (f: T) => {
    if (state.has(f)) return;
    state.set(f, 'visiting');
    for (const r of f.definition ? accountReferences(f.definition) : []) {
      const sub = r.kind === 'flow' ? bySid.get(r.value) : undefined;
      if (sub && sub !== f) visit(sub);
    }
    state.set(f, 'done');
    ordered.push(f);
  };
  flows.forEach(visit);
  return ordered;
}

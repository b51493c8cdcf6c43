/**
 * Which references the migration rules look at: `trigger.message.*` in widgets that a message trigger can
 * reach, or that nothing reaches. In a widget only Incoming Call, REST API or subflow executions reach,
 * Studio's default `service`/`channel` boilerplate reads an empty `trigger.message` and is harmless.
 */
import { isMessageContext, type Flow, type Reference } from '../flow/model.js';
import { isTriggerMessagePath } from './trigger-variables.js';

export function messageVariableReferences(flow: Flow): Reference[] {
  return flow.references.filter((r) => isTriggerMessagePath(r.ref.segments) && isMessageContext(r.template.widget));
}

/**
 * The references that a rewrite of `reference` moves too: the reads through the alias it defines, or, for
 * a read through an alias, every read through that alias (they share the `{% assign %}` source).
 */
export function aliasUses(reference: Reference): Reference[] {
  const { template, ref } = reference;
  const target = ref.definesAlias !== undefined ? ref.segments : ref.alias?.target;
  if (!target) return [];
  return template.scan.references.filter((r) => r.alias?.target === target).map((r) => ({ template, ref: r }));
}

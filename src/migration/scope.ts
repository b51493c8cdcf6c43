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

/** The other references in the same template that go through the same alias. */
export function sameAliasReferences(reference: Reference): Reference[] {
  const alias = reference.ref.alias;
  if (!alias) return [reference];
  return reference.template.scan.references
    .filter((r) => r.alias?.name === alias.name && r.alias.target === alias.target)
    .map((ref) => ({ template: reference.template, ref }));
}

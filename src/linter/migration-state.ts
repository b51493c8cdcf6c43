/**
 * Where a flow stands in the migration, from the linter itself: migrated, fixable by --fix, fixable by --fix
 * --unsafe-fixes (whose changes a person reviews), or needing a person (and which rules). For the inventory
 * (src/migration/inventory.ts) and the cutover plan's check.
 */
import { decodeSource, type FlowDefinition } from '../flow/load.js';
import { isMessagingFlow, type MigrationState } from '../migration/inventory.js';
import { rulesById } from '../rules/index.js';
import { fixSource } from './fix-loop.js';
import { activeRules, lintSource } from './lint.js';

/**
 * Whether a finding means the flow is not migrated yet: the migration rules, and Autopilot (retired, so a
 * flow that hands off to it cannot move as it is).
 */
function blocksMigration(ruleId: string | null): ruleId is string {
  return ruleId === 'no-autopilot-widget' || (ruleId !== null && rulesById.get(ruleId)?.meta.category === 'migration');
}

/**
 * The migration state of a flow's definition (linted as the file `name`). A flow a legacy Flex address starts
 * (`legacyAddresses`, described) is in the migration's scope whatever its content.
 */
export function migrationState(name: string, definition: FlowDefinition, legacyAddresses: string[] = []): MigrationState {
  if (!isMessagingFlow(definition)) return { state: 'not-messaging', rules: [] };
  const active = activeRules();
  const scope = legacyAddresses.length ? { account: { legacyAddresses } } : undefined;
  // The definition as pull writes it (exportText in src/twilio/manifest.ts).
  const file = lintSource(name, decodeSource(JSON.stringify(definition, null, 2) + '\n'), active, { scope });
  const migration = (ids: (string | null)[]) => [...new Set(ids.filter(blocksMigration))].sort();
  const before = migration(file.findings.map((f) => f.ruleId));
  if (before.length === 0) return { state: 'migrated', rules: [] };
  const fixed = fixSource(file, active).file;
  const after = migration(fixed.findings.map((f) => f.ruleId));
  if (after.length === 0) return { state: 'fixable', rules: before };
  // Whether the unsafe fixes finish what the safe ones left: then a person reviews rather than writes.
  const afterUnsafe = migration(fixSource(fixed, active, { unsafe: true }).file.findings.map((f) => f.ruleId));
  return { state: afterUnsafe.length === 0 ? 'fixable-unsafe' : 'needs-human', rules: after };
}

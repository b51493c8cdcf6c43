/** Every command, in the order `studio-lint --help` lists them. A new command: its module, then one line here. */
import { baselineCommand } from './baseline.js';
import { cutoverCommand } from './cutover-options.js';
import { diffCommand } from './diff.js';
import { downtimeFlowCommand } from './downtime-flow.js';
import { explainCommand } from './explain.js';
import { graphCommand } from './graph.js';
import { initCommand } from './init.js';
import { inventoryCommand } from './inventory.js';
import { lintCommand } from './lint.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { rollbackCommand } from './rollback.js';
import { rulesCommand } from './rules.js';
import type { CommandSpec } from './spec.js';
import { testCommand } from './test-options.js';

export const commands: readonly CommandSpec[] = [
  lintCommand,
  baselineCommand,
  initCommand,
  pullCommand,
  pushCommand,
  rollbackCommand,
  inventoryCommand,
  downtimeFlowCommand,
  cutoverCommand,
  graphCommand,
  diffCommand,
  testCommand,
  rulesCommand,
  explainCommand,
];

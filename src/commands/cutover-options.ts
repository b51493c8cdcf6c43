/**
 * The `cutover` commands' options, apart from their handlers (src/commands/cutover.ts): cutover's code is
 * loaded only when a cutover command runs.
 */
import type { CutoverIo, CutoverPlanOptions, CutoverRunOptions } from './cutover.js';
import { remoteIo } from './remote.js';
import type { CliContext } from './shared.js';
import { command } from './spec.js';

function cutoverIo(context: CliContext): CutoverIo {
  return { ...remoteIo(context), stdinIsTty: context.stdinIsTty, ask: (question) => context.ask(question) };
}

const runOptions = [
  { flags: '--yes', description: 'do not ask (required when standard input is not a terminal)' },
  { flags: '--dry-run', description: 'print what would be sent; send nothing' },
];

export const cutoverCommand = command({
  name: 'cutover',
  description: 'move one migrated flow and its addresses and numbers to Flex Conversations: plan, apply, rollback',
  subcommands: [
    command<[string], CutoverPlanOptions>({
      name: 'plan',
      description: 'read the account (GETs only) and write the cutover plan for one pulled, migrated flow file',
      arguments: [['<flow>', 'the migrated flow file, pulled with studio-lint pull']],
      options: [
        { flags: '--downtime-flow <FW...>', description: 'the published downtime flow to point the numbers at (default: the plan creates one)' },
        { flags: '--downtime-message <text>', description: 'what the created downtime flow answers' },
        { flags: '--cancel-pending-tasks', description: 'cancel pending Programmable Chat tasks (never deleted)' },
        { flags: '--out <file>', description: 'where to write the plan', default: 'cutover-plan.json' },
      ],
      run: async ([file], options, context) => {
        const { cutoverPlan } = await import('./cutover.js');
        return cutoverPlan(cutoverIo(context), file, options);
      },
    }),
    command<[string], CutoverRunOptions>({
      name: 'apply',
      description: 'run the plan’s steps in order, journaled beside the plan; again after a failure: continue',
      arguments: [['<plan>', 'the plan file']],
      options: runOptions,
      run: async ([file], options, context) => {
        const { cutoverApply } = await import('./cutover.js');
        return cutoverApply(cutoverIo(context), file, options);
      },
    }),
    command<[string], CutoverRunOptions>({
      name: 'rollback',
      description: 'undo the plan’s done steps in reverse order',
      arguments: [['<plan>', 'the plan file']],
      options: runOptions,
      run: async ([file], options, context) => {
        const { cutoverRollback } = await import('./cutover.js');
        return cutoverRollback(cutoverIo(context), file, options);
      },
    }),
  ],
});

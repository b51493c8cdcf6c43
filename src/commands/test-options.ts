/**
 * The `test` command's options, apart from its handler (src/commands/test.ts) so that the command line can
 * register them without loading the simulator and liquidjs.
 */
import { defaultIo } from './shared.js';
import { command } from './spec.js';

export interface TestCommandOptions {
  format?: string;
  coverage?: boolean;
  /** The migrated flow (a file, or a folder of flows named as the originals) to run each case on. */
  against?: string;
}

export const testCommand = command<[string[]], TestCommandOptions>({
  name: 'test',
  description: 'run flow tests (*.flowtest.json or .yaml) offline: what each flow does for a trigger, and that a migration kept it',
  arguments: [['[paths...]', 'test files, folders (searched for *.flowtest.json and *.flowtest.yaml) or globs (default: the current folder)']],
  options: [
    { flags: '-f, --format <name>', description: 'output format: text (default), json, junit' },
    { flags: '--coverage', description: 'say which widgets and transitions the cases ran, and which they did not' },
    {
      flags: '--against <migrated>',
      description:
        'also run each case on the migrated flow (a file, or a folder of flows of the same names), its trigger moved to the other platform, and expect the same behaviour',
    },
  ],
  run: async ([paths], options, context) => {
    // The simulator and liquidjs load only here (their own file in the build, scripts/build.mjs): lint's
    // start-up never pays for them.
    const { runTestCommand } = await import('./test.js');
    return runTestCommand(paths, options, defaultIo(context));
  },
});

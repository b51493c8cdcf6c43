/**
 * The `test` command's options, apart from its handler (src/commands/test.ts) so that the command line can
 * register them without loading the simulator and liquidjs.
 */
export interface TestCommandOptions {
  format?: string;
  coverage?: boolean;
  /** The migrated flow (a file, or a folder of flows named as the originals) to run each case on. */
  against?: string;
}

export const testCommand = {
  description: 'run flow tests (*.flowtest.json or .yaml) offline: what each flow does for a trigger, and that a migration kept it',
  argument: ['[paths...]', 'test files, folders (searched for *.flowtest.json and *.flowtest.yaml) or globs (default: the current folder)'],
  options: [
    ['-f, --format <name>', 'output format: text (default), json, junit'],
    ['--coverage', 'say which widgets and transitions the cases ran, and which they did not'],
    ['--against <migrated>', 'also run each case on the migrated flow (a file, or a folder of flows of the same names), its trigger moved to the other platform, and expect the same behaviour'],
  ],
} as const;

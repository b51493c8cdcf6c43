import { defineConfig } from 'vitest/config';

/** The 'units' project's files (see below). */
const UNITS = [
  'account-references', 'config-validation', 'corpus', 'cutover-journal', 'diff', 'diff-corpus', 'docs', 'edits', 'flat-text', 'fix.property', 'inventory-analysis', 'liquid',
  'liquid-oracle', 'load', 'locate', 'manifest', 'model', 'names', 'render-safety', 'rule-contract', 'schema', 'simulator',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Vitest's default is one worker less than the cores: on the 2-core machines this suite runs on, one file at a
    // time. The slowest files (package, release, the contract files) mostly wait on child processes (npm, git,
    // pre-commit, tsc, Prism), so three files at a time overlap those waits. The account commands run in the test's
    // own process (test/helpers.ts runCliInProcess), not in children: docs/performance.md, "The test suite".
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'rules',
          include: ['test/rules/**/*.test.ts'],
          // The rule tables (one file per rule, ESLint's RuleTester) load the same modules and change no shared
          // state: one module graph per worker for all of them instead of one per file (0.75 s of CPU each). Their
          // bookkeeping in test/helpers.ts (the fixes each rule's cases showed) is per rule, and a rule has one file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'units',
          include: UNITS.map((name) => `test/${name}.test.ts`),
          // Files that test modules in this process alone (no command line, no child, no environment or folder
          // changed, nothing of src/ modified): like the rule tables, one module graph per worker for all of them.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/rules/**', ...UNITS.map((name) => `test/${name}.test.ts`)] },
      },
    ],
  },
});

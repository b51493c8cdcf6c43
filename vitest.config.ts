import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker less than the cores: on the 2-core machines this suite runs on, one file at a
    // time. The slowest files (package, release, the contract files) mostly wait on child processes (npm, git,
    // pre-commit, tsc, Prism), so three files at a time overlap those waits. The account commands run in the test's
    // own process (test/helpers.ts runCliInProcess), not in children: docs/performance.md, "The test suite".
    maxWorkers: 3,
  },
});

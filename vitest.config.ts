import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker less than the cores: on the 2-core machines this suite runs on, one file at a
    // time. The slow files (cutover, remote, package, release) mostly wait on child processes (npm, git,
    // pre-commit, Prism) and the stand-in API, so three files at a time overlap those waits.
    maxWorkers: 3,
  },
});

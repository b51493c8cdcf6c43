/** The lint worker of the ES module build (the programmatic API); the command line runs its own bundle instead (src/cli.ts). */
import { runLintWorker } from './lint-worker.js';

runLintWorker();

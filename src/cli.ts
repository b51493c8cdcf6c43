/**
 * The command line's entry: the real process handed to the command line (src/commands/program.ts, commander
 * and the commands of src/commands/), or, in a lint worker thread, that thread's share of the files.
 */
import { internalError, runCommandLine } from './commands/program.js';
import { processContext } from './commands/shared.js';
import { EXIT } from './exit-codes.js';
import { runLintWorker } from './runner/lint-worker.js';
import { useWorkerEntry } from './runner/schedule.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Set on the global object by the code that starts a lint worker thread on this bundle (see useWorkerEntry):
 * that thread lints its share of the files instead of running the command line.
 */
const LINT_WORKER = Symbol.for('studio-lint.lint-worker');
const inLintWorker = (globalThis as Record<symbol, unknown>)[LINT_WORKER] === true;

// A reader that stops early (`studio-lint lint flows | head -1`) closes the pipe: the rest of the output
// has nowhere to go, which is not an error. Writes after that are dropped; the exit code stays the run's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
});

if (inLintWorker) {
  runLintWorker();
} else {
  // dist/cli.cjs loads this bundle: a worker thread loads it the same way, from the code cache.
  const loader = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  if (existsSync(loader)) useWorkerEntry({ code: `globalThis[Symbol.for(${JSON.stringify(LINT_WORKER.description)})] = true;\nrequire(${JSON.stringify(loader)});` });
  runCommandLine(process.argv.slice(2), processContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(internalError(error));
      process.exit(EXIT.usage);
    },
  );
}

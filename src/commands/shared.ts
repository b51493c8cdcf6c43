/**
 * What every command shares: the terminal (`Io`), the usage error, and the one mapping from a failure to an
 * exit code (design.md): a Twilio or network failure exits 3, a problem the user can fix exits 2.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EXIT } from '../exit-codes.js';
import { WriteError } from '../runner/write.js';
import { CredentialsError, TwilioError, type Environment, type StudioApi } from '../twilio/client.js';

export { EXIT };

/** A mistake in how the command was called: exit 2 with the message. */
export class UsageError extends Error {}

export interface Io {
  /** Opens the Studio API, for lint --remote (loads the twilio package only then). */
  connect?: (env: Environment) => Promise<StudioApi>;
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
  stdoutIsTty: boolean;
  /** Progress lines (lint --remote) go to standard error only when it is a terminal. */
  stderrIsTty?: boolean;
  /** The terminal's width, when standard output is one. */
  columns?: number;
  /** The environment variables the command reads (NO_COLOR, GITHUB_STEP_SUMMARY, the TWILIO_* credentials). */
  env?: Environment;
}

/**
 * What one run of the command line takes from its process: the streams, the folder, the environment and
 * whether each stream is a terminal. The command line passes the real process (`processContext`); a test runs
 * a command in its own process with captured streams and its own folder and environment (test/helpers.ts
 * runCliInProcess). Commands read these, never `process.*`, so that both run the same code.
 */
export interface CliContext {
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
  env: Environment;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** The terminal's width, when standard output is one. */
  columns?: number;
  /** Asks a question on the terminal (standard error) and resolves to the answer read from standard input. */
  ask(question: string): Promise<string>;
}

export function processContext(): CliContext {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    cwd: process.cwd(),
    env: process.env,
    stdinIsTty: !!process.stdin.isTTY,
    stdoutIsTty: !!process.stdout.isTTY,
    stderrIsTty: !!process.stderr.isTTY,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    ask: (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      return new Promise((resolve) => rl.question(question, (answer) => (rl.close(), resolve(answer))));
    },
  };
}

/**
 * A command's Io on a run's context: an object of its own (a progress line replaces its stdout and stderr while
 * it is up), writing through the context's streams.
 */
export function defaultIo(context: CliContext = processContext()): Io {
  return {
    stdout: (t) => context.stdout(t),
    stderr: (t) => context.stderr(t),
    readStdin: () => context.readStdin(),
    cwd: context.cwd,
    stdoutIsTty: context.stdoutIsTty,
    stderrIsTty: context.stderrIsTty,
    columns: context.columns,
    env: context.env,
  };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The exit code of a command that failed with `error`, its message printed: 3 for Twilio, 2 for a usage error,
 * a file that cannot be written, or one of the command's own `userErrors` (a bad config, a bad manifest).
 * Anything else is a bug and is thrown on.
 */
export function failureExitCode(error: unknown, io: Pick<Io, 'stderr'>, userErrors: readonly ErrorClass[] = []): number {
  if (error instanceof TwilioError) {
    io.stderr(`studio-lint: ${error.message}\n`);
    return EXIT.twilio;
  }
  if (error instanceof UsageError || error instanceof WriteError || error instanceof CredentialsError || userErrors.some((c) => error instanceof c)) {
    io.stderr(`studio-lint: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  throw error;
}

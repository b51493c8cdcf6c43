/**
 * What every command shares: the terminal (`Io`), the usage error, and the one mapping from a failure to an
 * exit code (design.md): a Twilio or network failure exits 3, a problem the user can fix exits 2.
 */
import { readFileSync } from 'node:fs';
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
}

export function defaultIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    cwd: process.cwd(),
    stdoutIsTty: !!process.stdout.isTTY,
    stderrIsTty: !!process.stderr.isTTY,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
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

/**
 * What the commands that call Twilio share (pull, push, rollback, inventory, downtime-flow, cutover): the
 * remote I/O, the Twilio client opened on demand, the failure mapping. The sync state of a pulled folder and
 * its rules are src/twilio/sync.ts.
 */
import type { Environment, StudioApi } from '../twilio/client.js';
import { ManifestError } from '../runner/manifest.js';
import { defaultIo, failureExitCode, type CliContext, type Io } from './shared.js';
import { endProgress } from './progress.js';

export interface RemoteIo extends Io {
  env: Environment;
  stderrIsTty: boolean;
  /** Opens the API: the real twilio client, loaded only now. */
  connect(env: Environment): Promise<StudioApi>;
}

/** The twilio package is loaded here, on demand: lint without --remote never imports it. */
export async function openStudioApi(env: Environment, warn?: (text: string) => void): Promise<StudioApi> {
  const { connect } = await import('../twilio/client.js');
  return connect(env, warn);
}

export function remoteIo(context: CliContext): RemoteIo {
  // What the client says while it waits (a 429's retry) goes to this run's standard error, through the progress line.
  const io: RemoteIo = { ...defaultIo(context), env: context.env, stderrIsTty: context.stderrIsTty, connect: (env) => openStudioApi(env, (text) => io.stderr(text)) };
  return io;
}

/** Runs a remote command, turning Twilio failures into exit 3 with Twilio's code and message. */
export async function remoteCommand(io: RemoteIo, run: (api: StudioApi) => Promise<number>, userErrors: readonly (abstract new (...args: never[]) => Error)[] = []): Promise<number> {
  try {
    return await run(await io.connect(io.env));
  } catch (error) {
    endProgress(io);
    // A manifest or a folder that cannot be used, a file that cannot be written: the user's to fix.
    return failureExitCode(error, io, [ManifestError, ...userErrors]);
  }
}

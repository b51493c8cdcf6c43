/** `studio-lint downtime-flow`: the temporary flow that answers new messages during the migration. */
import path from 'node:path';
import { downtimeFlow } from '../migration/downtime-flow.js';
import type { StudioApi } from '../twilio/client.js';
import { exportText } from '../twilio/manifest.js';
import { EXIT } from '../exit-codes.js';
import { describeFsError, writeFileAtomic, WriteError } from '../runner/write.js';
import type { RemoteIo } from './remote.js';
import { openStudioApi, remoteCommand, remoteIo } from './remote.js';
import { command } from './spec.js';

export async function downtime(io: RemoteIo, options: { message?: string; out?: string; create?: boolean }, open: () => Promise<StudioApi>): Promise<number> {
  const definition = downtimeFlow(options.message);
  const text = exportText(definition);
  if (options.out) {
    try {
      writeFileAtomic(path.resolve(io.cwd, options.out), text);
    } catch (error) {
      io.stderr(`studio-lint: --out ${options.out}: cannot write it: ${error instanceof WriteError ? error.reason : describeFsError(error)}\n`);
      return EXIT.usage;
    }
  }
  if (!options.create) {
    if (!options.out) io.stdout(text);
    else io.stdout(`wrote ${options.out}\n`);
    return EXIT.ok;
  }
  const api = await open();
  const friendlyName = 'Downtime (Flex Conversations migration)';
  // Published: numbers pointed at a draft would not run it.
  const problems = await api.validate(friendlyName, 'published', definition as never);
  if (problems.length) {
    io.stderr(`studio-lint: Twilio refused the downtime flow: ${problems.map((p) => `${p.propertyPath}: ${p.message}`).join('; ')}\n`);
    return EXIT.problems;
  }
  const created = await api.createFlow({ friendlyName, status: 'published', definition: definition as never, commitMessage: 'studio-lint downtime-flow' });
  io.stdout(`created ${created.sid} '${created.friendlyName}'\nwebhook URL for your numbers' "A message comes in": ${created.webhookUrl}\n`);
  return EXIT.ok;
}

export const downtimeFlowCommand = command<[], { message?: string; out?: string; create?: boolean }>({
  name: 'downtime-flow',
  description: 'the temporary flow that answers new messages during the migration (Incoming Message to Send Message)',
  options: [
    { flags: '--message <text>', description: 'what it answers' },
    { flags: '--out <file>', description: 'write the definition to a file (default: standard output)' },
    { flags: '--create', description: 'validate it and create it, published, in the account; prints its SID and webhook URL' },
  ],
  run: (_args, options, context) => {
    const io = remoteIo(context);
    return options.create ? remoteCommand(io, (api) => downtime(io, options, () => Promise.resolve(api))) : downtime(io, options, () => openStudioApi(io.env));
  },
});

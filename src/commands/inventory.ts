/** `studio-lint inventory`: map the account (addresses, flows, numbers) before the migration (the seed guide's first step). */
import type { StudioApi } from '../twilio/client.js';
import { formatInventory, takeInventory } from '../twilio/inventory.js';
import { EXIT } from '../exit-codes.js';
import { progress } from './progress.js';
import type { RemoteIo } from './remote.js';
import { remoteCommand, remoteIo } from './remote.js';
import { command } from './spec.js';

export async function inventory(api: StudioApi, io: RemoteIo, options: { format?: string }): Promise<number> {
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'markdown') {
    io.stderr(`studio-lint: unknown format '${format}' (table, json or markdown)\n`);
    return EXIT.usage;
  }
  const bar = progress(io);
  const taken = await takeInventory(api, bar).finally(() => bar.end());
  io.stdout(formatInventory(taken, format));
  return EXIT.ok;
}

export const inventoryCommand = command<[], { format?: string }>({
  name: 'inventory',
  description: 'map the account: legacy addresses, Conversations addresses, numbers and flows, what moves together, an order',
  options: [{ flags: '--format <format>', description: 'table, json or markdown', default: 'table' }],
  run: (_args, options) => {
    const io = remoteIo();
    return remoteCommand(io, (api) => inventory(api, io, options));
  },
});

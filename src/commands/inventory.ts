/** `studio-lint inventory`: map the account (addresses, flows, numbers) before the migration (the seed guide's first step). */
import type { StudioApi } from '../twilio/client.js';
import { takeInventory } from '../twilio/inventory.js';
import type { FlowState, Inventory } from '../migration/inventory.js';
import { printable } from '../formatters/printable.js';
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

/** The inventory as a table (the terminal), JSON or Markdown (a pull request, an issue). */
export function formatInventory(inventory: Inventory, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return JSON.stringify(inventory, null, 2) + '\n';
  const md = format === 'markdown';
  const stateText: Record<FlowState, string> = { migrated: 'migrated', fixable: 'fixable by --fix', 'fixable-unsafe': 'fixable by --fix --unsafe-fixes, to review', 'needs-human': 'needs a human', 'not-messaging': 'not a messaging flow', 'not-in-migration': 'not in the migration (Incoming Message only, no Flex)' };
  // Names and addresses come from the account: shown, never acted on by the terminal.
  const rows = inventory.flows.map((f) => [
    f.friendlyName,
    f.sid,
    stateText[f.state] + (f.rules.length ? ` (${f.rules.join(', ')})` : ''),
    [...f.legacyAddresses.map((a) => `legacy ${a.channelType} ${a.address}`), ...f.numbers.map((n) => `number ${n.phoneNumber}`), ...f.conversationsAddresses.map((c) => `conversations ${c.type} ${c.address}`)].join('; ') || '-',
  ]);
  for (const r of rows) r.forEach((cell, i) => (r[i] = printable(cell)));
  const header = ['flow', 'sid', 'lint status', 'moves together'];
  let out = md ? '## Migration inventory\n\n' : 'Migration inventory\n\n';
  if (md) {
    out += `| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n`;
    for (const r of rows) out += `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |\n`;
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ') + '\n';
    out += line(header) + line(widths.map((w) => '-'.repeat(w)));
    for (const r of rows) out += line(r);
  }
  const name = (sid: string) => printable(inventory.flows.find((f) => f.sid === sid)?.friendlyName ?? sid);
  out += `\n${md ? '### ' : ''}Flags\n\n`;
  out += inventory.flags.length ? inventory.flags.map((f) => `- ${printable(f)}\n`).join('') : '- none\n';
  out += `\n${md ? '### ' : ''}Proposed order (one Studio flow at a time, simplest first)\n\n`;
  out += inventory.order.length ? inventory.order.map((sid, i) => `${i + 1}. ${name(sid)} (${sid})\n`).join('') : '- nothing to migrate\n';
  return out;
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

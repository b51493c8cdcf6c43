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
  io.stdout(formatInventory(taken, format, io.stdoutIsTty ? io.columns : undefined));
  return EXIT.ok;
}

/** Words of `text` in lines of at most `width` characters (a longer word stays whole), the later ones indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    if (lines.length && lines.at(-1)!.length + 1 + word.length <= width) lines[lines.length - 1] += ` ${word}`;
    else lines.push(lines.length ? indent + word : word);
  }
  return lines.join('\n');
}

/**
 * The inventory as a table (the terminal), JSON or Markdown (a pull request, an issue). On a terminal of `columns`
 * too narrow for the table's rows (its lint statuses and addresses make it 200 columns and more), each flow is a
 * block of lines wrapped to the terminal instead; piped, the table keeps a row per flow for grep and scripts.
 */
export function formatInventory(inventory: Inventory, format: 'table' | 'json' | 'markdown', columns?: number): string {
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
    const tableWidth = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
    if (columns !== undefined && tableWidth > columns) {
      const width = Math.max(columns, 40);
      const label = (name: string) => `  ${name.padEnd(16)}`;
      const indent = ' '.repeat(label('').length);
      for (const [flow, sid, status, moves] of rows) {
        out += `${wrap(`${flow} (${sid})`, width, '  ')}\n`;
        out += `${label('lint status')}${wrap(status!, width - indent.length, '').replace(/\n/g, `\n${indent}`)}\n`;
        out += `${label('moves together')}${wrap(moves!, width - indent.length, '').replace(/\n/g, `\n${indent}`)}\n`;
      }
    } else {
      const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ') + '\n';
      out += line(header) + line(widths.map((w) => '-'.repeat(w)));
      for (const r of rows) out += line(r);
    }
  }
  const name = (sid: string) => printable(inventory.flows.find((f) => f.sid === sid)?.friendlyName ?? sid);
  // A list item, wrapped on a terminal too narrow for it (the block layout's width), its later lines indented.
  const narrow = !md && columns !== undefined;
  const item = (text: string) => `${narrow ? wrap(`- ${text}`, Math.max(columns, 40), '  ') : `- ${text}`}\n`;
  out += `\n${md ? '### ' : ''}Flags\n\n`;
  out += inventory.flags.length ? inventory.flags.map((f) => item(printable(f))).join('') : '- none\n';
  out += `\n${md ? '### ' : ''}Proposed order (one Studio flow at a time, simplest first)\n\n`;
  out += inventory.order.length ? inventory.order.map((sid, i) => `${i + 1}. ${name(sid)} (${sid})\n`).join('') : '- nothing to migrate\n';
  if (inventory.notInOrder.length) {
    out += `\n${md ? '### ' : ''}In the migration, not in the order\n\n`;
    out += inventory.notInOrder.map((f) => item(`${name(f.sid)} (${f.sid}): ${printable(f.reason)}`)).join('');
  }
  return out;
}

export const inventoryCommand = command<[], { format?: string }>({
  name: 'inventory',
  description: 'map the account: legacy addresses, Conversations addresses, numbers and flows, what moves together, an order',
  options: [{ flags: '--format <format>', description: 'table, json or markdown', default: 'table' }],
  run: (_args, options, context) => {
    const io = remoteIo(context);
    return remoteCommand(io, (api) => inventory(api, io, options));
  },
});

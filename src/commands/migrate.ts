/**
 * The seed guide's manual first steps as commands: inventory (map addresses, flows and numbers),
 * downtime-flow (the temporary flow), graph (see a flow and its findings).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { activeRules, lintSource } from '../linter/lint.js';
import { dot, marksFrom, mermaid } from '../flow/graph.js';
import { classify, decodeSource } from '../flow/load.js';
import { Flow } from '../flow/model.js';
import { downtimeFlow } from '../migration/downtime-flow.js';
import type { StudioApi } from '../twilio/client.js';
import { formatInventory, takeInventory } from '../twilio/inventory.js';
import { exportText } from '../twilio/manifest.js';
import { EXIT } from '../exit-codes.js';
import { progress } from './progress.js';
import { describeFsError } from '../runner/write.js';
import type { Io } from './shared.js';
import type { RemoteIo } from './remote.js';

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

export async function downtime(io: RemoteIo, options: { message?: string; out?: string; create?: boolean }, open: () => Promise<StudioApi>): Promise<number> {
  const definition = downtimeFlow(options.message);
  const text = exportText(definition);
  if (options.out) {
    try {
      writeFileSync(path.resolve(io.cwd, options.out), text);
    } catch (error) {
      io.stderr(`studio-lint: --out ${options.out}: cannot write it: ${describeFsError(error)}\n`);
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

export function graph(io: Io, file: string, options: { format?: string }): number {
  const format = options.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    io.stderr(`studio-lint: unknown format '${format}' (mermaid or dot)\n`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = decodeSource(readFileSync(path.resolve(io.cwd, file))).text;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'EISDIR' ? 'is a folder: graph draws one flow file' : code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`;
    io.stderr(`studio-lint: ${file}: ${why}\n`);
    return EXIT.usage;
  }
  const c = classify(text);
  if (c.kind !== 'flows') {
    io.stderr(`studio-lint: ${file}: ${c.kind === 'invalid-json' ? c.message : c.kind === 'not-a-flow' ? `not a Studio flow definition: ${c.reason}` : c.reason}\n`);
    return EXIT.usage;
  }
  const findings = lintSource(file, { text, bom: false }, activeRules()).findings;
  for (const entry of c.flows) {
    const flow = new Flow(entry);
    const marks = marksFrom(findings.filter((f) => !entry.resource || f.flow === undefined || f.flow === (entry.resource.friendlyName ?? entry.resource.sid)));
    io.stdout(format === 'dot' ? dot(flow, marks) : mermaid(flow, marks));
  }
  return EXIT.ok;
}

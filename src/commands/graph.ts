/** `studio-lint graph <flow>`: a flow as a graph (Mermaid or DOT), widgets with findings marked. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintSource } from '../linter/lint.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { FileProcessor } from '../runner/process-file.js';
import { dot, marksFrom, mermaid } from '../flow/graph.js';
import { classify, decodeSource } from '../flow/load.js';
import { Flow } from '../flow/model.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from './shared.js';
import { defaultIo } from './shared.js';
import { command } from './spec.js';

export function graph(io: Io, file: string, options: { format?: string; config?: string; flow?: string }): number {
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
  // One drawing per run: two Mermaid flowcharts one after the other are no Mermaid document. A file of several
  // flows (twilio-cli's list, a JSON array of Flow resources) names the one to draw.
  const label = (e: (typeof c.flows)[number]) => (e.resource?.sid ? `${e.resource.sid} '${e.resource.friendlyName ?? ''}'` : `'${e.resource?.friendlyName ?? ''}'`);
  const listed = () => c.flows.map(label).join(', ');
  let entries = c.flows;
  if (options.flow !== undefined) {
    entries = c.flows.filter((e) => e.resource?.sid === options.flow || e.resource?.friendlyName === options.flow);
    if (entries.length === 0) {
      io.stderr(`studio-lint: ${file}: no flow '${options.flow}' in it (${listed()})\n`);
      return EXIT.usage;
    }
    entries = entries.slice(0, 1);
  } else if (c.flows.length > 1) {
    io.stderr(`studio-lint: ${file}: holds ${c.flows.length} flows: name one with --flow (${listed()})\n`);
    return EXIT.usage;
  }
  // The findings lint reports for this file: the config's rules and overrides, and its migration scope (the
  // config's "migration", what pull recorded), so the graph marks no widget lint calls clean.
  let processor: FileProcessor;
  try {
    processor = new FileProcessor({ config: loadConfig(io.cwd, options.config), cliRules: {}, formats: [], quiet: false, unsafeFixes: false, cwd: io.cwd, color: false });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`studio-lint: ${error.message}\n`);
    return EXIT.usage;
  }
  const absolute = path.resolve(io.cwd, file);
  const findings = lintSource(file, { text, bom: false }, processor.activeFor(absolute), { scope: processor.scopeFor(absolute) }).findings;
  for (const entry of entries) {
    const flow = new Flow(entry);
    const marks = marksFrom(findings.filter((f) => !entry.resource || f.flow === undefined || f.flow === (entry.resource.friendlyName ?? entry.resource.sid)));
    io.stdout(format === 'dot' ? dot(flow, marks) : mermaid(flow, marks));
  }
  return EXIT.ok;
}

export const graphCommand = command<[string], { format?: string; config?: string; flow?: string }>({
  name: 'graph',
  description: 'a flow as a graph: Trigger events as entry edges, widgets with findings marked',
  arguments: [['<flow>', 'a flow file']],
  options: [
    { flags: '--format <format>', description: 'mermaid or dot', default: 'mermaid' },
    { flags: '-c, --config <path>', description: 'use this config file instead of the nearest studio-lint.config.json' },
    { flags: '--flow <sid or name>', description: 'in a file of several flows (twilio-cli), the one to draw' },
  ],
  run: ([file], options, context) => graph(defaultIo(context), file, options),
});

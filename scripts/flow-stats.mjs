// Figures that describe a set of flows, so that the benchmark's generated set can be compared with the public
// corpus (issue 19): size, widgets, the mix of widget types, Liquid templates and Terraform placeholders per
// flow, the share of Chat-era flows. Findings per flow come from a lint report (see `findingsPerFlow`).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const TEMPLATE = /\{\{|\{%/g;
const TERRAFORM = /\$\{/g;

function countMatches(text, re) {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Walks every string of a parsed JSON value. */
function eachString(value, visit) {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) eachString(v, visit);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) eachString(v, visit);
}

export function flowStats(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const types = new Map();
  let bytes = 0, widgets = 0, templates = 0, terraform = 0, chat = 0, conversation = 0, parsed = 0;
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    bytes += Buffer.byteLength(text);
    terraform += countMatches(text, TERRAFORM);
    let flow;
    try {
      flow = JSON.parse(text);
    } catch {
      continue;
    }
    const definition = flow && typeof flow === 'object' && flow.definition && typeof flow.definition === 'object' ? flow.definition : flow;
    const states = Array.isArray(definition?.states) ? definition.states : [];
    parsed++;
    for (const state of states) {
      if (state?.type === 'trigger') {
        const wired = (event) => (state.transitions ?? []).some((t) => t?.event === event && t.next);
        if (wired('incomingMessage')) chat++;
        if (wired('incomingConversationMessage')) conversation++;
        continue;
      }
      widgets++;
      types.set(state?.type, (types.get(state?.type) ?? 0) + 1);
      eachString(state?.properties, (s) => (templates += countMatches(s, TEMPLATE)));
      eachString(state?.transitions, (s) => (templates += countMatches(s, TEMPLATE)));
    }
  }
  const mix = Object.fromEntries([...types].sort((a, b) => b[1] - a[1]).map(([type, n]) => [type, n / widgets]));
  return {
    flows: files.length,
    kibPerFlow: bytes / 1024 / files.length,
    widgetsPerFlow: widgets / parsed,
    templatesPerFlow: templates / parsed,
    terraformPerFlow: terraform / files.length,
    chatShare: chat / parsed,
    conversationShare: conversation / parsed,
    mix,
  };
}

/** Findings per flow in a `--format json` report. */
export function findingsPerFlow(reportFile) {
  const files = JSON.parse(readFileSync(reportFile, 'utf8'));
  const findings = files.reduce((n, f) => n + f.messages.length, 0);
  return findings / files.length;
}

if (process.argv[1]?.endsWith('flow-stats.mjs')) {
  for (const dir of process.argv.slice(2)) console.log(dir, JSON.stringify(flowStats(dir), null, 1));
}

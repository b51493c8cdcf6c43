/**
 * One flow test file: its flow loaded, each case run and checked, optionally again on the migrated flow
 * (`--against`), and what the cases covered.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { classify, decodeSource } from '../flow/load.js';
import { Flow } from '../flow/model.js';
import { behaviourDifferences, caseForMigratedFlow } from './against.js';
import { compare, type Difference } from './expect.js';
import { runCase, type Execution } from './runner.js';
import { FLOWTEST_SUFFIX, FlowTestError, parseFlowTest, type FlowTestFile } from './testfile.js';

export interface CaseResult {
  name: string;
  pointer: string;
  passed: boolean;
  differences: Difference[];
  execution: Execution;
  /** The run on the migrated flow, with --against. */
  against?: Execution;
}

export interface Coverage {
  widgets: { total: number; run: number; notRun: string[] };
  /** Wired transitions (with a next widget), the Trigger's included, as `widget.event → next`. */
  transitions: { total: number; taken: number; notTaken: string[] };
}

export interface SuiteResult {
  /** The test file. */
  file: string;
  /** The flow file it tests. */
  flow: string;
  /** The migrated flow, with --against. */
  against?: string;
  cases: CaseResult[];
  coverage: Coverage;
}

/** A test file that cannot run: named, with the JSON pointer of the problem. */
export interface SuiteError {
  file: string;
  pointer: string;
  message: string;
}

export interface SuiteOptions {
  /** The migrated flow to prove the cases on: a file, or a folder holding a flow of the same file name. */
  against?: string;
}

export function runSuite(file: string, options: SuiteOptions = {}): SuiteResult | SuiteError {
  let spec: FlowTestFile;
  try {
    spec = parseFlowTest(readFileSync(file, 'utf8'), file.endsWith(FLOWTEST_SUFFIX) ? 'json' : 'yaml');
  } catch (error) {
    if (error instanceof FlowTestError) return { file, pointer: error.pointer, message: error.message };
    return { file, pointer: '', message: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const flowFile = path.resolve(path.dirname(file), spec.flow);
  const flow = loadFlow(flowFile);
  if (typeof flow === 'string') return { file, pointer: '/flow', message: `${spec.flow}: ${flow}` };
  let migrated: Flow | undefined;
  let againstFile: string | undefined;
  if (options.against !== undefined) {
    againstFile = isDirectory(options.against) ? path.join(options.against, path.basename(flowFile)) : options.against;
    const loaded = loadFlow(againstFile);
    if (typeof loaded === 'string') return { file, pointer: '/flow', message: `the migrated flow ${againstFile}: ${loaded}` };
    migrated = loaded;
  }
  const cases = spec.cases.map((testCase): CaseResult => {
    const execution = runCase(flow, testCase);
    const differences = compare(testCase.expect, execution);
    // A case that names a widget the flow lacks is wrong, whatever the execution did.
    for (const name of Object.keys(testCase.widgets)) {
      if (!flow.byName.has(name)) differences.push({ expectation: 'widgets', widget: name, expected: name, actual: null, message: `"widgets" names '${name}', which is not a widget of ${spec.flow}` });
    }
    const result: CaseResult = { name: testCase.name, pointer: testCase.pointer, passed: false, differences, execution };
    if (migrated) {
      result.against = runCase(migrated, caseForMigratedFlow(testCase, migrated));
      differences.push(...behaviourDifferences(execution, result.against));
    }
    result.passed = differences.length === 0;
    return result;
  });
  return { file, flow: flowFile, ...(againstFile && { against: againstFile }), cases, coverage: coverage(flow, cases.map((c) => c.execution)) };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function loadFlow(file: string): Flow | string {
  let text: string;
  try {
    text = decodeSource(readFileSync(file)).text;
  } catch (error) {
    return `cannot read the flow (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const classified = classify(text);
  if (classified.kind === 'invalid-json') return classified.message;
  if (classified.kind !== 'flows') return `not a flow: ${classified.reason}`;
  if (classified.flows.length !== 1) return `holds ${classified.flows.length} flows; a flow test tests one`;
  return new Flow(classified.flows[0]!);
}

function coverage(flow: Flow, runs: Execution[]): Coverage {
  const ran = new Set(runs.flatMap((r) => r.path));
  const taken = new Set<string>();
  for (const r of runs) {
    if (r.triggerTransition !== undefined) taken.add(`${flow.trigger?.name}#${r.triggerTransition}`);
    for (const s of r.steps) if (s.transition !== undefined) taken.add(`${s.widget}#${s.transition}`);
  }
  const widgets = flow.widgets.filter((w) => w !== flow.trigger);
  const transitions = flow.widgets.flatMap((w) => w.transitions.filter((t) => t.next !== undefined).map((t) => ({ key: `${w.name}#${t.index}`, label: `${w.name}.${t.event}${t.event === 'match' ? `[${t.index}]` : ''} → ${t.next}` })));
  return {
    widgets: { total: widgets.length, run: widgets.filter((w) => ran.has(w.name)).length, notRun: widgets.filter((w) => !ran.has(w.name)).map((w) => w.name) },
    transitions: { total: transitions.length, taken: transitions.filter((t) => taken.has(t.key)).length, notTaken: transitions.filter((t) => !taken.has(t.key)).map((t) => t.label) },
  };
}

export const isSuiteError = (r: SuiteResult | SuiteError): r is SuiteError => 'message' in r;

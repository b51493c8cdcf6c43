// npm run bench: the performance targets (issues 3, 14, 19), measured side by side in one run on generated
// flows. Prints medians and ratios and exits 1 when a target is missed. A benchmark, not a test: CI never runs it.
//
//   BENCH_RUNS=5           runs per measurement (median)
//   BENCH_COMPARE=1        also time ESLint (@eslint/json). Spectral is always timed (issue 19's target): it is
//                          installed once into node_modules/.cache/studio-lint-bench (the npm registry is needed
//                          the first time; without it that target is reported as missed)
//   BENCH_ONLY=many-findings  only issue 26's lines: flows with very many findings and fixes
//   BENCH_ONLY=diff        only issue 28's line: diffing 1,000 flow pairs against linting them
//   BENCH_ONLY=promote     only issue 27's line: requests per flow of pull and push --promote
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus, generateDenseFindingsFlow, generateLargeFlow, generateLoopFlow, generateRealisticCorpus, generateUndefinedReferencesFlow } from './generate-flows.mjs';
import { findingsPerFlow, flowStats } from './flow-stats.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'studio-lint-bench-'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const results = [];

function run(command, args, { cwd = work } = {}) {
  const start = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const rssMb = TIME ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
  return { seconds, rssMb };
}

/** A target that is a minimum (NaN: not measured, a miss). */
function targetAtLeast(name, value, limit) {
  const ok = value >= limit;
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${Number.isNaN(value) ? 'not measured' : `${value.toFixed(1)}×`} (target ≥ ${limit}×)`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median time (and the peak memory of the median run) over RUNS runs; `before` runs untimed first. */
function measure(label, command, args, before) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    before?.();
    samples.push(run(command, args));
  }
  const seconds = median(samples.map((s) => s.seconds));
  const rssMb = median(samples.map((s) => s.rssMb));
  console.log(`  ${label.padEnd(44)} ${seconds.toFixed(3)} s   ${Number.isNaN(rssMb) ? '' : `${rssMb.toFixed(0)} MB`}`);
  return { seconds, rssMb };
}

function target(name, value, limit, unit = '×') {
  const ok = value <= limit;
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${value.toFixed(2)}${unit} (target ≤ ${limit}${unit})`);
}

const floorScript = path.join(work, 'floor.cjs');
writeFileSync(
  floorScript,
  `const fs = require('fs'), path = require('path');
const [target] = process.argv.slice(2);
const files = fs.statSync(target).isDirectory() ? fs.readdirSync(target).filter((f) => f.endsWith('.json')).map((f) => path.join(target, f)) : [target];
for (const f of files) JSON.parse(fs.readFileSync(f, 'utf8'));\n`,
);

// The report floor (issue 19): read and parse the files, build the report's file entries (copied from a finished
// report, no analysis), serialise and write them as the JSON format does. Copying the finished report in is
// preparation, not timed: the script prints the seconds of the rest, and Node's start is added to them.
const reportFloorScript = path.join(work, 'report-floor.cjs');
writeFileSync(
  reportFloorScript,
  `const fs = require('fs'), path = require('path');
const [target, finished, output] = process.argv.slice(2);
const byFile = new Map(JSON.parse(fs.readFileSync(finished, 'utf8')).map((r) => [r.filePath, r]));
const start = process.hrtime.bigint();
const files = fs.readdirSync(target).filter((f) => f.endsWith('.json')).map((f) => path.join(target, f));
const parts = [];
for (const f of files) {
  JSON.parse(fs.readFileSync(f, 'utf8'));
  const r = byFile.get(path.resolve(f));
  parts.push(Buffer.from(JSON.stringify({ ...r, messages: r.messages.map((m) => ({ ...m })) })));
}
fs.writeFileSync(output, Buffer.concat([Buffer.from('['), ...parts.flatMap((p, i) => (i ? [Buffer.from(','), p] : [p])), Buffer.from(']\\n')]));
console.log(Number(process.hrtime.bigint() - start) / 1e9);\n`,
);

/** Median of a self-timed script's printed seconds over RUNS runs, plus `offset` (Node's start). */
function measureSelfTimed(label, args, offset) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    samples.push(Number(r.stdout.trim()) + offset);
  }
  const seconds = median(samples);
  console.log(`  ${label.padEnd(44)} ${seconds.toFixed(3)} s`);
  return { seconds };
}

/** Spectral, installed once into a cache folder beside node_modules; undefined when it cannot be installed. */
function spectralBin() {
  const tools = path.join(ROOT, 'node_modules', '.cache', 'studio-lint-bench');
  const bin = path.join(tools, 'node_modules', '.bin', 'spectral');
  if (!existsSync(bin)) {
    const install = spawnSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '--no-save', '@stoplight/spectral-cli@6'], { encoding: 'utf8' });
    if (install.status !== 0 || !existsSync(bin)) return undefined;
  }
  return bin;
}

if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: npm run bench builds it first');
console.log(`studio-lint benchmark: ${RUNS} runs per measurement, medians; work folder ${work}\n`);

/**
 * Issue 26: flows with very many findings. --fix must cost about what lint costs however many fixes there are
 * (choosing the non-conflicting fixes compared each with every taken edit: 10,000 fixes took 17 s), and lint
 * must stay linear in findings (locating a finding searched the rest of the text for a backslash: the 50 MB
 * flow below took 79 CPU seconds). Each flow is measured at most three times (they take seconds).
 */
function manyFindings() {
  const runs = Math.min(RUNS, 3);
  const flowFile = (name, flow) => {
    const file = path.join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(flow, null, 2));
    return file;
  };
  const lintOf = (label, file) => measureN(label, runs, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'many-out.json'), file]);
  const fixOf = (label, file) => {
    const copy = `${file}.fix.json`;
    // --unsafe-fixes: the generated Chat-era flows read From and To, which makes their Trigger move (and the
    // renames that go with it) unsafe; all of their fixes are applied only so.
    return measureN(label, runs, [CLI, 'lint', '--fix', '--unsafe-fixes', '--format', 'json', '--output-file', path.join(work, 'many-fix.json'), copy], () => cpSync(file, copy));
  };
  // A Chat-era flow has about 2.2 fixable findings per widget (safe or unsafe).
  const fixes10k = flowFile('fixes-10k', generateLargeFlow(4600, 1, 'incomingMessage'));
  const lint10k = lintOf('lint, 10,000 fixable findings', fixes10k);
  const fix10k = fixOf('lint --fix, 10,000 fixable findings', fixes10k);
  const fixes30k = flowFile('fixes-30k', generateLargeFlow(13700, 1, 'incomingMessage'));
  const lint30k = lintOf('lint, 30,000 fixable findings', fixes30k);
  const fix30k = fixOf('lint --fix, 30,000 fixable findings', fixes30k);
  const dense = flowFile('dense', generateDenseFindingsFlow(26100, 21));
  const lintDense = lintOf('lint, 50 MB flow, 600,000 findings', dense);
  const fixDense = fixOf('lint --fix, 50 MB flow, 600,000 findings', dense);
  const undefinedRefs = flowFile('undefined-refs', generateUndefinedReferencesFlow(75000));
  const lintUndefined = lintOf('lint, 75,000 widgets, 18,750 undefined refs', undefinedRefs);
  return () => {
    target('--fix against lint, 10,000 fixes', fix10k.seconds / lint10k.seconds, 2);
    target('--fix against lint, 30,000 fixes', fix30k.seconds / lint30k.seconds, 2);
    target('lint, 50 MB flow with 600,000 findings', lintDense.seconds, 10, ' s');
    target('peak memory, lint of the 50 MB flow with 600,000 findings', lintDense.rssMb, 1024, ' MB');
    target('lint --fix, 50 MB flow with 600,000 findings', fixDense.seconds, 20, ' s');
    target('lint, 75,000 widgets with 18,750 undefined widget references', lintUndefined.seconds, 10, ' s');
  };
}

/** measure() with its own number of runs. */
function measureN(label, runs, args, before) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    samples.push(run(process.execPath, args));
  }
  const seconds = median(samples.map((s) => s.seconds));
  const rssMb = median(samples.map((s) => s.rssMb));
  console.log(`  ${label.padEnd(44)} ${seconds.toFixed(3)} s   ${Number.isNaN(rssMb) ? '' : `${rssMb.toFixed(0)} MB`}`);
  return { seconds, rssMb };
}

// Issue 28: diffing 1,000 flow pairs costs at most twice linting them. The realistic flows are committed in a
// git repository, then each is edited in the working tree (one widget moved, one property changed, one added):
// `diff --since HEAD` over the folder reads the committed versions from git and diffs every pair.
function diffPairs(flows) {
  const diffRepo = path.join(work, 'diff-repo');
  cpSync(flows, diffRepo, { recursive: true });
  const gitIn = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: diffRepo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  gitIn('init', '-q');
  gitIn('add', '.');
  gitIn('commit', '-q', '-m', 'flows');
  for (const name of readdirSync(diffRepo).filter((f) => f.endsWith('.json'))) {
    const file = path.join(diffRepo, name);
    const flow = JSON.parse(readFileSync(file, 'utf8'));
    const widgets = flow.states.filter((s) => s.type !== 'trigger');
    if (widgets[0]) widgets[0].properties.offset = { x: 1234, y: 5678 };
    const last = widgets.at(-1);
    if (last) last.properties.bench = 'edited';
    writeFileSync(file, JSON.stringify(flow, null, 2));
  }
  const lintEdited = measure('studio-lint lint, the 1,000 edited flows', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'diff-lint.json'), diffRepo]);
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'diff', '--since', 'HEAD', '--format', 'json', diffRepo], { cwd: diffRepo, encoding: 'utf8', maxBuffer: 1 << 30 });
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (r.status !== 1) throw new Error(`studio-lint diff exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    if (i === 0 && JSON.parse(r.stdout).length !== 1000) throw new Error('studio-lint diff did not report the 1,000 edited flows');
  }
  const diffSeconds = median(samples);
  console.log(`  ${'studio-lint diff --since HEAD, 1,000 pairs'.padEnd(44)} ${diffSeconds.toFixed(3)} s`);
  return () => target('diff, 1,000 flow pairs, against linting them', diffSeconds / lintEdited.seconds, 2);
}

/** The end of a run: the work folder removed, how many targets were met, exit 1 if any was missed. */
function finish() {
  rmSync(work, { recursive: true, force: true });
  const missed = results.filter((r) => !r.ok).length;
  console.log(`\n${results.length - missed} of ${results.length} targets met`);
  process.exitCode = missed > 0 ? 1 : 0;
}

/** A BENCH_ONLY run: its measurements made, its targets reported, then the end (and nothing else runs). */
function onlyThese(report) {
  console.log('\ntargets:');
  report();
  finish();
  process.exit();
}

if (process.env.BENCH_ONLY === 'diff') {
  const flows = path.join(work, 'flows-realistic');
  generateRealisticCorpus(flows, 1000, 1);
  console.log('flow diffs (issue 28): 1,000 realistic flows, each edited');
  onlyThese(diffPairs(flows));
}

/**
 * Issue 27: pull from one account and push --promote --create into another, 200 flows with 11 account-specific
 * references each, against the test suite's stand-in Twilio API (bundled here with esbuild) on 127.0.0.1:
 * requests per flow, in each account. The lookups are one listing per resource kind: the figure tends to the
 * writes (a validation and the create) and the pull's fetch, whatever the number of references.
 */
async function promoteRequests() {
  const { buildSync } = await import('esbuild');
  const bundle = path.join(work, 'stand-in.mjs');
  buildSync({ entryPoints: [path.join(ROOT, 'test', 'support', 'studio-api.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error' });
  const { StudioApiStandIn, ACCOUNT_B } = await import(bundle);
  const a = new StudioApiStandIn();
  const b = a.serve(new StudioApiStandIn(ACCOUNT_B));
  await a.start();
  const FLOWS = 200;
  const names = (account) => {
    const service = account.addService('tools', [{ unique_name: 'dev', domain_suffix: 'dev' }], ['/crm/lookup', '/hours']);
    const workspace = account.addWorkspace('Flex Task Assignment', { workflows: ['VIP'], taskChannels: ['chat'], taskQueues: ['Everyone'] });
    return { service, workspace, messaging: account.addMessagingService('Notifications'), number: (account.addNumber('+15005550006'), '+15005550006') };
  };
  const inA = names(a);
  names(b);
  const w = (name, type, next, properties) => ({ name, type, transitions: next ? [{ event: Object.keys(next)[0], next: Object.values(next)[0] }] : [], properties: { offset: { x: 0, y: 0 }, ...properties } });
  const subflow = a.addFlow('Lookup subflow', { description: '', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states: [w('Trigger', 'trigger', { incomingParent: 'done' }, {}), w('done', 'set-variables', undefined, { variables: [] })] });
  const env = inA.service.environments[0];
  for (let i = 0; i < FLOWS; i++) {
    a.addFlow(`Main ${i}`, {
      description: '',
      initial_state: 'Trigger',
      flags: { allow_concurrent_calls: true },
      states: [
        w('Trigger', 'trigger', { incomingConversationMessage: 'fn' }, {}),
        w('fn', 'run-function', { success: 'sub' }, { service_sid: inA.service.sid, environment_sid: env.sid, function_sid: inA.service.functions[0].sid, url: `https://${env.domain_name}/crm/lookup`, parameters: [] }),
        w('sub', 'run-subflow', { completed: 'sms' }, { flow_sid: subflow, flow_revision: 'LatestPublished', parameters: [] }),
        w('sms', 'send-message', { sent: 'flex' }, { body: 'Hello', from: inA.number, to: '{{contact.channel.address}}', service: inA.messaging }),
        w('flex', 'send-to-flex', undefined, { workflow: inA.workspace.workflows[0].sid, channel: inA.workspace.taskChannels[0].sid, attributes: `{"queue": "${inA.workspace.taskQueues[0].sid}", "hours": "https://${env.domain_name}/hours"}` }),
      ],
    });
  }
  // The stand-in answers in this process: the CLI runs beside it, not blocking it.
  const cli = (args, account) =>
    new Promise((resolve) => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env: { ...process.env, ...account.env(), NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
    });
  const pulled = await cli(['pull', '--out', 'promoted-flows'], a);
  const promoted = await cli(['push', '--promote', '--create', '--no-verify', 'promoted-flows'], b);
  await a.stop();
  if (pulled.status !== 0 || promoted.status !== 0) throw new Error(`promotion bench: pull exited ${pulled.status}, push --promote ${promoted.status}: ${(pulled.stderr + promoted.stderr).slice(0, 500)}`);
  const flows = FLOWS + 1;
  console.log(`  ${'promote: requests per flow, pull (source)'.padEnd(44)} ${(a.requests.length / flows).toFixed(2)}   ${pulled.seconds.toFixed(3)} s`);
  console.log(`  ${'promote: requests per flow, push --promote'.padEnd(44)} ${(b.requests.length / flows).toFixed(2)}   ${promoted.seconds.toFixed(3)} s   (${flows} flows, ${FLOWS * 11} references)`);
  return () => target('promote: requests per flow into the target (200 flows, 2,200 references)', b.requests.length / flows, 2.5, '');
}

if (process.env.BENCH_ONLY === 'promote') {
  console.log('promotion between accounts (issue 27):');
  onlyThese(await promoteRequests());
}

if (process.env.BENCH_ONLY === 'many-findings') {
  console.log('many findings (issue 26):');
  onlyThese(manyFindings());
}

const corpus = path.join(work, 'flows-1000');
const mib = generateCorpus(corpus, 1000, 1) / 1048576;
console.log(`generated 1,000 flows (${mib.toFixed(1)} MiB, seed 1)`);

const floor = measure('floor: node reads + JSON.parses the files', process.execPath, [floorScript, corpus]);
const lint = measure('studio-lint lint --format json', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'out.json'), corpus]);
const nodeStart = measure('node -e 0 (Node\'s start)', process.execPath, ['-e', '0']);
const reportFloor = measureSelfTimed('report floor: read, parse, write that report', [reportFloorScript, corpus, path.join(work, 'out.json'), path.join(work, 'floor-out.json')], nodeStart.seconds);
/** --fix over a fresh copy of `flows` each run (the copy is made untimed). */
function measureFix(flows, name) {
  const copy = path.join(work, `${name}-copy`);
  return measure('studio-lint lint --fix --format json', process.execPath, [CLI, 'lint', '--fix', '--format', 'json', '--output-file', path.join(work, `${name}-fix.json`), copy], () => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(flows, copy, { recursive: true });
  });
}
const fix = measureFix(corpus, 'generated');

const cacheFile = path.join(work, 'lint.cache');
const cacheArgs = [CLI, 'lint', '--cache', '--cache-location', cacheFile, '--format', 'json', '--output-file', path.join(work, 'out-cache.json'), corpus];
run(process.execPath, cacheArgs); // fill the cache
const cached = measure('studio-lint lint --cache, nothing changed', process.execPath, cacheArgs);

const one = path.join(corpus, readdirSync(corpus).sort()[0]);
const floorOne = measure('floor, one file: node -e read + parse', process.execPath, [floorScript, one]);
const lintOne = measure('studio-lint lint, one file (pre-commit)', process.execPath, [CLI, 'lint', '--format', 'json', one]);

const large = path.join(work, 'large.json');
writeFileSync(large, JSON.stringify(generateLargeFlow(2000), null, 2));
const lintLarge = measure('studio-lint lint, one flow of 2,000 widgets', process.execPath, [CLI, 'lint', '--format', 'json', large]);
// The loop rules' worst case (issue 29): 2,000 widgets that all loop without waiting, one strongly connected whole.
const looping = path.join(work, 'looping.json');
writeFileSync(looping, JSON.stringify(generateLoopFlow(2000), null, 2));
const lintLooping = measure('lint, 2,000 widgets that all loop', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'looping-out.json'), looping]);

// Issue 14's scale case: one generated flow of 75,200 widgets plus its Trigger (57 MB), measured once per
// run (it takes seconds); and flows whose widgets were all renamed, so that every transition dangles and asks
// for a "did you mean" hint, at 5,000 and 40,000 widgets: time per widget must not grow with the flow
// (comparing each reference with every name did: 5k/20k/40k widgets took 1.2/6/24 s).
const huge = path.join(work, 'huge.json');
writeFileSync(huge, JSON.stringify(generateLargeFlow(75200), null, 2));
const hugeRuns = Math.min(RUNS, 3);
const lintHuge = (() => {
  const samples = [];
  for (let i = 0; i < hugeRuns; i++) samples.push(run(process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'huge-out.json'), huge]));
  const seconds = median(samples.map((s) => s.seconds));
  const rssMb = median(samples.map((s) => s.rssMb));
  console.log(`  ${'studio-lint lint, one flow of 75,200 widgets'.padEnd(44)} ${seconds.toFixed(3)} s   ${Number.isNaN(rssMb) ? '' : `${rssMb.toFixed(0)} MB`}`);
  return { seconds, rssMb };
})();
rmSync(huge);
function renamedFlow(widgets) {
  const flow = generateLargeFlow(widgets);
  for (const state of flow.states.slice(1)) state.name += '_renamed';
  const file = path.join(work, `renamed-${widgets}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}
const renamed5k = measure('lint, 5,000 renamed widgets (hints)', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'r5.json'), renamedFlow(5000)]);
const renamed40k = measure('lint, 40,000 renamed widgets (hints)', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'r40.json'), renamedFlow(40000)]);

const corpus4k = path.join(work, 'flows-4000');
generateCorpus(corpus4k, 4000, 2);
const lint4k = measure('studio-lint lint, 4,000 flows', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'out4k.json'), corpus4k]);

console.log('\nmany findings (issue 26):');
const manyFindingsTargets = manyFindings();

console.log('\npromotion between accounts (issue 27):');
const promoteTarget = await promoteRequests();

// The public corpus beside the project, when it is there (as in CI): real flows, a finding density of real flows.
const publicCorpus = path.resolve(ROOT, '..', 'shared', 'corpus', 'flows');
let publicFix;
let publicStats;
let publicFindings;
if (existsSync(publicCorpus)) {
  const files = readdirSync(publicCorpus).filter((f) => f.endsWith('.json')).length;
  console.log(`\npublic corpus (${files} flows, ${publicCorpus}):`);
  const publicFloor = measure('floor', process.execPath, [floorScript, publicCorpus]);
  const publicLint = measure('studio-lint lint --format json', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'public.json'), publicCorpus]);
  publicStats = flowStats(publicCorpus);
  publicFindings = findingsPerFlow(path.join(work, 'public.json'));
  const fixed = measureFix(publicCorpus, 'public');
  console.log(`  lint ${(publicLint.seconds / publicFloor.seconds).toFixed(2)}× its floor`);
  publicFix = fixed.seconds / publicLint.seconds;
}

// Issue 19: flows as they really are. A set generated to match the public corpus (its widget counts and type
// mix, templates per flow, Terraform placeholders, share of Chat-era flows, findings per flow), timed against
// its floor and against Spectral with a two-rule ruleset on the same files.
const realistic = path.join(work, 'flows-realistic');
const realisticMib = generateRealisticCorpus(realistic, 1000, 1) / 1048576;
console.log(`\nrealistic density: 1,000 flows generated to match the public corpus (${realisticMib.toFixed(1)} MiB, seed 1)`);
const realisticFloor = measure('floor', process.execPath, [floorScript, realistic]);
const realisticLint = measure('studio-lint lint --format json', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'realistic.json'), realistic]);
const diffTarget = diffPairs(realistic);
const spectral = spectralBin();
let realisticSpectral;
if (spectral) {
  writeFileSync(path.join(work, '.spectral.yaml'), "rules:\n  trigger-message:\n    given: $..*\n    then: {function: pattern, functionOptions: {notMatch: 'trigger\\\\.message'}}\n  states:\n    given: $\n    then: {field: states, function: truthy}\n");
  const runs = Math.min(RUNS, 3);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(run(spectral, ['lint', '-r', path.join(work, '.spectral.yaml'), '-f', 'json', '-o', path.join(work, 'spectral.json'), `${realistic}/*.json`]).seconds);
  realisticSpectral = median(samples);
  console.log(`  ${'Spectral, two-rule ruleset'.padEnd(44)} ${realisticSpectral.toFixed(3)} s`);
} else console.log('  Spectral could not be installed (is the npm registry reachable?)');
{
  const mine = flowStats(realistic);
  const theirs = publicStats;
  const row = (label, a, b, digits = 1) => console.log(`  ${label.padEnd(36)} ${a.toFixed(digits).padStart(8)} ${b === undefined ? '' : b.toFixed(digits).padStart(10)}`);
  console.log(`\n  ${''.padEnd(36)} ${'generated'.padStart(8)} ${theirs ? 'public corpus'.padStart(10) : ''}`);
  row('KiB per flow', mine.kibPerFlow, theirs?.kibPerFlow);
  row('widgets per flow', mine.widgetsPerFlow, theirs?.widgetsPerFlow);
  row('Liquid templates per flow', mine.templatesPerFlow, theirs?.templatesPerFlow);
  row('Terraform placeholders per flow', mine.terraformPerFlow, theirs?.terraformPerFlow);
  row('% on Incoming Message (Chat era)', mine.chatShare * 100, theirs && theirs.chatShare * 100);
  row('% on Incoming Conversation', mine.conversationShare * 100, theirs && theirs.conversationShare * 100);
  row('findings per flow', findingsPerFlow(path.join(work, 'realistic.json')), theirs && publicFindings);
  for (const type of Object.keys(theirs?.mix ?? mine.mix).slice(0, 10)) row(`% ${type}`, (mine.mix[type] ?? 0) * 100, theirs && theirs.mix[type] * 100);
}

if (process.env.BENCH_COMPARE) {
  console.log('\ncomparison (installing the other linters into the work folder):');
  const tools = path.join(work, 'tools');
  const install = spawnSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', 'eslint', '@eslint/json'], { encoding: 'utf8' });
  if (install.status === 0) {
    // Beside the tools' node_modules, so that the config's import of @eslint/json resolves.
    writeFileSync(path.join(tools, 'eslint.config.mjs'), "import json from '@eslint/json';\nexport default [{ files: ['**/*.json'], language: 'json/json', plugins: { json }, rules: { 'json/no-duplicate-keys': 'error' } }];\n");
    const eslint = measure('ESLint with @eslint/json', path.join(tools, 'node_modules', '.bin', 'eslint'), ['-c', path.join(tools, 'eslint.config.mjs'), '-f', 'json', '-o', path.join(work, 'eslint.json'), corpus]);
    console.log(`  ratios to the floor: ESLint ${(eslint.seconds / floor.seconds).toFixed(1)}×, studio-lint ${(lint.seconds / floor.seconds).toFixed(1)}×`);
  } else console.log('  could not install them; skipped');
} else console.log('\n(ESLint comparison skipped: set BENCH_COMPARE=1)');

console.log('\ntargets:');
target('realistic density: lint, 1,000 flows, against the floor', realisticLint.seconds / realisticFloor.seconds, 2.5);
targetAtLeast('realistic density: how many times faster than Spectral', realisticSpectral === undefined ? NaN : realisticSpectral / realisticLint.seconds, 20);
console.log(`      (high density: lint ${(lint.seconds / floor.seconds).toFixed(2)}× the read+parse floor)`);
target('high density: lint against the report floor', lint.seconds / reportFloor.seconds, 2);
target('lint, one file, against node -e', lintOne.seconds / floorOne.seconds, 1.5);
target('--fix against lint', fix.seconds / lint.seconds, 2);
diffTarget();
if (publicFix !== undefined) target('--fix against lint, public corpus', publicFix, 2);
target('--cache re-run with nothing changed, against the floor', cached.seconds / floor.seconds, 1.5);
target('peak memory, 1,000 flows', lint.rssMb, 300, ' MB');
target('memory growth, 4,000 flows against 1,000 (linear: ≤ 4)', lint4k.rssMb / lint.rssMb, 4);
target('one flow of 2,000 widgets', lintLarge.seconds, 1, ' s');
target('one flow of 2,000 widgets that all loop', lintLooping.seconds, 1, ' s');
target('one flow of 75,200 widgets (57 MB)', lintHuge.seconds, 10, ' s');
target('peak memory, one flow of 75,200 widgets', lintHuge.rssMb, 1024, ' MB');
target('time per widget, 40,000 renamed widgets against 5,000 (linear: ≤ 1.5)', renamed40k.seconds / 8 / renamed5k.seconds, 1.5);
manyFindingsTargets();
promoteTarget();

finish();

// npm run bench: the performance targets of issue 3, measured side by side in one run on generated flows.
// Prints medians and ratios and exits 1 when a target is missed. A benchmark, not a test: CI never runs it.
//
//   BENCH_RUNS=5           runs per measurement (median)
//   BENCH_COMPARE=1        also time Spectral and ESLint (@eslint/json), installed into a temporary folder
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus, generateLargeFlow } from './generate-flows.mjs';

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

if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: npm run bench builds it first');
console.log(`studio-lint benchmark: ${RUNS} runs per measurement, medians; work folder ${work}\n`);

const corpus = path.join(work, 'flows-1000');
const mib = generateCorpus(corpus, 1000, 1) / 1048576;
console.log(`generated 1,000 flows (${mib.toFixed(1)} MiB, seed 1)`);

const floor = measure('floor: node reads + JSON.parses the files', process.execPath, [floorScript, corpus]);
const lint = measure('studio-lint lint --format json', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'out.json'), corpus]);
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

// The public corpus beside the project, when it is there (as in CI): real flows, a finding density of real flows.
const publicCorpus = path.resolve(ROOT, '..', 'shared', 'corpus', 'flows');
let publicFix;
if (existsSync(publicCorpus)) {
  const files = readdirSync(publicCorpus).filter((f) => f.endsWith('.json')).length;
  console.log(`\npublic corpus (${files} flows, ${publicCorpus}):`);
  const publicFloor = measure('floor', process.execPath, [floorScript, publicCorpus]);
  const publicLint = measure('studio-lint lint --format json', process.execPath, [CLI, 'lint', '--format', 'json', '--output-file', path.join(work, 'public.json'), publicCorpus]);
  const fixed = measureFix(publicCorpus, 'public');
  console.log(`  lint ${(publicLint.seconds / publicFloor.seconds).toFixed(2)}× its floor`);
  publicFix = fixed.seconds / publicLint.seconds;
}

if (process.env.BENCH_COMPARE) {
  console.log('\ncomparison (installing the other linters into the work folder):');
  const tools = path.join(work, 'tools');
  const install = spawnSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '@stoplight/spectral-cli', 'eslint', '@eslint/json'], { encoding: 'utf8' });
  if (install.status === 0) {
    writeFileSync(path.join(work, '.spectral.yaml'), "rules:\n  trigger-message:\n    given: $..*\n    then: {function: pattern, functionOptions: {notMatch: 'trigger\\\\.message'}}\n  states:\n    given: $\n    then: {field: states, function: truthy}\n");
    const spectral = measure('Spectral, two-rule ruleset', path.join(tools, 'node_modules', '.bin', 'spectral'), ['lint', '-r', path.join(work, '.spectral.yaml'), '-f', 'json', '-o', path.join(work, 'spectral.json'), `${corpus}/*.json`]);
    // Beside the tools' node_modules, so that the config's import of @eslint/json resolves.
    writeFileSync(path.join(tools, 'eslint.config.mjs'), "import json from '@eslint/json';\nexport default [{ files: ['**/*.json'], language: 'json/json', plugins: { json }, rules: { 'json/no-duplicate-keys': 'error' } }];\n");
    const eslint = measure('ESLint with @eslint/json', path.join(tools, 'node_modules', '.bin', 'eslint'), ['-c', path.join(tools, 'eslint.config.mjs'), '-f', 'json', '-o', path.join(work, 'eslint.json'), corpus]);
    console.log(`  ratios to the floor: Spectral ${(spectral.seconds / floor.seconds).toFixed(1)}×, ESLint ${(eslint.seconds / floor.seconds).toFixed(1)}×, studio-lint ${(lint.seconds / floor.seconds).toFixed(1)}×`);
  } else console.log('  could not install them; skipped');
} else console.log('\n(Spectral and ESLint comparison skipped: set BENCH_COMPARE=1)');

console.log('\ntargets:');
target('lint, 1,000 flows, against the floor', lint.seconds / floor.seconds, 3);
target('lint, one file, against node -e', lintOne.seconds / floorOne.seconds, 2);
target('--fix against lint', fix.seconds / lint.seconds, 2);
if (publicFix !== undefined) target('--fix against lint, public corpus', publicFix, 2);
target('--cache re-run with nothing changed, against the floor', cached.seconds / floor.seconds, 1.5);
target('peak memory, 1,000 flows', lint.rssMb, 300, ' MB');
target('memory growth, 4,000 flows against 1,000 (linear: ≤ 4)', lint4k.rssMb / lint.rssMb, 4);
target('one flow of 2,000 widgets', lintLarge.seconds, 1, ' s');
target('one flow of 75,200 widgets (57 MB)', lintHuge.seconds, 10, ' s');
target('peak memory, one flow of 75,200 widgets', lintHuge.rssMb, 1024, ' MB');
target('time per widget, 40,000 renamed widgets against 5,000 (linear: ≤ 1.5)', renamed40k.seconds / 8 / renamed5k.seconds, 1.5);

rmSync(work, { recursive: true, force: true });
const missed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - missed} of ${results.length} targets met`);
process.exitCode = missed > 0 ? 1 : 0;

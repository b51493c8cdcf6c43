// Bundles studio-lint: start-up reads one module instead of hundreds (issue 3, "a bundled CLI").
// The twilio package stays external: only pull/push load it, with a dynamic import.
//
// The command line is one CommonJS file: Node starts a CommonJS entry without initialising its ES module
// loader, which measured 8 ms of an 84 ms one-file lint (the pre-commit case). The programmatic API, the
// ESLint plugin and the lint worker stay ES modules sharing chunks.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { configSchema, flowSchema } from './generate-schema.mjs';

rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', external: ['twilio'], sourcemap: 'linked', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: { index: 'src/index.ts', worker: 'src/runner/worker.ts', 'eslint-plugin': 'src/eslint-plugin.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// `studio-lint test` is its own file (the simulator and liquidjs): the command line requires it only for that
// command, so lint's start-up does not parse it.
const testCommandFile = {
  name: 'test-command-file',
  setup(b) {
    b.onResolve({ filter: /\/test\.js$/ }, (args) => (args.importer.endsWith('test-options.ts') ? { path: './test-command.cjs', external: true } : undefined));
  },
};
const cjs = {
  ...common,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__studioLintModuleUrl' },
};
await build({
  ...cjs,
  entryPoints: { 'test-command': 'src/commands/test.ts' },
  banner: { js: "const __studioLintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// Node built-ins that lint never uses but that load at start-up (commander's child_process brings net, dgram
// and streams; crypto is for caches and fingerprints): in the command line they load on first use instead.
const LAZY_BUILTINS = ['child_process', 'crypto', 'readline', 'worker_threads'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    // The stand-in's own require of the built-in resolves as usual (external).
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      // Every export as a getter that requires the built-in on first read: esbuild's interop copies the
      // names (known here, from this Node) and reads the values only where the code uses them.
      contents: `let m;\nconst load = () => (m ??= require('node:${args.path}'));\nfor (const key of ${JSON.stringify(Object.keys(createRequire(import.meta.url)(`node:${args.path}`)))}) Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });\n`,
      loader: 'js',
    }));
  },
};
// liquidjs renders templates only for the behaviour check after a fix (src/migration/behaviour.ts): a lint never
// loads it. In the command line's bundle it is a stub whose first use requires dist/liquid.cjs.
await build({
  ...common,
  stdin: { contents: "module.exports = require('liquidjs');", resolveDir: '.', loader: 'js' },
  outfile: 'dist/liquid.cjs',
  format: 'cjs',
});
const lazyLiquid = {
  name: 'lazy-liquidjs',
  setup(b) {
    b.onResolve({ filter: /^liquidjs$/ }, () => ({ path: 'liquidjs', namespace: 'lazy-liquidjs' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-liquidjs' }, () => ({
      contents: `let m;\nconst load = () => (m ??= require(require('node:path').join(__dirname, 'liquid.cjs')));\nObject.defineProperty(module.exports, 'Liquid', { enumerable: true, get: () => load().Liquid });\n`,
      loader: 'js',
    }));
  },
};
await build({
  ...common,
  plugins: [testCommandFile, lazyBuiltins, lazyLiquid],
  entryPoints: { 'cli-main': 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The sources locate files next to themselves with import.meta.url (the worker, package.json).
  define: { 'import.meta.url': '__studioLintModuleUrl' },
  // import() of twilio and of the test command as require(): the loader below compiles the bundle with
  // node:vm, where a native import() needs a loader option that Node 20 before 20.12 lacks.
  supported: { 'dynamic-import': false },
  // The bundle is the body of the function the loader below calls: the loader compiles the file's text as it
  // is, without building a second 750 KB string around it.
  banner: { js: "(function (exports, require, module, __filename, __dirname) {\nconst __studioLintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '})' },
});
// The command line is a small loader that compiles the bundle with V8's code cache, made here by linting the
// fixtures once: start-up then deserialises the compiled bundle instead of
// parsing 750 KB of JavaScript (one-file lint, the pre-commit case: see README, Performance). The cache's
// name carries a hash of the bundle and the loader names it, so a loader never reads the cache of another
// build; a cache that V8 rejects (another Node version, other V8 flags, cut short) costs a normal compile.
// Limits, accepted because checking a hash of either file at start-up costs 2-3 ms of a 60 ms start: V8
// compares a cache with its source's length only, and its release builds do not checksum a cache, so edit
// src/ and rebuild, not dist/cli-main.cjs (an edit that keeps the length would run the old compiled code),
// and a cache damaged in place can crash Node: deleting dist/cli-main.*.cache runs without it. Stack traces
// point into cli-main.cjs even with --enable-source-maps (Node 20 does not map code compiled by node:vm).
const main = readFileSync('dist/cli-main.cjs', 'utf8');
const cacheName = `cli-main.${createHash('sha256').update(main).digest('hex').slice(0, 12)}.cache`;
writeFileSync(
  'dist/cli.cjs',
  `#!/usr/bin/env node
// studio-lint's command line: loads cli-main.cjs with the V8 code cache made at build time (scripts/build.mjs).
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');
const file = path.join(__dirname, 'cli-main.cjs');
let cachedData;
try {
  cachedData = readFileSync(path.join(__dirname, ${JSON.stringify(cacheName)}));
} catch {}
const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
globalThis[Symbol.for('studio-lint.cli-script')] = script;
script.runInThisContext()(exports, require, module, file, __dirname);
`,
  { mode: 0o755 },
);
// One run of the command line in a child process; when it ends, V8's code cache of the bundle (which then holds
// every function that run compiled) is written next to it.
const made = spawnSync(
  process.execPath,
  [
    '-e',
    `process.argv = [process.argv[0], ${JSON.stringify(path.resolve('dist/cli.cjs'))}, 'lint', '--format', 'json', 'fixtures'];
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(path.join('dist', cacheName))}, globalThis[Symbol.for('studio-lint.cli-script')].createCachedData()));
require(process.argv[1]);`,
  ],
  // Without NODE_OPTIONS: V8 flags are part of the cache's hash, and the command line normally runs without any.
  { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
);
if (!existsSync(path.join('dist', cacheName))) throw new Error(`the code cache was not made: ${made.stderr}`);
// dist/cli.js was the command line until the CommonJS bundle: scripts and workflows that call it keep working.
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// The command line is dist/cli.cjs; this entry is kept for callers of dist/cli.js.\nimport './cli.cjs';\n", { mode: 0o755 });
// JSON Schemas for editors (VS Code's json.schemas, the config's "$schema"), from the same source as the
// validators compiled into the bundle, so they cannot drift apart.
mkdirSync('dist/schemas');
writeFileSync('dist/schemas/config.schema.json', JSON.stringify(configSchema(), null, 2) + '\n');
writeFileSync('dist/schemas/flow.schema.json', JSON.stringify(flowSchema(), null, 2) + '\n');

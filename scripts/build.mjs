// Bundles studio-lint: start-up reads one module instead of hundreds (issue 3, "a bundled CLI").
// The twilio package stays external: only pull/push load it, with a dynamic import.
//
// The command line is one CommonJS file: Node starts a CommonJS entry without initialising its ES module
// loader, which measured 8 ms of an 84 ms one-file lint (the pre-commit case). The programmatic API, the
// ESLint plugin and the lint worker stay ES modules sharing chunks.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
await build({
  ...common,
  plugins: [testCommandFile],
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The sources locate files next to themselves with import.meta.url (the worker, package.json).
  define: { 'import.meta.url': '__studioLintModuleUrl' },
  // The shebang: npm links the bin as it is, so without one the shell runs the file.
  banner: { js: "#!/usr/bin/env node\nconst __studioLintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
chmodSync('dist/cli.cjs', 0o755);
// dist/cli.js was the command line until the CommonJS bundle: scripts and workflows that call it keep working.
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// The command line is dist/cli.cjs; this entry is kept for callers of dist/cli.js.\nimport './cli.cjs';\n", { mode: 0o755 });
// JSON Schemas for editors (VS Code's json.schemas, the config's "$schema"), from the same source as the
// validators compiled into the bundle, so they cannot drift apart.
mkdirSync('dist/schemas');
writeFileSync('dist/schemas/config.schema.json', JSON.stringify(configSchema(), null, 2) + '\n');
writeFileSync('dist/schemas/flow.schema.json', JSON.stringify(flowSchema(), null, 2) + '\n');

// Bundles the CLI into one file: start-up reads one module instead of hundreds (issue 3, "a bundled CLI").
// The twilio package stays external: only pull/push load it, with a dynamic import.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', worker: 'src/engine/worker.ts', 'eslint-plugin': 'src/eslint-plugin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['twilio'],
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
chmodSync('dist/cli.js', 0o755);

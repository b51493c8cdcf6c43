/**
 * The npm package as users get it: packed from a clone of HEAD (prepack builds it), installed into a fresh
 * CommonJS project from the tarball, and used there: the type declarations under `nodenext` and `bundler`, the
 * bin as the README runs it, the ESLint config as docs/integrations.md gives it, the schemas, and the account commands
 * without the optional `twilio` package.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

const versionOf = (name: string) => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
}
const npmInstall = (cwd: string, ...specs: string[]) => run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], cwd);

/** The command npm links into the project, which `npx studio-lint` runs. */
const bin = () => path.join(app, 'node_modules', '.bin', 'studio-lint');

let tarball: string;
let packOutput: string;
let app: string;
beforeAll(() => {
  const source = path.join(tempDir(), 'studio-lint');
  expect(run('git', ['clone', '--quiet', ROOT, source], ROOT).status).toBe(0);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'));
  appendFileSync(path.join(source, '.git', 'info', 'exclude'), 'node_modules\n');
  const out = tempDir();
  const packed = run('npm', ['pack', '--pack-destination', out], source);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = path.join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  packOutput = packed.stdout;

  // A CommonJS project (no "type"), as most are.
  app = tempDir();
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'flows', private: true }, null, 2));
  const installed = npmInstall(app, tarball, `@types/node@${versionOf('@types/node')}`, `@eslint/json@${versionOf('@eslint/json')}`);
  expect(installed.status, installed.stderr).toBe(0);
  cpSync(path.join(ROOT, 'fixtures'), path.join(app, 'flows'), { recursive: true });
}, 240_000);

describe('the tarball', { timeout: 60_000 }, () => {
  it('holds the bundle, the declarations, the schemas and the LICENSE; no source maps, no runtime dependencies', () => {
    const listing = run('tar', ['-tzf', tarball], ROOT).stdout.split('\n');
    for (const file of ['dist/cli.cjs', 'dist/index.js', 'dist/eslint-plugin.js', 'dist/types/index.d.ts', 'dist/types/eslint-plugin.d.ts', 'dist/schemas/config.schema.json', 'dist/schemas/flow.schema.json', 'LICENSE', 'README.md', '.pre-commit-hooks.yaml', 'action.yml']) {
      expect(listing).toContain(`package/${file}`);
    }
    expect(listing.filter((f) => f.endsWith('.map') || f.startsWith('package/src/'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules', 'studio-lint', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta).toEqual({ twilio: { optional: true } });
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(path.join(app, 'node_modules', 'studio-lint', 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    for (const key of ['repository', 'homepage', 'bugs', 'keywords']) expect(manifest[key], key).toBeDefined();
  });

  it('leaves the work tree clean where npm pack writes it, so that npm run release still runs after the README’s npm pack', () => {
    // release.mjs refuses a work tree with changes; the tarball npm pack leaves beside package.json is ignored.
    const name = path.basename(tarball);
    expect(name).toBe(`studio-lint-${pkg.version}.tgz`);
    expect(run('git', ['check-ignore', '--quiet', '--no-index', name], ROOT).status).toBe(0);
  });

  it('is named by npm pack’s standard output alone, which is how pre-commit installs a hook from any revision', () => {
    // pre-commit's node language (pre_commit/languages/node.py, 3.x) runs `npm pack` in its clone of the hook
    // repository and installs the file named by the whole of its standard output, stripped. With prepack run in
    // the foreground, npm 7+ prints a "> studio-lint@… prepack" banner there first, and `rev: main` failed with
    // a tarball named after it; .npmrc's foreground-scripts=false keeps the build's output off standard output.
    expect(packOutput.trim()).toBe(path.basename(tarball));
    expect(path.basename(tarball)).toBe(`studio-lint-${pkg.version}.tgz`);
  });

  it('installs alone for a user who only lints: one package, twilio not among it', () => {
    const lintOnly = tempDir();
    writeFileSync(path.join(lintOnly, 'package.json'), '{"name": "lint-only", "private": true}');
    expect(npmInstall(lintOnly, tarball).status).toBe(0);
    expect(readdirSync(path.join(lintOnly, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['studio-lint']);
    const lock = JSON.parse(readFileSync(path.join(lintOnly, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((p) => p)).toEqual(['node_modules/studio-lint']);
  });
});

describe('installed in a fresh project', { timeout: 60_000 }, () => {
  it('type-checks imports of studio-lint and studio-lint/eslint-plugin under nodenext and bundler', () => {
    const source = [
      "import { activeRules, decodeSource, lintSource, rules, type FileLint, type Finding } from 'studio-lint';",
      "import studioLint from 'studio-lint/eslint-plugin';",
      "const file: FileLint = lintSource('flow.json', decodeSource('{}'), activeRules({ rules: { 'valid-liquid': { severity: 'off' } } }));",
      'export const findings: Finding[] = file.findings;',
      'export const ids: string[] = rules.map((r) => r.meta.id);',
      "export const level: 'off' | 'warn' | 'error' | undefined = studioLint.configs.recommended.rules['studio-lint/valid-liquid'];",
      '// @ts-expect-error: the declarations are real types, not any',
      "lintSource(42, decodeSource('{}'), activeRules());",
      '',
    ].join('\n');
    // nodenext: an ES module file (.mts) in this CommonJS project; bundler: a plain .ts file.
    writeFileSync(path.join(app, 'check-nodenext.mts'), source);
    writeFileSync(path.join(app, 'check-bundler.ts'), source);
    const strict = { strict: true, noEmit: true, types: ['node'], target: 'ES2022' };
    const configs = {
      // The declaration files themselves are checked once (skipLibCheck off: @types/node makes that the slow part);
      // under bundler what differs is the resolution through "exports", which the import lines check.
      nodenext: { compilerOptions: { ...strict, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['check-nodenext.mts'] },
      bundler: { compilerOptions: { ...strict, skipLibCheck: true, module: 'esnext', moduleResolution: 'bundler' }, files: ['check-bundler.ts'] },
      // A project without Node's types (a browser bundle, a Deno script): the declarations name no Node type
      // (NodeJS.ProcessEnv, Buffer), so they check there too, declaration files included.
      'without-node-types': { compilerOptions: { ...strict, types: [], skipLibCheck: false, module: 'esnext', moduleResolution: 'bundler' }, files: ['check-bundler.ts'] },
    };
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [name, config] of Object.entries(configs)) {
      writeFileSync(path.join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
      const checked = run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], app);
      expect(checked.status, `${name}: ${checked.stdout}`).toBe(0);
    }
    // And the check fails where it should: a wrong type is an error under both.
    writeFileSync(path.join(app, 'check-bundler.ts'), "import { lintSource } from 'studio-lint';\nexport const n: number = lintSource;\n");
    expect(run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], app).stdout).toContain("error TS2322: Type '(filePath: string");
  }, 120_000);

  it('runs the README’s commands: npx studio-lint on flows, init with $schema', () => {
    const lint = run('npx', ['--no-install', 'studio-lint', 'lint', 'flows'], app);
    expect(lint.status, lint.stderr).toBe(1);
    expect(lint.stdout).toMatch(/flows\/chat-sms-to-flex\.json\n\s+8:9\s+error/);
    // The rest through the link npx runs (npm's bin link), without starting npm each time (a second a run).
    expect(run(bin(), ['lint', 'flows/voice-ivr.json'], app).status).toBe(0);
    expect(run(bin(), ['init'], app).status).toBe(0);
    const config = JSON.parse(readFileSync(path.join(app, 'studio-lint.config.json'), 'utf8')) as { $schema: string };
    expect(existsSync(path.join(app, config.$schema))).toBe(true);
    expect(run(bin(), ['lint', 'flows'], app).status).toBe(1);
  });

  it('the account commands say how to install twilio when it is missing', () => {
    const env = { TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_AUTH_TOKEN: 'x', STUDIO_LINT_BASE_URL: 'http://127.0.0.1:9' };
    for (const args of [['pull'], ['lint', '--remote'], ['push', '--dry-run']]) {
      const result = run(bin(), args, app, env);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`npm install twilio@${pkg.peerDependencies.twilio}`);
      expect(result.stderr).not.toContain('internal error');
    }
  });

  it('the ESLint config of docs/integrations.md, pasted into eslint.config.mjs of this CommonJS project, reports what the CLI reports', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'integrations.md'), 'utf8');
    const block = /<!-- eslint-example -->\n```js\n([\s\S]*?)```/.exec(page)![1]!;
    expect(block).toContain('// eslint.config.mjs');
    writeFileSync(path.join(app, 'eslint.config.mjs'), block);
    const eslint = run(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'flows'], app);
    const results = JSON.parse(eslint.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const cli = JSON.parse(run(bin(), ['lint', '--format', 'json', 'flows'], app).stdout) as { filePath: string; messages: unknown[] }[];
    expect(results.map((r) => [path.relative(app, r.filePath), r.messages.length]).sort()).toEqual(cli.map((r) => [path.relative(app, r.filePath), r.messages.length]).sort());
    expect(results.flatMap((r) => r.messages).every((m) => m.ruleId.startsWith('studio-lint/'))).toBe(true);
  });
});

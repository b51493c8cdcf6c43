/**
 * The command line's loader (scripts/build.mjs): dist/cli.cjs compiles dist/cli-main.cjs with the V8 code
 * cache made at build time. The cache must be one this Node accepts (else start-up pays a full compile and
 * nobody notices), and a cache that is missing, cut short or foreign must cost only that compile.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tempDir } from './helpers.js';

const DIST = path.dirname(CLI);
const cacheName = /cli-main\.[0-9a-f]{12}\.cache/.exec(readFileSync(CLI, 'utf8'))![0];
const FLOW = path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json');
// Without the test runner's NODE_OPTIONS: V8 flags change the cache's hash, and then V8 rejects it.
const env = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' };

function lint(cli: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, 'lint', '--format', 'json', FLOW], { encoding: 'utf8', env });
}

/** A copy of the command line's files (loader, bundle, cache) and package.json, to damage. */
function copyOfCli(): { cli: string; cache: string } {
  const root = tempDir();
  const dist = path.join(root, 'dist');
  mkdirSync(dist);
  for (const name of readdirSync(DIST).filter((n) => /^cli[.-]/.test(n) && !n.endsWith('.map'))) copyFileSync(path.join(DIST, name), path.join(dist, name));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  return { cli: path.join(dist, 'cli.cjs'), cache: path.join(dist, cacheName) };
}

describe('the command line loader', () => {
  it('ships a code cache that this Node accepts for the bundle', () => {
    const script = `const { readFileSync } = require('node:fs'); const { Script } = require('node:vm');
const s = new Script(readFileSync(${JSON.stringify(path.join(DIST, 'cli-main.cjs'))}, 'utf8'), { filename: ${JSON.stringify(path.join(DIST, 'cli-main.cjs'))}, cachedData: readFileSync(${JSON.stringify(path.join(DIST, cacheName))}) });
process.stdout.write(String(s.cachedDataRejected));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('false');
  });

  it('lints the same with the cache cut short, replaced by other bytes, or missing', () => {
    const reference = lint(CLI);
    expect(reference.status).toBe(1);
    expect(JSON.parse(reference.stdout)).toHaveLength(1);
    const { cli, cache } = copyOfCli();
    const damage: [string, () => void][] = [
      ['cut short', () => writeFileSync(cache, readFileSync(cache).subarray(0, 1000))],
      ['other bytes', () => writeFileSync(cache, Buffer.alloc(4096, 7))],
      ['missing', () => rmSync(cache)],
    ];
    for (const [what, act] of damage) {
      act();
      const run = lint(cli);
      expect(run.stderr, what).toBe('');
      expect(run.status, what).toBe(1);
      expect(run.stdout, what).toBe(reference.stdout);
    }
  });
});

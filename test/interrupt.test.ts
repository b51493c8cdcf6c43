/**
 * Issue 26: `lint --fix` stopped by a signal leaves every file whole (fixed or as it was) and no temporary file
 * beside it; a later run removes the temporary files of runs that died without cleaning up (SIGKILL), and only
 * those: its own name pattern, of a process that is no longer alive.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempDir } from './helpers.js';

const SMS = readFileSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), 'utf8');

/** A pid no process has now: a child that has ended (pids are not reused at once). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('lint --fix and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} in the middle of a run over many files: each file whole, no temporary file left, the signal's exit`, async () => {
      const dir = tempDir();
      const { generateRealisticCorpus } = (await import(path.join(ROOT, 'scripts', 'generate-flows.mjs'))) as { generateRealisticCorpus: (dir: string, n: number, seed: number) => number };
      generateRealisticCorpus(dir, 1500, 1);
      const before = new Map(readdirSync(dir).map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
      // Two threads, so that a worker is stopped too.
      const child = spawn(process.execPath, [CLI, 'lint', '--fix', '--concurrency', '2', '-f', 'json', '-o', path.join(tempDir(), 'report.json'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
      // Stop it once it has written a first file: then it is fixing, with files left to do.
      let exited = false;
      void ended.then(() => (exited = true));
      while (!exited && [...before].every(([n, text]) => readFileSync(path.join(dir, n), 'utf8') === text)) await new Promise((r) => setTimeout(r, 5));
      expect(exited).toBe(false);
      child.kill(signal);
      const end = await ended;
      expect(end.signal).toBe(signal);
      expect(stderr).toContain(`studio-lint: stopped by ${signal}: each file is either fixed whole or unchanged`);
      const names = readdirSync(dir);
      expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(names.sort()).toEqual([...before.keys()].sort());
      let fixed = 0;
      for (const [name, text] of before) {
        const now = readFileSync(path.join(dir, name), 'utf8');
        expect(() => JSON.parse(now) as unknown).not.toThrow();
        if (now !== text) fixed++;
      }
      // Stopped part-way: some files fixed, not all of those that had fixes.
      expect(fixed).toBeGreaterThan(0);
    }, 120_000);
  }

  it('a later --fix removes the temporary files of runs no longer alive, and nothing else', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), SMS);
    const dead = `.a.json.studio-lint-${deadPid()}-0123456789ab.tmp`;
    const living = `.a.json.studio-lint-${process.pid}-0123456789ab.tmp`;
    const others = ['.a.json.studio-lint-x-0123456789ab.tmp', 'notes.studio-lint-1-0123456789ab.tmp', '.a.json.tmp'];
    for (const name of [dead, living, ...others]) writeFileSync(path.join(dir, name), '{');
    const run = runCli(['lint', '--fix', '-f', 'compact', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a.json', living, ...others].sort());
  });
});

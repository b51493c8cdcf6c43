/**
 * Issue 14 for `lint --fix`: nothing written outside the folder linted, a link stays a link, a read-only
 * file stays as it is, and a file that cannot be written is reported while the run goes on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, flow, ROOT, runCli, studioText, tempDir, widget } from './helpers.js';

// A Chat-era flow whose move --fix makes (every read has a safe rename), with an error --fix leaves (a dangling transition).
const SMS = studioText(
  flow({ incomingMessage: 'agent' }, widget('agent', 'send-to-flex', { failedToEnqueue: 'missing' }, { workflow: 'WW1', channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' })),
);
const fixedMark = '"event": "incomingConversationMessage"';

describe('lint --fix writes only what it was given', () => {
  it('a folder scan follows no link, to a folder or a file outside it', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'outside'));
    mkdirSync(path.join(root, 'flows'));
    writeFileSync(path.join(root, 'outside', 'victim.json'), SMS);
    writeFileSync(path.join(root, 'flows', 'mine.json'), SMS);
    symlinkSync('../outside', path.join(root, 'flows', 'linked'));
    symlinkSync('../outside/victim.json', path.join(root, 'flows', 'link.json'));
    const run = runCli(['lint', '--fix', 'flows'], { cwd: root });
    expect(run.status).toBe(1);
    expect(readFileSync(path.join(root, 'outside', 'victim.json'), 'utf8')).toBe(SMS);
    expect(lstatSync(path.join(root, 'flows', 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, 'flows', 'mine.json'), 'utf8')).toContain(fixedMark);
  });

  it('a linked flow named on the command line is fixed where it points, and stays a link', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'real.json'), SMS);
    symlinkSync('real.json', path.join(root, 'link.json'));
    const run = runCli(['lint', '--fix', 'link.json'], { cwd: root });
    expect(run.status).toBe(1);
    expect(lstatSync(path.join(root, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(root, 'link.json'))).toBe('real.json');
    expect(readFileSync(path.join(root, 'real.json'), 'utf8')).toContain(fixedMark);
  });

  it('a read-only (0444) file is replaced only by whom may write it: an unprivileged user gets it reported, the others are fixed', () => {
    const root = tempDir();
    chmodSync(root, 0o777);
    for (const name of ['a.json', 'b.json']) writeFileSync(path.join(root, name), SMS, { mode: 0o666 });
    chmodSync(path.join(root, 'b.json'), 0o666);
    chmodSync(path.join(root, 'a.json'), 0o444);
    // The folder is writable by all, so only the file's own permission stands between the user and a rename over it.
    const run = runUnprivileged(root, ['lint', '--fix', '-f', 'compact', '.']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('a.json:1:1: error fatal not fixed: the file cannot be written: is read-only');
    expect(readFileSync(path.join(root, 'a.json'), 'utf8')).toBe(SMS);
    expect(lstatSync(path.join(root, 'a.json')).mode & 0o777).toBe(0o444);
    expect(readFileSync(path.join(root, 'b.json'), 'utf8')).toContain(fixedMark);
  });

  it('a read-only file its user may write (root) is fixed as an editor would, and keeps its mode', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.json'), SMS);
    chmodSync(path.join(root, 'a.json'), 0o444);
    const run = runCli(['lint', '--fix', '-f', 'compact', '.'], { cwd: root });
    const mayWrite = process.getuid?.() === 0;
    expect(readFileSync(path.join(root, 'a.json'), 'utf8').includes(fixedMark)).toBe(mayWrite);
    expect(run.stdout.includes('the file cannot be written: is read-only')).toBe(!mayWrite);
    expect(lstatSync(path.join(root, 'a.json')).mode & 0o777).toBe(0o444);
  });

  it('a folder that cannot be written to: that file is reported, the run goes on (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    for (const d of ['locked', 'open']) {
      mkdirSync(path.join(root, d));
      writeFileSync(path.join(root, d, 'flow.json'), SMS, { mode: 0o666 });
      chmodSync(path.join(root, d, 'flow.json'), 0o666);
    }
    chmodSync(path.join(root, 'open'), 0o777);
    chmodSync(path.join(root, 'locked'), 0o555);
    const run = runUnprivileged(root, ['lint', '--fix', '-f', 'compact', 'locked', 'open']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/locked\/flow\.json:1:1: error fatal not fixed: the file cannot be written: permission denied \(EACCES\)/);
    expect(readFileSync(path.join(root, 'locked', 'flow.json'), 'utf8')).toBe(SMS);
    expect(readFileSync(path.join(root, 'open', 'flow.json'), 'utf8')).toContain(fixedMark);
  });
});

describe('lint reads what it may, and reports what it may not', () => {
  it('a file named inside a folder it may not enter is a fatal finding on that file; the others are linted (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    mkdirSync(path.join(root, 'locked'));
    writeFileSync(path.join(root, 'locked', 'flow.json'), SMS, { mode: 0o644 });
    writeFileSync(path.join(root, 'open.json'), SMS, { mode: 0o644 });
    chmodSync(path.join(root, 'locked'), 0o000);
    const run = runUnprivileged(root, ['lint', '-f', 'compact', 'locked/flow.json', 'open.json']);
    chmodSync(path.join(root, 'locked'), 0o755);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('locked/flow.json:1:1: error fatal cannot read the file (EACCES)');
    expect(run.stdout).toMatch(/^open\.json:\d+:\d+: error no-incoming-message-trigger /m);
  });
});

/**
 * The CLI as an unprivileged user: as root every file and folder is writable, so then run it as nobody, which
 * root may do, from a copy of the bundle nobody can read wherever the checkout is (it needs only itself and
 * package.json).
 */
function runUnprivileged(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const root0 = process.getuid?.() === 0;
  let cli = CLI;
  if (root0) {
    const copy = path.join(tempDir(), 'bin');
    mkdirSync(path.join(copy, 'dist'), { recursive: true });
    // The command line: its loader, the bundle and the bundle's code cache, and liquidjs, which the behaviour check after a fix loads.
    for (const name of readdirSync(path.dirname(CLI)).filter((n) => (/^cli[.-]/.test(n) || n === 'liquid.cjs') && !n.endsWith('.map'))) copyFileSync(path.join(path.dirname(CLI), name), path.join(copy, 'dist', name));
    copyFileSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    for (const p of [path.dirname(copy), copy, path.join(copy, 'dist')]) chmodSync(p, 0o755);
    cli = path.join(copy, 'dist', 'cli.cjs');
  }
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(root0 ? { uid: 65534, gid: 65534 } : {}) });
}


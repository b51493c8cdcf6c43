/**
 * Issue 14 for `lint --fix`: nothing written outside the folder linted, a link stays a link, a read-only
 * file stays as it is, and a file that cannot be written is reported while the run goes on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, flow, ROOT, runCli, studioText, tempDir, widget } from './helpers.js';

// A Chat-era flow whose move --fix makes (every read has a safe rename), with an error --fix leaves (a dangling transition).
const SMS = studioText(
  flow({ incomingMessage: 'agent' }, widget('agent', 'send-to-flex', { failedToEnqueue: 'missing' }, { workflow: 'WW1', channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' })),
);
/** What a fix writes and the flow does not hold (checked below). */
const fixedMark = 'trigger.conversation.';

describe('lint --fix writes only what it was given', () => {
  it('the fixture does not hold the mark of a fixed file', () => expect(SMS).not.toContain(fixedMark));

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
    ownedByUnprivileged(path.join(root, 'a.json'), path.join(root, 'b.json'));
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
      ownedByUnprivileged(path.join(root, d, 'flow.json'));
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

describe('lint --fix keeps who owns a file, and its links', () => {
  const asRoot = process.getuid?.() === 0;

  // Only root may give a file to another user, to set this up.
  it.skipIf(!asRoot)('run by root, a fixed flow keeps its owner, group and mode (a 0640 file stays readable to its owner)', () => {
    const root = tempDir();
    const file = path.join(root, 'theirs.json');
    writeFileSync(file, SMS);
    chmodSync(file, 0o640);
    chownSync(file, 65534, 65534);
    const run = runCli(['lint', '--fix', '-f', 'compact', 'theirs.json'], { cwd: root });
    expect(run.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain(fixedMark);
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
  });

  it.skipIf(!asRoot)('a user who may write a file but not give it back is told so, and the file stays theirs (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o777);
    const file = path.join(root, 'roots.json');
    writeFileSync(file, SMS);
    chmodSync(file, 0o666);
    const run = runUnprivileged(root, ['lint', '--fix', '-f', 'compact', 'roots.json']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stdout).toContain('roots.json:1:1: error fatal not fixed: the file cannot be written: it belongs to another user (uid 0): replacing it would make it yours; not written');
    expect(readFileSync(file, 'utf8')).toBe(SMS);
    expect(statSync(file).uid).toBe(0);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a flow with two hard links is not split: reported with what to do, both names unchanged', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.json'), SMS);
    linkSync(path.join(root, 'a.json'), path.join(root, 'b.json'));
    const run = runCli(['lint', '--fix', '-f', 'compact', 'a.json'], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('a.json:1:1: error fatal not fixed: the file cannot be written: has 2 hard links: replacing it would leave the other names with the old text; break the link first');
    expect(readFileSync(path.join(root, 'a.json'), 'utf8')).toBe(SMS);
    expect(statSync(path.join(root, 'a.json')).ino).toBe(statSync(path.join(root, 'b.json')).ino);
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
  it('a folder it may not list, named or met in a scan, is a fatal finding on that folder, not passed over; the others are linted (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    for (const d of ['named', 'flows', 'flows/locked']) mkdirSync(path.join(root, d));
    writeFileSync(path.join(root, 'named', 'flow.json'), SMS, { mode: 0o644 });
    writeFileSync(path.join(root, 'flows', 'locked', 'flow.json'), SMS, { mode: 0o644 });
    writeFileSync(path.join(root, 'flows', 'open.json'), SMS, { mode: 0o644 });
    chmodSync(path.join(root, 'named'), 0o000);
    chmodSync(path.join(root, 'flows', 'locked'), 0o000);
    const alone = runUnprivileged(root, ['lint', '-f', 'compact', 'named']);
    const scan = runUnprivileged(root, ['lint', '-f', 'compact', 'flows']);
    chmodSync(path.join(root, 'named'), 0o755);
    chmodSync(path.join(root, 'flows', 'locked'), 0o755);
    expect(alone.stderr).not.toMatch(/internal error/);
    expect(alone.status).toBe(1);
    expect(alone.stdout).toContain('named:1:1: error fatal cannot list the folder (EACCES): the flows in it are not linted');
    expect(scan.status).toBe(1);
    expect(scan.stdout).toContain('flows/locked:1:1: error fatal cannot list the folder (EACCES): the flows in it are not linted');
    expect(scan.stdout).toMatch(/^flows\/open\.json:\d+:\d+: error no-incoming-message-trigger /m);
  });
  it('so does a quoted glob: a folder its matches could be in that it may not list is a fatal finding, one it would not enter is not (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    for (const d of ['flows', 'flows/locked', 'flows/open', 'flows/open/deep', 'flows/.hidden']) mkdirSync(path.join(root, d));
    writeFileSync(path.join(root, 'flows', 'locked', 'flow.json'), SMS, { mode: 0o644 });
    writeFileSync(path.join(root, 'flows', 'open', 'flow.json'), SMS, { mode: 0o644 });
    for (const d of ['flows/locked', 'flows/open/deep', 'flows/.hidden']) chmodSync(path.join(root, d), 0o000);
    const deep = runUnprivileged(root, ['lint', '-f', 'compact', 'flows/**/*.json']);
    const oneLevel = runUnprivileged(root, ['lint', '-f', 'compact', 'flows/*/*.json']);
    const onlyLocked = runUnprivileged(root, ['lint', '-f', 'compact', 'flows/locked/*.json']);
    for (const d of ['flows/locked', 'flows/open/deep', 'flows/.hidden']) chmodSync(path.join(root, d), 0o755);
    const fatal = (folder: string) => `${folder}:1:1: error fatal cannot list the folder (EACCES): the flows in it are not linted`;
    expect(deep.stderr).not.toMatch(/internal error|no files/);
    expect(deep.status).toBe(1);
    expect(deep.stdout).toContain(fatal('flows/locked'));
    expect(deep.stdout).toContain(fatal('flows/open/deep'));
    expect(deep.stdout).toMatch(/^flows\/open\/flow\.json:\d+:\d+: error no-incoming-message-trigger /m);
    // A dot folder the glob does not enter is not reported; nor is a folder deeper than the pattern reaches.
    expect(deep.stdout).not.toContain('.hidden');
    expect(oneLevel.stdout).toContain(fatal('flows/locked'));
    expect(oneLevel.stdout).not.toContain('flows/open/deep:');
    // Nothing matched, but a folder could not be listed: that is the finding, not "no files matched".
    expect(onlyLocked.status).toBe(1);
    expect(onlyLocked.stdout).toContain(fatal('flows/locked'));
  });
  it('a glob reports only the folders its matches could be in: not one its braces leave out; one below a folder it matches whole (as an unprivileged user)', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    for (const d of ['flows', 'flows/prod', 'flows/secrets', 'flows/a', 'flows/a/published', 'flows/a/published/locked', 'flows/b', 'flows/b/published']) mkdirSync(path.join(root, d));
    writeFileSync(path.join(root, 'flows', 'prod', 'flow.json'), SMS, { mode: 0o644 });
    writeFileSync(path.join(root, 'flows', 'a', 'published', 'flow.json'), SMS, { mode: 0o644 });
    const locked = ['flows/secrets', 'flows/a/published/locked', 'flows/b/published'];
    const fatal = (folder: string) => `${folder}:1:1: error fatal cannot list the folder (EACCES)`;
    for (const d of locked) chmodSync(path.join(root, d), 0o000);
    const braces = runUnprivileged(root, ['lint', '-f', 'compact', 'flows/{prod,staging}/*.json']);
    // The glob library takes a folder the pattern matches to all the files below it (tinyglobby's expandDirectories).
    const published = runUnprivileged(root, ['lint', '-f', 'compact', 'flows/*/published']);
    // A trailing '/' or a '//' in a glob is no internal error.
    const slashes = ['flows/*/', 'flows/**//*.json'].map((glob) => runUnprivileged(root, ['lint', '-f', 'compact', glob]));
    for (const d of locked) chmodSync(path.join(root, d), 0o755);
    for (const run of slashes) {
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stdout).toContain(fatal('flows/secrets'));
    }
    expect(braces.stdout).not.toContain('secrets');
    expect(braces.stdout).toMatch(/^flows\/prod\/flow\.json:\d+:\d+: error /m);
    expect(published.stdout).toMatch(/^flows\/a\/published\/flow\.json:\d+:\d+: error /m);
    expect(published.stdout).toContain(fatal('flows/a/published/locked'));
    expect(published.stdout).toContain(fatal('flows/b/published'));
    // A folder '*' matches that cannot be listed may hold a 'published' of its own: reported too.
    expect(published.stdout).toContain(fatal('flows/secrets'));
  });
});

/** Files made by the test belong to the user runUnprivileged runs as (nobody, when the tests run as root). */
function ownedByUnprivileged(...files: string[]): void {
  if (process.getuid?.() === 0) for (const file of files) chownSync(file, 65534, 65534);
}

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


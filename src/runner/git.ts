/**
 * What studio-lint asks git (diff --since, lint --since / --changed): a file's text at a revision and the
 * files that changed since one. Plain `git` subprocesses, run in the folder in question so that any repository
 * (a submodule, a repository inside the current one) answers for its own files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** git is missing, the folder is not in a repository, or the revision does not exist: the user's to fix (exit 2). */
export class GitError extends Error {}

function git(cwd: string, args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('git', args, { cwd, maxBuffer: 1 << 30 });
  if (result.error) throw new GitError(`cannot run git (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}): --since and --changed need it`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8').trim() };
}

/** The folder git runs in for `target`: the target itself when it is a folder, its parent otherwise. */
function folderOf(target: string): string {
  return statSync(target, { throwIfNoEntry: false })?.isDirectory() ? target : path.dirname(target);
}

/** Checks that `folder` is in a repository and `ref` names a commit there. */
export function checkRevision(folder: string, ref: string): void {
  const inside = git(folder, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0) throw new GitError(`${folder}: not inside a git repository (${inside.stderr.split('\n')[0]})`);
  if (ref.startsWith('-')) throw new GitError(`${ref}: not a revision`);
  const commit = git(folder, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) throw new GitError(`${ref}: no such revision in the repository of ${folder}`);
}

/** The bytes of `file` at `ref`, or undefined when the file did not exist there (it was added since). */
export function showAtRevision(file: string, ref: string): Buffer | undefined {
  const folder = path.dirname(file);
  // `<ref>:./<name>` is read relative to the folder git runs in (gitrevisions(7)).
  const shown = git(folder, ['show', `${ref}:./${path.basename(file)}`]);
  if (shown.status === 0) return shown.stdout;
  if (/does not exist in|exists on disk, but not in/.test(shown.stderr)) return undefined;
  throw new GitError(`${file}: git show ${ref} failed: ${shown.stderr.split('\n')[0]}`);
}

/**
 * The bytes of each file at `ref` (undefined: not there), all read by one `git cat-file --batch` per folder:
 * a folder of a thousand changed flows costs one process per folder, not one per file.
 */
export function showManyAtRevision(files: readonly string[], ref: string): Map<string, Buffer | undefined> {
  const out = new Map<string, Buffer | undefined>();
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    const list = byFolder.get(folder) ?? [];
    list.push(file);
    byFolder.set(folder, list);
  }
  for (const [folder, list] of byFolder) {
    // A name with a line break cannot go through --batch's line protocol: read it alone.
    const plain = list.filter((f) => !/[\n\r]/.test(f));
    for (const f of list) if (!plain.includes(f)) out.set(f, showAtRevision(f, ref));
    const input = plain.map((f) => `${ref}:./${path.basename(f)}\n`).join('');
    const result = spawnSync('git', ['cat-file', '--batch'], { cwd: folder, input, maxBuffer: 1 << 30 });
    if (result.error || result.status !== 0) {
      for (const f of plain) out.set(f, showAtRevision(f, ref));
      continue;
    }
    const bytes = result.stdout;
    let at = 0;
    for (const file of plain) {
      const end = bytes.indexOf(10, at);
      const header = bytes.toString('utf8', at, end);
      at = end + 1;
      const size = /^[0-9a-f]+ blob (\d+)$/.exec(header);
      if (!size) {
        // "<object> missing" (not there at the revision), or not a file: as git show would say.
        out.set(file, / missing$/.test(header) ? undefined : showAtRevision(file, ref));
        continue;
      }
      const length = Number(size[1]);
      out.set(file, bytes.subarray(at, at + length));
      at += length + 1;
    }
  }
  return out;
}

/**
 * The `*.json` files under `target` (a folder or a file) that differ between `ref` and the working tree,
 * absolute: modified, added (tracked or not yet) and deleted. With `ref` undefined: against HEAD, staged
 * changes included (`lint --changed`).
 */
export function changedFiles(target: string, ref = 'HEAD'): string[] {
  const folder = folderOf(target);
  checkRevision(folder, ref);
  const scope = folder === target ? '.' : `./${path.basename(target)}`;
  const tracked = git(folder, ['diff', '--name-only', '--no-renames', '--relative', '-z', ref, '--', scope]);
  if (tracked.status !== 0) throw new GitError(`${target}: git diff ${ref} failed: ${tracked.stderr.split('\n')[0]}`);
  const untracked = git(folder, ['ls-files', '--others', '--exclude-standard', '-z', '--', scope]);
  const names = [...tracked.stdout.toString('utf8').split('\0'), ...untracked.stdout.toString('utf8').split('\0')].filter((n) => n.endsWith('.json'));
  return [...new Set(names.map((n) => path.resolve(folder, n)))].sort();
}

// The folder or file a command-line path stands for in git's eyes: itself, or for a glob its fixed start
// ('flows/**/*.json' → flows), whose changed files are a superset of the glob's.
export function gitRoot(pattern: string, cwd: string): string {
  const absolute = path.resolve(cwd, pattern);
  if (existsSync(absolute)) return absolute;
  const parts = pattern.split(/[\\/]/);
  const dynamic = parts.findIndex((part) => /[*?[\]{}!()]/.test(part));
  return dynamic < 0 ? absolute : path.resolve(cwd, ...parts.slice(0, dynamic));
}

/** The changed `*.json` files under each of the command line's paths (globs by their folder), without repeats. */
export function changedUnder(patterns: string[], cwd: string, ref: string): string[] {
  const roots = [...new Set(patterns.map((p) => gitRoot(p, cwd)))];
  return [...new Set(roots.flatMap((root) => changedFiles(root, ref)))];
}

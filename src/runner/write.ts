/**
 * The one way studio-lint replaces or creates a file (fixed flows, pulled flows, the manifest, the cache):
 * never left half-written, never written anywhere but where it was asked to.
 *
 * - A temporary file in the same folder, created with O_EXCL (`wx`): a symbolic link planted at a
 *   predictable temporary name cannot redirect the write, and two runs never share a temporary file.
 * - Then a rename over the target: readers see the old file or the new one, nothing between.
 * - A target that is a symbolic link is written where the link points (`links: 'follow'`, for --fix: the
 *   link survives) or refused (`links: 'refuse'`, for pull: a link in the output folder must not send a
 *   flow from the account somewhere else). A rename over a link would replace the link with a file.
 * - A target this process may not write is refused, judged as a plain write(2) would be (access(2) W_OK): a
 *   rename needs only the folder's permission (POSIX rename(2)), so without this check a user could replace
 *   a read-only file they cannot write. Root may write it, as with any editor or `eslint --fix`: the fixed
 *   file keeps its mode (0444 stays 0444). Tools copy read-only inputs with their mode (the migration
 *   comparison copies the corpus's 0444 files), and fixing those copies as their owner must work.
 * - The replacement keeps the file's owner and group as well as its mode: root fixing another user's 0640
 *   flow must not leave it owned by root and unreadable to its owner. Who may not give it back (a user
 *   writing a group-writable file of someone else) is refused, saying why, rather than taking it over.
 * - A file with several hard links is refused: a rename would split them, the other names keeping the old
 *   text. ESLint and Prettier write in place (fs.writeFile), and so does Ruff, which keeps links shared
 *   (https://github.com/astral-sh/ruff/issues/16003) but can leave a file truncated when interrupted
 *   (https://github.com/astral-sh/ruff/pull/26580); studio-lint keeps the rename, never a half-written flow,
 *   and says what to do instead.
 * - The temporary file is removed when anything fails.
 */
import { accessSync, chmodSync, closeSync, constants, fchownSync, fstatSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** A write that did not happen: `message` says which file and why, for the user. */
export class WriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface WriteOptions {
  /** What to do when the target is a symbolic link (default 'follow'). */
  links?: 'follow' | 'refuse';
  /** Whether the file may be created (default true); otherwise it must exist. */
  create?: boolean;
}

export function writeFileAtomic(filePath: string, content: string | Uint8Array | readonly Uint8Array[], { links = 'follow', create = true }: WriteOptions = {}): void {
  let target = filePath;
  let stat: Stats | undefined = lstatSync(target, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    if (links === 'refuse') throw new WriteError(filePath, 'is a symbolic link; not written through it');
    try {
      target = realpathSync(filePath);
    } catch {
      throw new WriteError(filePath, 'is a symbolic link to a file that does not exist; not written through it');
    }
    stat = lstatSync(target, { throwIfNoEntry: false });
  }
  if (!stat && !create) throw new WriteError(filePath, 'no longer exists');
  if (stat?.isDirectory()) throw new WriteError(filePath, 'is a folder');
  if (stat && !stat.isFile()) throw new WriteError(filePath, 'is not a regular file');
  if (stat && !mayWrite(target)) throw new WriteError(filePath, 'is read-only');
  if (stat && stat.nlink > 1) {
    throw new WriteError(filePath, `has ${stat.nlink} hard links: replacing it would leave the other names with the old text; break the link first (cp it to a new file and mv that over it)`);
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.studio-lint-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  // (TEMPORARY below recognises exactly these names, for removeTemporaries.)
  let created = false;
  try {
    const fd = openSync(temp, 'wx', stat ? stat.mode & 0o7777 : 0o666);
    created = true;
    try {
      if (stat) keepOwner(fd, stat, filePath);
      // A report comes in its parts (one per file), written one after another rather than joined first.
      const parts = typeof content === 'string' ? [Buffer.from(content)] : content instanceof Uint8Array ? [content] : content;
      for (const bytes of parts) {
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      }
    } finally {
      closeSync(fd);
    }
    // The mode given to open is filtered by the umask; the original's mode is kept as it was.
    if (stat) chmodSync(temp, stat.mode & 0o7777);
    renameSync(temp, target);
  } catch (error) {
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
    throw error instanceof WriteError ? error : new WriteError(filePath, describeFsError(error));
  }
}

/** Gives the new file the original's owner and group (it is created as whoever runs studio-lint). */
function keepOwner(fd: number, original: Stats, filePath: string): void {
  const created = fstatSync(fd);
  if (created.uid === original.uid && created.gid === original.gid) return;
  try {
    fchownSync(fd, original.uid, original.gid);
  } catch {
    // Only root may give a file away (chown(2)); a user may give it only a group of their own.
    const whose = created.uid === original.uid ? `its group (gid ${original.gid}) is not one of yours` : `it belongs to another user (uid ${original.uid})`;
    throw new WriteError(filePath, `${whose}: replacing it would make it yours; not written`);
  }
}

function mayWrite(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file system error in words, with its code (ENOENT, EACCES…) for searching. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const words: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large',
    EEXIST: 'already exists',
    ELOOP: 'too many symbolic links',
  };
  if (typeof code === 'string') return `${words[code] ?? 'cannot write it'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** The name of a temporary file writeFileAtomic makes: `.<name>.studio-lint-<pid>-<12 hex digits>.tmp`. */
const TEMPORARY = /^\..+\.studio-lint-(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * Removes, from these folders, the temporary files of writeFileAtomic that no running process will rename:
 * `own`, this process's (after its writers were stopped by a signal: a worker thread stopped between creating
 * and renaming one leaves it); `stale`, those of processes that are no longer alive (a run killed with
 * SIGKILL, which nothing can catch). Only names of this exact pattern are touched. Returns how many went.
 */
export function removeTemporaries(folders: Iterable<string>, which: 'own' | 'stale'): number {
  let removed = 0;
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue; // unreadable or gone: nothing of ours can be there either
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (!match) continue;
      const pid = Number(match[1]);
      if (which === 'own' ? pid !== process.pid : pid === process.pid || isAlive(pid)) continue;
      try {
        unlinkSync(path.join(folder, name));
        removed++;
      } catch {
        // another run removed it first, or it is not ours to remove
      }
    }
  }
  return removed;
}

/** Whether a process of this id exists (signal 0 checks without sending; EPERM: it exists, someone else's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

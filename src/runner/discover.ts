/**
 * From the paths on the command line to the files to lint: files as named, folders searched recursively
 * for `*.json`, globs expanded. A file named explicitly must be a flow; a folder or glob may hold other JSON.
 *
 * Folder scans and globs do not follow symbolic links (Prettier does the same): a link in a repository
 * must not make `lint --fix` rewrite files outside the folder it was given. A link named on the command
 * line is read, and fixed, where it points.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface Target {
  path: string;
  explicit: boolean;
  /**
   * Not a regular file (a FIFO such as bash's <(…), a device): it can be read only once, so it is read as bytes
   * (see readSource). A folder scan's or a glob's `*.json` entries are taken for regular files.
   */
  stream?: true;
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];

export async function discover(patterns: string[], cwd = process.cwd()): Promise<{ targets: Target[]; missing: string[] }> {
  const found = new Map<string, Target>();
  const missing: string[] = [];
  const add = (file: string, explicit: boolean, stream = false) => {
    const absolute = path.resolve(cwd, file);
    const known = found.get(absolute);
    if (!known) found.set(absolute, stream ? { path: absolute, explicit, stream } : { path: absolute, explicit });
    else known.explicit ||= explicit;
  };
  for (const pattern of patterns) {
    let stat: Stats | undefined;
    try {
      stat = statSync(path.resolve(cwd, pattern), { throwIfNoEntry: false });
    } catch {
      // It is there but cannot be looked at (a folder on its way is unreadable: EACCES; a link loop): reading it
      // fails too, and says why as a fatal finding on this file while the others are linted. A glob is expanded
      // below, which names the folder it cannot list.
      if (!isDynamicPattern(pattern)) {
        add(pattern, true);
        continue;
      }
    }
    if (stat?.isDirectory()) {
      const scan = scanFolder(path.resolve(cwd, pattern));
      for (const file of scan.files) add(file, false);
      // A folder it cannot list is a target of its own: reading it fails, and lintPath says so as a fatal finding
      // on the folder, rather than CI passing for want of files.
      // (Not as if named: the config's ignores apply to it as to the files it would hold.)
      for (const folder of scan.unreadable) add(folder, false);
    } else if (stat) add(pattern, true, !stat.isFile()); // a file, or a FIFO such as bash's <(…): read as named
    else if (isDynamicPattern(pattern)) {
      const files = await glob(pattern, { cwd, ignore: IGNORED, absolute: true, followSymbolicLinks: false });
      // The glob library passes over a folder it cannot list without a word: those its matches could be in are
      // targets of their own, reported as a folder scan reports them, rather than a CI run passing for want of files.
      const unreadable = unreadableFolders(pattern, cwd);
      if (files.length === 0 && unreadable.length === 0) missing.push(pattern);
      for (const file of files) add(file, false);
      for (const folder of unreadable) add(folder, false);
    } else missing.push(pattern);
  }
  const targets = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { targets, missing };
}

/**
 * The folders a glob's matches could be in that cannot be listed: below the pattern's static part (`flows` of
 * `flows/{prod,staging}/**\/*.json`), the folders whose path matches the start of the pattern segment by segment,
 * as the glob library decides which folders to enter; a folder that matches the whole pattern is entered all the
 * way down, as the library expands a matched folder to its files (`expandDirectories`). Dot folders and
 * node_modules aside, as the glob leaves them. Only folders are walked (their entries' types come with the listing).
 */
function unreadableFolders(pattern: string, cwd: string): string[] {
  const { base, glob: rest } = picomatch.scan(pattern);
  // The static part as the file system names it: picomatch keeps its escapes (`\[draft\]`).
  const root = path.resolve(cwd, base.replace(/\\(.)/g, '$1') || '.');
  // Empty segments (a trailing '/', a '//') match nothing of their own: picomatch refuses an empty pattern.
  const segments = rest.split('/').filter((segment) => segment !== '');
  // A brace or an extglob that spans a '/' cannot be matched segment by segment: every folder below may hold matches.
  const whole = /[{(][^})]*\//.test(rest);
  const matchers = segments.map((segment) => (segment === '**' ? undefined : picomatch(segment)));
  const mayHoldMatches = (relative: string[]): boolean => {
    if (whole) return true;
    for (let i = 0; i < relative.length; i++) {
      if (i >= matchers.length) return true; // below a folder that matches the whole pattern: expanded
      const matcher = matchers[i];
      if (matcher === undefined) return true; // '**'
      if (!matcher(relative[i]!)) return false;
    }
    return true;
  };
  const unreadable: string[] = [];
  const folders: [string, string[]][] = [[root, []]];
  for (let next = folders.pop(); next !== undefined; next = folders.pop()) {
    const [folder, relative] = next;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      // A static part that does not exist holds no matches: nothing to report.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') unreadable.push(folder);
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const below = [...relative, entry.name];
      if (mayHoldMatches(below)) folders.push([path.join(folder, entry.name), below]);
    }
  }
  return unreadable;
}

/**
 * `**\/*.json` under a folder: regular files only (no link followed, see above), no dot files or dot folders,
 * no node_modules. A walk of its own rather than the glob library's, which skips a folder it cannot list
 * without a word: here each such folder is returned.
 */
function scanFolder(root: string): { files: string[]; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      unreadable.push(folder);
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') folders.push(path.join(folder, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path.join(folder, entry.name));
    }
  }
  return { files, unreadable };
}

import path from 'node:path';

/**
 * A file's path as reports, messages and patches name it: relative to the working folder with '/' separators,
 * absolute outside it.
 */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

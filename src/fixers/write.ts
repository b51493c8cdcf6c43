/**
 * Writing a fixed file so that it is never left half-written: a temporary file in the same folder, with the
 * original's mode, then a rename over the original.
 */
import { chmodSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(filePath: string, content: string): void {
  const mode = statSync(filePath).mode & 0o7777;
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.studio-lint-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(temp, content, { mode });
    chmodSync(temp, mode);
    renameSync(temp, filePath);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created
    }
    throw error;
  }
}

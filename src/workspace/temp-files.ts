import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_FILE } from './atomic-write.js';

/** What versions before 0.1 named their temporary files: `<target>.<pid>.<hex>.tmp`. */
const LEGACY_TEMP_FILE = /\.ya?ml\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Whether a file name is one of this tool's temporary files. */
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name) || LEGACY_TEMP_FILE.test(name);
}

/** Folders never walked for temp files: not ours, and large. */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Removes the temporary files that killed runs left anywhere in the repository, so the tree
 * converges to a clean run's bytes. Called under the repository lock, before planning, so no
 * live run's files are touched and no plan sees them. Links are not followed.
 * @returns the removed files
 */
export function removeStaleTempFiles(root: string): string[] {
  const removed: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(path);
      else if (entry.isFile() && isTempFile(entry.name)) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  };
  walk(root);
  return removed;
}

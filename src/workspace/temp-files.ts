import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_FILE } from './atomic-write.js';

/** What versions before 0.1 named their temporary files: `<target>.<pid>.<hex>.tmp`. */
const LEGACY_TEMP_FILE = /\.ya?ml\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes temporary files that a killed run left in `dirs` (absolute), so the tree converges to
 * a clean run's bytes. Runs under the repository lock, so no live run's files are touched.
 * @returns the removed files
 */
export function removeStaleTempFiles(dirs: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // not there yet
    }
    for (const name of names) {
      if (!TEMP_FILE.test(name) && !LEGACY_TEMP_FILE.test(name)) continue;
      rmSync(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}

// The one module needed, not the package's index (19 modules), which every run would load.
import { createTwoFilesPatch } from 'diff/lib/patch/create.js';
import type { FileChange } from './plan-writer.js';

/**
 * The unified diff of what a run changes, file by file, as `git diff` shows it (a new file
 * against /dev/null). Empty when nothing changes.
 */
export function formatChanges(changes: readonly FileChange[]): string {
  return changes
    .map(({ path, before, after }) => {
      const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${path}`, after === undefined ? '/dev/null' : `b/${path}`, before ?? '', after ?? '', undefined, undefined, {
        context: 3,
      });
      // jsdiff opens with an "Index:"-less header line of '=' when given names; keep git's shape.
      return patch.replace(/^=+\n/m, '');
    })
    .join('');
}

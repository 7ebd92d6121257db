import { resolveCoreDnsConfig } from '../../model/index.js';
import { planCoreDnsDirectory } from '../../render/index.js';

/**
 * The owned files as the stored answers render them: a file on disk equal to this was not
 * edited by hand, so new answers may replace it without asking.
 */
export function previousOwnedFiles(stored: unknown): Map<string, string> {
  if (stored === undefined) return new Map();
  try {
    return new Map(planCoreDnsDirectory(resolveCoreDnsConfig(stored)).map((file) => [file.path, file.contents]));
  } catch {
    return new Map(); // stored answers no longer valid: treat every difference as a hand edit
  }
}

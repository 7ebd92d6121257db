import { InputError, YO_RC_NAMESPACE } from '../model/index.js';
import type { PlannedFile } from '../render/index.js';
import { readRepoFile } from '../workspace/index.js';
import { isMap } from '../private/is-map.js';

/** Where Yeoman keeps answers: the repository's `.yo-rc.json`. */
export const YO_RC_FILE = '.yo-rc.json';

/** The parsed `.yo-rc.json`, or undefined when there is none. A broken one is an input error. */
export function readYoRc(root: string): Record<string, unknown> | undefined {
  const text = readRepoFile(root, YO_RC_FILE);
  if (text === undefined) return undefined;
  let parsed: unknown;
  let problem = 'is not a JSON object';
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    problem = `is not valid JSON (${(error as Error).message})`;
  }
  if (isMap(parsed)) return parsed;
  throw new InputError([{ code: 'yo-rc-invalid', path: YO_RC_FILE, message: problem, fix: 'repair it (it holds the stored answers), or delete it and pass --answers' }]);
}

/** The answers a service stored, if any. */
export function storedAnswers(yoRc: Record<string, unknown> | undefined, service: string): unknown {
  return (yoRc?.[YO_RC_NAMESPACE] as Record<string, unknown> | undefined)?.[service];
}

/**
 * `.yo-rc.json` with `service`'s answers replaced, every other key kept, written the way Yeoman
 * writes it (two-space JSON and a final newline), so either front door leaves the same bytes.
 */
export function plannedYoRc(yoRc: Record<string, unknown> | undefined, service: string, answers: unknown): PlannedFile {
  const namespace = { ...(yoRc?.[YO_RC_NAMESPACE] as Record<string, unknown> | undefined), [service]: answers };
  return { path: YO_RC_FILE, contents: `${JSON.stringify({ ...yoRc, [YO_RC_NAMESPACE]: namespace }, null, 2)}\n`, role: 'merged' };
}

import { InputError, REPOSITORY_KEY, YO_RC_NAMESPACE, repositoryModelFromYoRc, toStoredRepository } from '../model/index.js';
import type { PlannedFile } from '../kit/index.js';
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
    // Editors on Windows save a UTF-8 BOM; JSON.parse takes it for a stray character.
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    // V8's message may quote the input ("{"generato"... is not valid JSON"): only what and where are kept.
    const detail = (error as Error).message
      .replace(/,\s*(?:\.\.\.)?".* is not valid JSON$/s, '')
      .replace(/ in JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_match, at: string) => ` at ${where(text, Number(at))}`)
      .slice(0, 120);
    problem = `is not valid JSON (${detail})`;
  }
  if (isMap(parsed)) return parsed;
  throw new InputError([{ code: 'yo-rc-invalid', path: YO_RC_FILE, message: problem, fix: 'repair it (it holds the stored answers), or delete it and pass --answers' }]);
}

/** Line and column of a character offset. */
function where(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** The answers a service stored, if any. */
export function storedAnswers(yoRc: Record<string, unknown> | undefined, service: string): unknown {
  return (yoRc?.[YO_RC_NAMESPACE] as Record<string, unknown> | undefined)?.[service];
}

/**
 * `.yo-rc.json` with `service`'s answers replaced (and the `also` keys beside them: the
 * repository model, other services' answers a cluster change touched), every other key kept,
 * written the way Yeoman writes it (two-space JSON and a final newline), so either front door
 * leaves the same bytes.
 */
export function plannedYoRc(yoRc: Record<string, unknown> | undefined, service: string, answers: unknown, also: Readonly<Record<string, unknown>> = {}): PlannedFile {
  const before = yoRc?.[YO_RC_NAMESPACE] as Record<string, unknown> | undefined;
  const namespace = { ...before, [service]: answers, ...also };
  // CoreDNS's answers still list the clusters (for one release): a migrated repository model follows them.
  if (before?.[REPOSITORY_KEY] !== undefined && also[REPOSITORY_KEY] === undefined) {
    const legacy = repositoryModelFromYoRc({ [YO_RC_NAMESPACE]: { [service]: answers } });
    if (legacy.clusters.length > 0) namespace[REPOSITORY_KEY] = toStoredRepository(legacy);
  }
  return { path: YO_RC_FILE, contents: `${JSON.stringify({ ...yoRc, [YO_RC_NAMESPACE]: namespace }, null, 2)}\n`, role: 'merged' };
}

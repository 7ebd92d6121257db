import { isDeepStrictEqual } from 'node:util';
import { InputError, type RepositoryModel, YO_RC_NAMESPACE, repositoryModelFromYoRc } from '../model/index.js';
import { type ConflictPolicy, DiskTreeReader, type PlanWriteResult, acquireRepoLock, removeStaleTempFiles, writePlanSync } from '../workspace/index.js';
import type { PlatformService } from './platform-service.js';
import { YO_RC_FILE, plannedYoRc, readYoRc, storedAnswers } from './yo-rc.js';

export interface RunServiceOptions {
  /** The repository root. */
  readonly root: string;
  /** The answers for this run, given what the service stored before (undefined on a first run). */
  readonly answers: (stored: unknown) => unknown;
  /** Hand-edited owned files: stop the run (default), force over them, or keep them. @default 'stop' */
  readonly policy?: ConflictPolicy;
  /** Write nothing; the result says what would change. @default false */
  readonly dryRun?: boolean;
  /**
   * Owned files known not to be hand edits (a recognised chart bump), by path; read after
   * `answers` ran, so that step may fill it.
   */
  readonly accepted?: ReadonlyMap<string, string>;
}

export interface RunServiceResult extends PlanWriteResult {
  readonly notes: readonly string[];
}

/**
 * One non-interactive run of a service, without Yeoman: under the repository lock, read the
 * stored answers, resolve, plan, and write the plan and the new stored answers through the one
 * writer. The Yeoman generators do the same steps, with prompts and Yeoman's conflict prompt.
 */
export function runService<Config>(service: PlatformService<Config>, options: RunServiceOptions): RunServiceResult {
  const release = acquireRepoLock(options.root);
  try {
    if (!options.dryRun) removeStaleTempFiles(options.root);
    const yoRc = readYoRc(options.root);
    const repository = repositoryModelFromYoRc(yoRc);
    const stored = storedAnswers(yoRc, service.name);
    const before = checkStored(service, stored, repository);
    const config = service.resolve(options.answers(stored), repository);
    const plan = service.plan(config, new DiskTreeReader(options.root));
    const next = service.toStored(config);
    const files = isDeepStrictEqual(stored, next) ? plan.files : [...plan.files, plannedYoRc(yoRc, service.name, next)];
    const result = writePlanSync(files, {
      root: options.root,
      previous: new Map([...ownedContents(service, before), ...(options.accepted ?? [])]),
      policy: options.policy ?? 'stop',
      ...(options.dryRun ? { dryRun: true } : {}),
    });
    return { ...result, notes: plan.notes };
  } finally {
    release();
  }
}

/**
 * Stored answers are input like any other (a hand-edited or hostile .yo-rc.json): checked on
 * every read, with errors naming .yo-rc.json and the field.
 * @returns the stored answers resolved (what the files looked like), undefined on a first run
 */
export function checkStored<Config>(service: PlatformService<Config>, stored: unknown, repository: RepositoryModel): Config | undefined {
  if (stored === undefined || stored === null) return undefined;
  try {
    return service.resolve(stored, repository);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((issue) => ({
        code: issue.code,
        path: `${YO_RC_FILE} ${YO_RC_NAMESPACE}.${service.name}${issue.path.startsWith('(') ? '' : `.${issue.path}`}`,
        message: issue.message,
        fix: `${issue.fix}, in ${YO_RC_FILE} (every run reads the answers stored there)`,
      })),
      `Invalid answers stored in ${YO_RC_FILE}`,
    );
  }
}

/**
 * The owned files as the stored answers render them: a file on disk equal to this was not
 * edited by hand, so new answers may replace it without asking.
 */
export function previousOwnedFiles<Config>(service: PlatformService<Config>, stored: unknown, repository = repositoryModelFromYoRc(undefined)): Map<string, string> {
  if (stored === undefined) return new Map();
  try {
    return ownedContents(service, service.resolve(stored, repository));
  } catch {
    return new Map(); // stored answers no longer valid: treat every difference as a hand edit
  }
}

/** Owned files by path, as `config` renders them (none without a config). */
function ownedContents<Config>(service: PlatformService<Config>, config: Config | undefined): Map<string, string> {
  return new Map(config === undefined ? [] : service.ownedFiles(config).map((file) => [file.path, file.contents]));
}

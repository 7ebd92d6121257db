import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { PlannedFile } from '../../kit/index.js';
import { type RepositoryModel, repositoryModelFromYoRc } from '../../model/index.js';
import { type PlatformService, plannedYoRc, readYoRc, storedAnswers } from '../../services/index.js';
import { DiskTreeReader, acquireRepoLock, removeStaleTempFiles, type ReleaseLock } from '../../workspace/index.js';
import type { OptionTable } from '../../options/index.js';
import { registerOptions } from '../options/register-options.js';
import { InMemoryStorage } from './in-memory-storage.js';
import { type WriteWithConflictsOptions, writeWithConflicts } from './write-with-conflicts.js';

/** The options every platform generator takes (COMMON_OPTIONS) that decide how it writes. */
interface WriteOptions {
  force?: boolean;
  interactive?: boolean;
  dryRun?: boolean;
}

/** Where a run's answers are stored in .yo-rc.json, and what to store. */
interface StoredAnswers {
  /** The key under `generator-platform` (the service's name). */
  readonly key: string;
  /** The answers in their stored form. */
  readonly answers: unknown;
  /** The service those answers belong to, whose owned files they render. @default CORE_DNS_SERVICE */
  readonly service?: PlatformService<unknown>;
  /** Other keys under `generator-platform` this run sets in the same write (the repository model, other services' answers). @default none */
  readonly also?: Readonly<Record<string, unknown>>;
}

/**
 * What every platform generator shares: no package-manager step, and one run at a time per
 * repository. Under the lock (from `initializing` until `end`) a run reads its stored answers and
 * the repository from disk and writes through the one writer, never through Yeoman's in-memory
 * copy of `.yo-rc.json`: that copy is read when Yeoman builds the generator, before the lock, and
 * may be stale by the time the run holds it.
 */
export abstract class PlatformGenerator<O extends BaseOptions & WriteOptions> extends Generator<Record<string, unknown>, O> {
  /** The options this generator declared (its option tables): what the CLI checks argv against. */
  declaredOptions: OptionTable = {};
  /** Errors the check after writing found in this run: the CLI exits 1 when there are any. */
  validationErrors = 0;
  private releaseLock: ReleaseLock | undefined;
  /** .yo-rc.json as read under the lock; nothing else writes it until this run does. */
  private yoRc: Record<string, unknown> | undefined;

  constructor(args: string[], options: O) {
    // Yeoman parses .yo-rc.json while it builds the generator and would stop on a broken one with
    // its own words; checked first, the error names the file, the fix and the rule code.
    const root = resolve((options as { destinationRoot?: string }).destinationRoot ?? options.env?.cwd ?? process.cwd());
    if (!(options as { help?: boolean }).help && existsSync(root)) readYoRc(root);
    // inheritTasks: `initializing` below runs for every subclass (none defines its own).
    super(args, options, { customInstallTask: true, inheritTasks: true });
  }

  /** Never `~/.yo-rc-global.json`: see InMemoryStorage. */
  override _getGlobalStorage(): InMemoryStorage {
    return new InMemoryStorage(this);
  }

  // Yeoman's inheritTasks keeps one method per task name: a subclass that defined its own
  // `initializing` would run unlocked (test/architecture/generator-tasks.test.ts forbids it).
  initializing(): void {
    this.releaseLock = acquireRepoLock(this.destinationRoot());
    // A dry run deletes nothing, not even a killed run's temp files.
    if (this.options.dryRun !== true) removeStaleTempFiles(this.destinationRoot());
    this.yoRc = readYoRc(this.destinationRoot());
  }

  /**
   * A task that fails ends the run: the lock (and its holder record beside .yo-rc.json where the
   * repository has no .git) goes at once, not when the process exits, so a refused run leaves
   * the tree as it was.
   */
  override async executeTask(...args: Parameters<Generator['executeTask']>): Promise<void> {
    const [task, ...rest] = args;
    const reject = task.reject;
    const released = reject
      ? {
          ...task,
          reject: (error: unknown) => {
            this._releaseLock();
            reject(error);
          },
        }
      : task;
    try {
      await super.executeTask(released, ...rest);
    } catch (error) {
      this._releaseLock();
      throw error;
    }
  }

  /** Registers the options of `table` with Yeoman and keeps the table (declaredOptions). */
  protected _declareOptions(table: OptionTable): void {
    registerOptions(this, table);
    this.declaredOptions = { ...this.declaredOptions, ...table };
  }

  /** The answers stored under `key` in .yo-rc.json, as read from disk under the lock. */
  protected _storedAnswers(key: string): unknown {
    return storedAnswers(this.yoRc, key);
  }

  /** The repository model (its clusters) in .yo-rc.json, as read under the lock. */
  protected _repositoryModel(): RepositoryModel {
    return repositoryModelFromYoRc(this.yoRc);
  }

  /** The repository as it is on disk, for planning. */
  protected _treeReader(): DiskTreeReader {
    return new DiskTreeReader(this.destinationRoot());
  }

  /** Whether the run may ask (prompts, hand-edited files): --interactive / --no-interactive, else whether stdin is a terminal. */
  protected _isInteractive(): boolean {
    return this.options.interactive ?? process.stdin.isTTY === true;
  }

  /** Called first in each subclass's `end`, once the run has written. */
  protected _releaseLock(): void {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  /**
   * The one way a generator writes: the plan and, when they changed, the answers in .yo-rc.json,
   * all through the one writer (temp file and rename: Yeoman's own commit writes .yo-rc.json in
   * place, and a run starting meanwhile could read half of it). A hand-edited owned file goes to
   * Yeoman's conflict prompt when interactive, else stops the run; --dry-run prints the diff.
   */
  protected async _writePlan(planned: readonly PlannedFile[], store: StoredAnswers, overrides: Partial<WriteWithConflictsOptions> = {}): Promise<void> {
    const stored = this._storedAnswers(store.key);
    await writeWithConflicts({
      root: this.destinationRoot(),
      planned: this._storedUnchanged(store) ? planned : [...planned, plannedYoRc(this.yoRc, store.key, store.answers, store.also)],
      stored,
      ...(store.service ? { service: store.service } : {}),
      force: this.options.force === true,
      interactive: this._isInteractive(),
      adapter: this.env.adapter,
      log: this.log,
      dryRun: this.options.dryRun === true,
      ...overrides,
    });
  }

  /** Whether .yo-rc.json already holds every key `store` sets, as it would set them. */
  private _storedUnchanged(store: StoredAnswers): boolean {
    const keys = { ...store.also, [store.key]: store.answers };
    return Object.entries(keys).every(([key, answers]) => isDeepStrictEqual(this._storedAnswers(key), answers));
  }
}

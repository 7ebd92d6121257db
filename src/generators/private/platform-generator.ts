import { isDeepStrictEqual } from 'node:util';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { PlannedFile } from '../../render/index.js';
import { type PlatformService, YO_RC_FILE } from '../../services/index.js';
import { acquireRepoLock, readRepoFile, removeStaleTempFiles, type ReleaseLock } from '../../workspace/index.js';
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
  readonly service?: PlatformService<any>;
}

/**
 * What every platform generator shares: no package-manager step, and one run at a time per
 * repository (the lock is taken before `.yo-rc.json` is first read and released once Yeoman has
 * committed its files, so parallel runs never lose each other's answers).
 */
export abstract class PlatformGenerator<O extends BaseOptions & WriteOptions> extends Generator<Record<string, unknown>, O> {
  private releaseLock: ReleaseLock | undefined;

  constructor(args: string[], options: O) {
    // inheritTasks: `initializing` below runs for every subclass.
    super(args, options, { customInstallTask: true, inheritTasks: true });
  }

  initializing(): void {
    const root = this.destinationRoot();
    this.releaseLock = acquireRepoLock(root);
    removeStaleTempFiles(root);
    // Yeoman read .yo-rc.json when it built this generator, before the lock: read it again, so
    // a run that finished meanwhile is not overwritten with what we read then.
    const onDisk = readRepoFile(root, YO_RC_FILE);
    const path = this.destinationPath(YO_RC_FILE);
    if (onDisk !== undefined && onDisk !== this.fs.read(path, { defaults: null })) this.fs.write(path, onDisk);
  }

  /** Whether the run may ask (prompts, hand-edited files): --interactive / --no-interactive, else whether stdin is a terminal. */
  protected _isInteractive(): boolean {
    return this.options.interactive ?? process.stdin.isTTY === true;
  }

  /** Called first in each subclass's `end`, after Yeoman has written .yo-rc.json. */
  protected _releaseLock(): void {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  /**
   * The one way a generator writes: the plan through the one writer (a hand-edited owned file goes
   * to Yeoman's conflict prompt when interactive, else stops the run; --dry-run prints the diff),
   * then the answers into .yo-rc.json when they changed, never after a dry run.
   */
  protected async _writePlan(planned: readonly PlannedFile[], store: StoredAnswers, overrides: Partial<WriteWithConflictsOptions> = {}): Promise<void> {
    const written = await writeWithConflicts({
      root: this.destinationRoot(),
      planned,
      stored: this.config.get(store.key),
      ...(store.service ? { service: store.service } : {}),
      force: this.options.force === true,
      interactive: this._isInteractive(),
      adapter: this.env.adapter,
      log: this.log,
      dryRun: this.options.dryRun === true,
      ...overrides,
    });
    // .yo-rc.json goes through mem-fs; touch it only when the answers changed.
    if (written && !isDeepStrictEqual(this.config.get(store.key), store.answers)) this.config.set(store.key, store.answers);
  }
}

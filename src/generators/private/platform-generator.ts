import Generator, { type BaseOptions } from 'yeoman-generator';
import { acquireRepoLock, type ReleaseLock } from '../../workspace/index.js';

/**
 * What every platform generator shares: no package-manager step, and one run at a time per
 * repository (the lock is taken before `.yo-rc.json` is first read and released once Yeoman has
 * committed its files, so parallel runs never lose each other's answers).
 */
export abstract class PlatformGenerator<O extends BaseOptions> extends Generator<Record<string, unknown>, O> {
  private releaseLock: ReleaseLock | undefined;

  constructor(args: string[], options: O) {
    // inheritTasks: `initializing` below runs for every subclass.
    super(args, options, { customInstallTask: true, inheritTasks: true });
  }

  initializing(): void {
    this.releaseLock = acquireRepoLock(this.destinationRoot());
  }

  /** Called first in each subclass's `end`, after Yeoman has written .yo-rc.json. */
  protected _releaseLock(): void {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }
}

import Generator, { type BaseOptions } from 'yeoman-generator';
import { YO_RC_FILE } from '../../services/index.js';
import { acquireRepoLock, readRepoFile, removeStaleTempFiles, type ReleaseLock } from '../../workspace/index.js';

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
    const root = this.destinationRoot();
    this.releaseLock = acquireRepoLock(root);
    removeStaleTempFiles(root);
    // Yeoman read .yo-rc.json when it built this generator, before the lock: read it again, so
    // a run that finished meanwhile is not overwritten with what we read then.
    const onDisk = readRepoFile(root, YO_RC_FILE);
    const path = this.destinationPath(YO_RC_FILE);
    if (onDisk !== undefined && onDisk !== this.fs.read(path, { defaults: null })) this.fs.write(path, onDisk);
  }

  /** Called first in each subclass's `end`, after Yeoman has written .yo-rc.json. */
  protected _releaseLock(): void {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }
}

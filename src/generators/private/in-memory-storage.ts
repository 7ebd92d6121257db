import { Storage } from 'yeoman-generator';

type StorageRecord = Record<string, unknown>;

/**
 * Yeoman's global prompt store (`~/.yo-rc-global.json`, answers of questions marked `store: true`)
 * kept in memory. Our generators ask no such question, and the user's home folder is outside the
 * repository: `yo` run as root switches to another user but keeps HOME, and reading it there
 * failed with EACCES before any generator code ran.
 */
export class InMemoryStorage extends Storage {
  // `declare`: no initializer, because Storage's constructor already reads the content.
  declare private content: StorageRecord | undefined;

  /** `generator` gives the editor Storage requires (never used) and the store's name. */
  constructor(generator: { fs: Storage['fs']; rootGeneratorName(): string; rootGeneratorVersion(): string }) {
    super(generator.fs, '.yo-rc-global.json (kept in memory)', { name: `${generator.rootGeneratorName()}:${generator.rootGeneratorVersion()}` });
  }

  override readContent(): StorageRecord {
    return this.content ?? {};
  }

  override writeContent(fullStore: Parameters<Storage['writeContent']>[0]): string {
    if (fullStore !== null && typeof fullStore === 'object' && !Array.isArray(fullStore)) this.content = fullStore as StorageRecord;
    return JSON.stringify(fullStore);
  }
}

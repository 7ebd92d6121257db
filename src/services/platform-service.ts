import type { RepositoryModel } from '../model/index.js';
import type { PlannedFile, TreeReader } from '../kit/index.js';

/** What a service plans: files and things to tell the user. */
export interface ServicePlan {
  readonly files: readonly PlannedFile[];
  readonly notes: readonly string[];
}

/**
 * One platform service (CoreDNS today): the unit the generators, the CLI, the projen component
 * and `validate` are wired to. Adding a service is implementing this and registering it
 * (docs/architecture.md, "Adding the next platform service").
 */
export interface PlatformService<Config = unknown> {
  /** Its name: the `platform-gitops <name>` command and its key under `generator-platform` in .yo-rc.json. */
  readonly name: string;
  /** One line for `--help` listings. */
  readonly summary: string;
  /**
   * Checks answers (from any front door) and fills in every default, reading the repository's
   * clusters from `repository` where the answers do not carry them.
   * @throws InputError naming every problem, before anything is read or written
   */
  resolve(answers: unknown, repository: RepositoryModel): Config;
  /** The explicit answers that reproduce `config`: what .yo-rc.json stores. */
  toStored(config: Config): unknown;
  /** Every file the service needs, merged into what `reader` finds. */
  plan(config: Config, reader: TreeReader): ServicePlan;
  /** The files the service owns whole, as `config` renders them (to tell hand edits from old renders). */
  ownedFiles(config: Config): readonly PlannedFile[];
}

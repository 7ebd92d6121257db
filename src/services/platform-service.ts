import type { ClusterChange, RepositoryModel } from '../model/index.js';
import type { GivenValues, PromptedTable } from '../options/index.js';
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
  /**
   * For a service whose files depend on the clusters: its stored answers once platform:cluster
   * made `change` (a per-cluster answer added with its default, or dropped). platform:cluster
   * then plans the service again in the same run and the same write. Absent: the service's
   * files do not depend on the clusters.
   */
  followClusters?(stored: unknown, change: ClusterChange): unknown;
  /**
   * Its front doors, when they are the generic ones: `yo platform:<name>` (the shim
   * generators/<name>/index.js), `platform-gitops <name>` and `yo platform`'s list all come from
   * this. Absent: the service has front doors of its own (CoreDNS, ci).
   */
  readonly frontDoor?: ServiceFrontDoor;
  /**
   * Registers what validate checks on releases of the service's chart (registerService calls it
   * once). A function, so validate's typed objects stay out of the public declarations. @default none
   */
  readonly registerChartChecks?: () => void;
}

/** How the generic generator and command ask for a service's answers. */
export interface ServiceFrontDoor {
  /** What `yo platform` says it does. */
  readonly does: string;
  /** Its options, each with the prompt that asks for it when not given. */
  readonly table: PromptedTable;
  /**
   * The answers from what the service stored and the options and prompts given (`given`, by
   * camelCase option name); an answer nobody gave keeps its stored value or its default.
   */
  gather(stored: unknown, given: GivenValues): unknown;
  /** Prompt defaults from the stored answers, by camelCase option name. @default the table's */
  defaults?(stored: unknown): Readonly<Record<string, string | undefined>>;
}

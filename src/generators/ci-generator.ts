import type { BaseOptions } from 'yeoman-generator';
import { type CiAnswers, type CiConfig, DEFAULT_NODE_VERSION, DEFAULT_PACKAGE_SPEC } from '../services/ci/index.js';
import { splitList } from '../model/index.js';
import { detectGitopsPaths } from '../services/ci/index.js';
import { type PlannedFile } from '../kit/index.js';
import { CI_SERVICE, checkStored } from '../services/index.js';
import type { OptionValues } from '../options/index.js';
import { CI_OPTIONS } from '../services/ci/ci-options.js';
import { tablePrompts } from './options/index.js';
import { gatherCiAnswers, shardAnswer } from '../services/ci/ci-answers.js';
import { PlatformGenerator } from './private/platform-generator.js';

/** Options of `yo platform:ci` / `platform-gitops ci` (see CI_OPTIONS). */
export type CiGeneratorOptions = BaseOptions & OptionValues<typeof CI_OPTIONS>;

const NO_REPOSITORY = { clusters: [] };

/** `platform:ci`: the GitHub Actions workflow (validate, diff comment) and renovate.json. */
export default class CiGenerator extends PlatformGenerator<CiGeneratorOptions> {
  private answers: CiAnswers = {};
  private config_: CiConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: readonly string[] = [];

  constructor(args: string[], options: CiGeneratorOptions) {
    super(args, options);
    this._declareOptions(CI_OPTIONS);
  }

  async prompting(): Promise<void> {
    const stored = this._storedAnswers(CI_SERVICE.name) as CiAnswers | undefined;
    checkStored(CI_SERVICE, stored, NO_REPOSITORY);
    const reader = this._treeReader();
    this.answers = gatherCiAnswers(this.options, stored, () => detectGitopsPaths(reader));
    // Every answer has a default: ask only in a terminal, on the first run or with --reconfigure.
    const interactive = this._isInteractive();
    if (interactive && (stored === undefined || this.options.reconfigure)) await this._ask(stored ?? {});
  }

  configuring(): void {
    this.config_ = CI_SERVICE.resolve(this.answers, NO_REPOSITORY);
    const plan = CI_SERVICE.plan(this.config_, this._treeReader());
    this.planned = [...plan.files];
    this.notes = plan.notes;
  }

  async writing(): Promise<void> {
    await this._writePlan(this.planned, { key: CI_SERVICE.name, answers: CI_SERVICE.toStored(this.config_!), service: CI_SERVICE });
    for (const note of this.notes) this.log.info(note);
  }

  end(): void {
    this._releaseLock();
  }

  /** Prompts for what no option gave, with the stored (or detected) answers as defaults. */
  private async _ask(stored: CiAnswers): Promise<void> {
    const o = this.options;
    const base = this.answers;
    type Asked = { gitopsPaths?: string; nodeVersion?: string; renovate?: boolean; packageSpec?: string; shard?: string };
    // An option given on the command line is not asked again.
    const defaults = {
      gitopsPaths: (stored.gitopsPaths ?? base.gitopsPaths ?? []).join(','),
      nodeVersion: stored.nodeVersion ?? DEFAULT_NODE_VERSION,
      packageSpec: stored.packageSpec ?? DEFAULT_PACKAGE_SPEC,
      renovate: stored.renovate ?? true,
      shard: String(stored.shards ?? 1),
    };
    const asked: Asked = await this.prompt(tablePrompts(CI_OPTIONS, o, { defaults }));
    if (asked.gitopsPaths !== undefined) base.gitopsPaths = splitList(String(asked.gitopsPaths));
    if (asked.nodeVersion !== undefined) base.nodeVersion = String(asked.nodeVersion).trim();
    if (asked.packageSpec !== undefined) base.packageSpec = String(asked.packageSpec).trim();
    if (asked.renovate !== undefined) base.renovate = asked.renovate === true;
    if (asked.shard !== undefined) base.shards = shardAnswer(String(asked.shard));
  }
}

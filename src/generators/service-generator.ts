import type { BaseOptions } from 'yeoman-generator';
import type { PlannedFile } from '../kit/index.js';
import { type PlatformService, type ServiceFrontDoor, checkStored, serviceWithFrontDoor } from '../services/index.js';
import { tablePrompts } from './options/index.js';
import { PlatformGenerator } from './private/platform-generator.js';
import { applyServiceDependsOn } from '../layout/repository-defaults.js';

/** The options every service generator takes (COMMON_OPTIONS); the rest are the service's table's. */
type ServiceGeneratorOptions = BaseOptions & { interactive?: boolean; force?: boolean; dryRun?: boolean } & Record<string, unknown>;

/**
 * `yo platform:<service>` for any registered service with a front door: its stored answers under
 * the lock, the options over them, prompts for what is missing in a terminal, then the service's
 * plan through the one writer. A service's shim is `serviceGenerator('<name>')`.
 */
abstract class ServiceGenerator extends PlatformGenerator<ServiceGeneratorOptions> {
  protected abstract readonly service: PlatformService;
  protected abstract readonly frontDoor: ServiceFrontDoor;
  private answers: unknown;
  private config_: unknown;
  private planned: PlannedFile[] = [];

  async prompting(): Promise<void> {
    const stored = this._storedAnswers(this.service.name);
    checkStored(this.service, stored, this._repositoryModel());
    const asked: Record<string, unknown> = this._isInteractive() ? await this.prompt(tablePrompts(this.frontDoor.table, this.options, { defaults: this.frontDoor.defaults?.(stored) ?? {} })) : {};
    this.answers = this.frontDoor.gather(stored, { ...this.options, ...asked });
    // Not given and not stored: the Kustomization deploying the repository's CNI.
    for (const line of applyServiceDependsOn(this.frontDoor.table, this.answers, stored, this._treeReader())) this.log.info(line);
  }

  configuring(): void {
    this.config_ = this.service.resolve(this.answers, this._repositoryModel());
    this.planned = [...this.service.plan(this.config_, this._treeReader()).files];
  }

  async writing(): Promise<void> {
    await this._writePlan(this.planned, { key: this.service.name, answers: this.service.toStored(this.config_), service: this.service });
  }

  end(): void {
    this._releaseLock();
  }
}

/** The Yeoman generator class of the registered service `name` (its shim's default export). */
export function serviceGenerator(name: string): new (args: string[], options: ServiceGeneratorOptions) => ServiceGenerator {
  const { service, frontDoor } = serviceWithFrontDoor(name);
  return class extends ServiceGenerator {
    protected readonly service = service;
    protected readonly frontDoor = frontDoor;
    constructor(args: string[], options: ServiceGeneratorOptions) {
      super(args, options);
      this._declareOptions(frontDoor.table);
    }
  };
}

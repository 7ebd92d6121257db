import type { CommandIo, OptionValues } from '../options/index.js';
import { serviceWithFrontDoor } from '../services/index.js';
import { runServiceCommand } from './service-command.js';
import { applyServiceDependsOn } from '../layout/repository-defaults.js';
import { DiskTreeReader } from '../workspace/index.js';

/** `platform-gitops <service>` for a service with the generic front door (ServiceFrontDoor). */
export function genericServiceCommand(name: string): (argv: readonly string[], io?: CommandIo) => Promise<number> {
  const { service, frontDoor } = serviceWithFrontDoor(name);
  return (argv, io = process) =>
    runServiceCommand(
      {
        generator: name,
        usage: `Usage: platform-gitops ${name} [options]   (the same as yo platform:${name})`,
        table: frontDoor.table,
        service,
        answers: (options: OptionValues<typeof frontDoor.table>, stored, root, { said }) => {
          const answers = frontDoor.gather(stored, options);
          // Not given and not stored: the Kustomization deploying the repository's CNI.
          said.push(...applyServiceDependsOn(frontDoor.table, answers, stored, new DiskTreeReader(root)));
          return answers;
        },
      },
      argv,
      io,
    );
}

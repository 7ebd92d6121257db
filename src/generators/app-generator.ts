import Generator from 'yeoman-generator';
import { InMemoryStorage } from './private/in-memory-storage.js';

/** What each sub-generator does, for `yo platform` (which has nothing to write itself). */
export const SUB_GENERATORS = [
  { name: 'coredns', does: 'write the CoreDNS GitOps setup for your clusters, in the layout your repository already has (--layout, --adopt)' },
  { name: 'cluster', does: 'add a cluster (--name, --service-cidr), or take one out (--remove)' },
  { name: 'alert', does: 'add a CoreDNS alert from the catalogue (--preset, --list) or your own PromQL (--name, --expr)' },
  { name: 'ci', does: 'add the GitHub Actions workflow (validate, diff comment on pull requests) and renovate.json' },
] as const;

/** The text `yo platform` prints. */
export function describeSubGenerators(): string {
  const width = Math.max(...SUB_GENERATORS.map((g) => g.name.length)) + 'yo platform:'.length;
  return [
    'generator-platform writes validated Flux CD GitOps manifests. Run one of:',
    '',
    ...SUB_GENERATORS.map((g) => `  ${`yo platform:${g.name}`.padEnd(width)}  ${g.does}`),
    '',
    'Each also runs without Yeoman as `npx platform-gitops <name>`; `platform-gitops validate` checks the result offline.',
    'Add --help to any of them for its options.',
  ].join('\n');
}

/** `yo platform`: prints what the sub-generators do; writes nothing. */
export default class AppGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
    super(args, options, { customInstallTask: true });
  }

  /** Never `~/.yo-rc-global.json`: see InMemoryStorage. */
  override _getGlobalStorage(): InMemoryStorage {
    return new InMemoryStorage(this);
  }

  default(): void {
    this.log(describeSubGenerators());
  }
}

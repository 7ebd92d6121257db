// A repository the size the html graph is for: two clusters of 50 Flux Kustomizations each (100
// in all), a HelmRelease under every app, dependsOn chains, and one Kustomization whose build
// fails (its spec.path does not exist).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CLUSTERS = ['east', 'west'] as const;
export const APPS_PER_CLUSTER = 49;
const TEAMS = ['team-a', 'team-b', 'team-c', 'team-d', 'team-e'];
/** The app whose Kustomization points at a missing folder, in the first cluster. */
export const FAILED_APP = 'app-07';

const app = (i: number) => `app-${String(i).padStart(2, '0')}`;
export const teamOf = (i: number) => TEAMS[Math.floor(i / 10) % TEAMS.length]!;

/** Writes the repository under `dir`. */
export function writeLargeFluxRepo(dir: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const cluster of CLUSTERS) {
    write(
      `kubernetes/clusters/${cluster}/apps.yaml`,
      `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${cluster}-apps
  namespace: flux-system
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: flux-system
  path: ./kubernetes/${cluster}/apps
  prune: true
`,
    );
    const folders = ['sources'];
    write(`kubernetes/${cluster}/apps/sources/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - helmrepository.yaml\n');
    write(
      `kubernetes/${cluster}/apps/sources/helmrepository.yaml`,
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://charts.example.com\n',
    );
    for (let i = 0; i < APPS_PER_CLUSTER; i++) {
      const name = app(i);
      const team = teamOf(i);
      folders.push(name);
      // Chains of up to ten within a team: each app waits for the one before it.
      const dependsOn = i % 10 === 0 ? '' : `  dependsOn:\n    - name: ${app(i - 1)}\n`;
      const path = cluster === CLUSTERS[0] && name === FAILED_APP ? `./kubernetes/${cluster}/apps/${name}/no-such-folder` : `./kubernetes/${cluster}/apps/${name}/release`;
      write(
        `kubernetes/${cluster}/apps/${name}/ks.yaml`,
        `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${team}
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: flux-system
    namespace: flux-system
  path: ${path}
  prune: true
${dependsOn}`,
      );
      write(`kubernetes/${cluster}/apps/${name}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ks.yaml\n');
      write(`kubernetes/${cluster}/apps/${name}/release/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - helmrelease.yaml\n');
      write(
        `kubernetes/${cluster}/apps/${name}/release/helmrelease.yaml`,
        `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${team}
spec:
  interval: 30m
  chart:
    spec:
      chart: ${name}
      version: 1.0.0
      sourceRef:
        kind: HelmRepository
        name: charts
        namespace: flux-system
${i % 10 === 0 ? '' : `  dependsOn:\n    - name: ${app(i - 1)}\n`}`,
      );
    }
    write(`kubernetes/${cluster}/apps/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${folders.map((f) => `  - ${f}\n`).join('')}`);
  }
}

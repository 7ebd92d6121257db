import type { ValuesShape } from '../../model/index.js';
import type { ProfiledRelease } from './helm-release-checks.js';
import { isMap } from '../objects/kube-objects.js';

/** Every values key the chart does not read: Helm ignores it silently. */
export function checkValuesKeys(release: ProfiledRelease): void {
  const { profile, report, keyHints } = release;
  const walk = (value: unknown, shape: ValuesShape, path: string) => {
    if (!isMap(value) || typeof shape === 'string') return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const childShape = shape[key];
      if (childShape === undefined) {
        report(
          'chart-unknown-key',
          'error',
          `spec.values.${childPath}`,
          `${profile.chart} chart ${profile.versions.join('/')} ignores ${childPath}`,
          keyHints[childPath] ?? "remove it; see the chart's values.yaml for the keys it reads",
        );
      } else {
        walk(child, childShape, childPath);
      }
    }
  };
  walk(release.values, profile.shape, '');
}

const PDB_SPEC_FIELDS = new Set(['minAvailable', 'maxUnavailable', 'selector', 'unhealthyPodEvictionPolicy']);

/** Charts that copy podDisruptionBudget into the PDB spec: only PDB spec fields belong there. */
export function checkPdbFields(release: ProfiledRelease): void {
  const pdb = isMap(release.values.podDisruptionBudget) ? release.values.podDisruptionBudget : {};
  for (const key of Object.keys(pdb).filter((k) => !PDB_SPEC_FIELDS.has(k))) {
    release.report(
      'chart-pdb-unknown-field',
      'error',
      `spec.values.podDisruptionBudget.${key}`,
      `the chart copies podDisruptionBudget into the PDB spec, where "${key}" is an unknown field (enabled: false cannot switch the PDB off)`,
      'keep only minAvailable or maxUnavailable (and selector)',
    );
  }
}

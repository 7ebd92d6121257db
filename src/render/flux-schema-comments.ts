import { EDITOR_SCHEMA_BASE_URL } from '../model/index.js';
/** JSON schemas editors use for these kinds (the yaml-language-server modeline public Flux repos carry). */
const SCHEMAS: Readonly<Record<string, string>> = {
  HelmRelease: `${EDITOR_SCHEMA_BASE_URL}/helm.toolkit.fluxcd.io/helmrelease_v2.json`,
  HelmRepository: `${EDITOR_SCHEMA_BASE_URL}/source.toolkit.fluxcd.io/helmrepository_v1.json`,
  OCIRepository: `${EDITOR_SCHEMA_BASE_URL}/source.toolkit.fluxcd.io/ocirepository_v1.json`,
  Kustomization: `${EDITOR_SCHEMA_BASE_URL}/kustomize.toolkit.fluxcd.io/kustomization_v1.json`,
  ServiceMonitor: `${EDITOR_SCHEMA_BASE_URL}/monitoring.coreos.com/servicemonitor_v1.json`,
  PrometheusRule: `${EDITOR_SCHEMA_BASE_URL}/monitoring.coreos.com/prometheusrule_v1.json`,
};

/** The file with `# yaml-language-server: $schema=<url>` after its first `---`, when its kind has one. */
export function withSchemaComment(contents: string): string {
  const kind = /^kind: (\S+)$/m.exec(contents)?.[1];
  const apiVersion = /^apiVersion: (\S+)$/m.exec(contents)?.[1] ?? '';
  // kustomize.config.k8s.io Kustomizations are kustomize's, not Flux's.
  const url = kind && !apiVersion.startsWith('kustomize.config.k8s.io') ? SCHEMAS[kind] : undefined;
  if (!url || !contents.startsWith('---\n')) return contents;
  return `---\n# yaml-language-server: $schema=${url}\n${contents.slice(4)}`;
}

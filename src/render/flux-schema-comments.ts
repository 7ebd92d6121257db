/** JSON schemas editors use for these kinds (the yaml-language-server modeline public Flux repos carry). */
const SCHEMAS: Readonly<Record<string, string>> = {
  HelmRelease: 'https://kubernetes-schemas.pages.dev/helm.toolkit.fluxcd.io/helmrelease_v2.json',
  HelmRepository: 'https://kubernetes-schemas.pages.dev/source.toolkit.fluxcd.io/helmrepository_v1.json',
  OCIRepository: 'https://kubernetes-schemas.pages.dev/source.toolkit.fluxcd.io/ocirepository_v1.json',
  Kustomization: 'https://kubernetes-schemas.pages.dev/kustomize.toolkit.fluxcd.io/kustomization_v1.json',
  ServiceMonitor: 'https://kubernetes-schemas.pages.dev/monitoring.coreos.com/servicemonitor_v1.json',
  PrometheusRule: 'https://kubernetes-schemas.pages.dev/monitoring.coreos.com/prometheusrule_v1.json',
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

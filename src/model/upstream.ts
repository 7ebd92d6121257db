/**
 * Every address and version of an upstream project the output or the checks name, in one place,
 * so a move upstream is one edit.
 */

/** The classic Helm repository that has served every coredns chart version. */
export const CHART_HELM_REPOSITORY_URL = 'https://coredns.github.io/helm';
/** The OCI location the chart's release workflow pushes to (cosign-signed). */
export const CHART_OCI_URL = 'oci://ghcr.io/coredns/charts/coredns';
/** The coredns-mixin runbooks; an alert's anchor is appended. */
export const COREDNS_RUNBOOK_URL = 'https://github.com/povilasv/coredns-mixin/tree/master/runbook.md#alert-name-';
/** JSON schemas of the Flux and prometheus-operator CRDs, for editors' `yaml-language-server` comments. */
export const EDITOR_SCHEMA_BASE_URL = 'https://kubernetes-schemas.pages.dev';

// Package helmrender renders a HelmRelease with Helm's own library the way helm-controller
// installs it: values merged from valuesFrom and spec.values, the release name and namespace
// helm-controller derives, the cluster's Capabilities, and the post-renderers it runs. It reads
// only the chart it is given, which must lie inside one of the chart roots (the chart cache, the
// charts shipped with the package); it never writes and never opens a connection.
package helmrender

import "encoding/json"

// Params of the helm.template operation.
type Params struct {
	// HelmRelease is the object as the cluster would get it (after Flux's substitution).
	HelmRelease json.RawMessage `json:"helmRelease"`
	// Chart is the chart's location: a chart folder or a .tgz file.
	Chart string `json:"chart"`
	// ChartRoots are the folders a chart may come from; Chart must resolve inside one of them.
	ChartRoots []string `json:"chartRoots"`
	// ValuesSources are the ConfigMaps and Secrets the cluster has, for spec.valuesFrom.
	ValuesSources []json.RawMessage `json:"valuesSources,omitempty"`
	// KubeVersion is the cluster's Kubernetes version (Capabilities.KubeVersion); Helm's default when empty.
	KubeVersion string `json:"kubeVersion,omitempty"`
	// APIVersions the cluster serves beyond the built-in ones (e.g. its CRDs'), as
	// "group/version" or "group/version/Kind"; added to Helm's defaults as `helm template --api-versions` does.
	APIVersions []string `json:"apiVersions,omitempty"`
}

// Result of the helm.template operation.
type Result struct {
	ReleaseName string `json:"releaseName"`
	Namespace   string `json:"namespace"`
	Chart       Chart  `json:"chart"`
	// Objects in Helm's install order: the CRDs the install policy applies, the manifests, then the hooks.
	Objects []Object `json:"objects"`
}

// Chart names the rendered chart.
type Chart struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Object is one rendered Kubernetes object.
type Object struct {
	// File is the chart-relative template it came from (e.g. coredns/templates/deployment.yaml).
	File   string         `json:"file"`
	Object map[string]any `json:"object"`
	// Hook lists the Helm hook events of a hook object (pre-install, test, ...).
	Hook []string `json:"hook,omitempty"`
	// CRD marks a CustomResourceDefinition from the chart's crds/ folder.
	CRD bool `json:"crd,omitempty"`
}

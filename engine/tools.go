//go:build deps

// Package engine pins the libraries the engine's packages are built on (Flux's kustomize
// generator and substitution, kustomize's krusty, Helm v4) until each is imported by real code.
package engine

import (
	_ "github.com/fluxcd/pkg/kustomize"
	_ "helm.sh/helm/v4/pkg/chart/v2/loader"
	_ "sigs.k8s.io/kustomize/api/krusty"
)

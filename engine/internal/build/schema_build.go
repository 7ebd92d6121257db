package build

import (
	"fmt"

	fluxkustomize "github.com/fluxcd/pkg/kustomize"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// kustomizeFolder builds as Flux's kustomize.Build does. Flux's Build resets kustomize's global OpenAPI
// schema and reloads the built-in one on every build (35-70 ms here), so that a kustomization's
// `openapi:` or `crds:` schemas never reach the next build. The engine keeps the reloaded built-in
// schema between builds instead, and takes Flux's Build itself for any build whose kustomizations
// name schemas of their own (which Build then resets after). Same options either way: load
// restrictions off inside the confined source, builtin plugins only.
func kustomizeFolder(fs filesys.FileSystem, dir string, kustomizations []string) (res resmap.ResMap, err error) {
	if namesSchemas(fs, kustomizations) {
		return fluxkustomize.Build(fs, dir)
	}
	// Kustomize can panic on odd input; Flux's Build recovers the same way.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered from kustomize build panic: %v", r)
		}
	}()
	k := krusty.MakeKustomizer(&krusty.Options{LoadRestrictions: kustypes.LoadRestrictionsNone, PluginConfig: kustypes.DisabledPluginConfig()})
	return k.Run(fs, dir)
}

// namesSchemas tells whether a kustomization the build loads sets `openapi` or `crds`.
func namesSchemas(fs filesys.FileSystem, kustomizations []string) bool {
	for _, kfile := range kustomizations {
		data, err := fs.ReadFile(kfile)
		if err != nil {
			return true // unreadable: let Flux's Build take it, schema reset included
		}
		var k kustypes.Kustomization
		if yaml.Unmarshal(data, &k) != nil || len(k.OpenAPI) > 0 || len(k.Crds) > 0 {
			return true
		}
	}
	return false
}

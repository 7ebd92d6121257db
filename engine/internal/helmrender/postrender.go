package helmrender

import (
	"bytes"
	"encoding/json"
	"fmt"

	helmv2 "github.com/fluxcd/helm-controller/api/v2"
	fluxkustomize "github.com/fluxcd/pkg/apis/kustomize"
	"helm.sh/helm/v4/pkg/postrenderer"
	"sigs.k8s.io/kustomize/api/builtins"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/provider"
	"sigs.k8s.io/kustomize/api/resmap"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/resid"
)

// The post-renderers helm-controller chains for a release (internal/postrender/build.go):
// each spec.postRenderers[].kustomize (patches and images, through krusty in memory), then
// spec.commonMetadata, then the origin labels it puts on every object. Helm runs the chain
// on the rendered files, keeping each document's template file name across it.

// postRenderers returns the chain for a release; it is never empty (the origin labels).
func postRenderers(release *helmv2.HelmRelease) postrenderer.PostRenderer {
	var chain []postrenderer.PostRenderer
	for _, r := range release.Spec.PostRenderers {
		if r.Kustomize != nil {
			chain = append(chain, kustomizeRenderer{patches: r.Kustomize.Patches, images: r.Kustomize.Images})
		}
	}
	if meta := release.Spec.CommonMetadata; meta != nil {
		var transformers []resmap.Transformer
		if meta.Labels != nil {
			transformers = append(transformers, labelTransformer(meta.Labels))
		}
		if meta.Annotations != nil {
			transformers = append(transformers, &builtins.AnnotationsTransformerPlugin{
				Annotations: meta.Annotations,
				FieldSpecs:  []kustypes.FieldSpec{{Path: "metadata/annotations", CreateIfNotPresent: true}},
			})
		}
		if len(transformers) > 0 {
			chain = append(chain, transformRenderer(transformers))
		}
	}
	// After commonMetadata, so these win a clash of label keys, as in helm-controller.
	chain = append(chain, transformRenderer{labelTransformer(originLabels(release))})
	return combined(chain)
}

// originLabels are the labels helm-controller puts on every object of a release.
func originLabels(release *helmv2.HelmRelease) map[string]string {
	group := helmv2.GroupVersion.Group
	return map[string]string{group + "/name": release.Name, group + "/namespace": release.Namespace}
}

type combined []postrenderer.PostRenderer

func (c combined) Run(in *bytes.Buffer) (*bytes.Buffer, error) {
	out := in
	for _, r := range c {
		var err error
		if out, err = r.Run(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// kustomizeRenderer builds a kustomization of the rendered output and the patches, in memory.
type kustomizeRenderer struct {
	patches []fluxkustomize.Patch
	images  []fluxkustomize.Image
}

func (k kustomizeRenderer) Run(in *bytes.Buffer) (*bytes.Buffer, error) {
	fs := filesys.MakeFsInMemory()
	const input = "helm-output.yaml"
	kustomization := kustypes.Kustomization{TypeMeta: kustypes.TypeMeta{APIVersion: kustypes.KustomizationVersion, Kind: kustypes.KustomizationKind}, Resources: []string{input}}
	for _, image := range k.images {
		kustomization.Images = append(kustomization.Images, kustypes.Image{Name: image.Name, NewName: image.NewName, NewTag: image.NewTag, Digest: image.Digest})
	}
	for _, patch := range k.patches {
		p := kustypes.Patch{Patch: patch.Patch}
		if t := patch.Target; t != nil {
			p.Target = &kustypes.Selector{ResId: resIDOf(t), LabelSelector: t.LabelSelector, AnnotationSelector: t.AnnotationSelector}
		}
		kustomization.Patches = append(kustomization.Patches, p)
	}
	config, err := json.Marshal(kustomization)
	if err != nil {
		return nil, err
	}
	if err := fs.WriteFile(input, in.Bytes()); err != nil {
		return nil, err
	}
	if err := fs.WriteFile("kustomization.yaml", config); err != nil {
		return nil, err
	}
	// As helm-controller: no load restrictions (the in-memory tree holds nothing else) and only
	// builtin plugins.
	built, err := krusty.MakeKustomizer(&krusty.Options{LoadRestrictions: kustypes.LoadRestrictionsNone, PluginConfig: kustypes.DisabledPluginConfig()}).Run(fs, ".")
	if err != nil {
		return nil, fmt.Errorf("spec.postRenderers kustomize: %w", err)
	}
	out, err := built.AsYaml()
	if err != nil {
		return nil, err
	}
	return bytes.NewBuffer(out), nil
}

func resIDOf(t *fluxkustomize.Selector) resid.ResId {
	return resid.ResId{Gvk: resid.Gvk{Group: t.Group, Version: t.Version, Kind: t.Kind}, Name: t.Name, Namespace: t.Namespace}
}

// transformRenderer runs kustomize's builtin transformers over the rendered objects.
type transformRenderer []resmap.Transformer

func (t transformRenderer) Run(in *bytes.Buffer) (*bytes.Buffer, error) {
	objects, err := resmap.NewFactory(provider.NewDefaultDepProvider().GetResourceFactory()).NewResMapFromBytes(in.Bytes())
	if err != nil {
		return nil, err
	}
	for _, transformer := range t {
		if err := transformer.Transform(objects); err != nil {
			return nil, err
		}
	}
	out, err := objects.AsYaml()
	if err != nil {
		return nil, err
	}
	return bytes.NewBuffer(out), nil
}

func labelTransformer(labels map[string]string) resmap.Transformer {
	return &builtins.LabelTransformerPlugin{Labels: labels, FieldSpecs: []kustypes.FieldSpec{{Path: "metadata/labels", CreateIfNotPresent: true}}}
}

package helmrender

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	helmv2 "github.com/fluxcd/helm-controller/api/v2"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	release "helm.sh/helm/v4/pkg/release/v1"
	"sigs.k8s.io/yaml"

	"generator-platform/engine/internal/protocol"
)

// Op is the helm.template operation of the engine's protocol.
func Op(ctx context.Context, raw json.RawMessage) (any, error) {
	var params Params
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, &protocol.Error{Code: "engine-protocol", Message: fmt.Sprintf("helm.template: unreadable params: %v", err)}
	}
	return Render(ctx, params)
}

// Render renders one HelmRelease as helm-controller would install it.
func Render(ctx context.Context, params Params) (*Result, error) {
	hr, err := decodeRelease(params.HelmRelease)
	if err != nil {
		return nil, err
	}
	loaded, err := loadChart(params.Chart, params.ChartRoots)
	if err != nil {
		return nil, err
	}
	if err := applyValuesFiles(loaded, hr); err != nil {
		return nil, err
	}
	values, err := releaseValues(ctx, hr, params.ValuesSources)
	if err != nil {
		return nil, err
	}

	failed := func(format string, args ...any) error {
		return &protocol.Error{Code: "helm-render-failed", Message: fmt.Sprintf("HelmRelease %s/%s, chart %s %s: ", hr.Namespace, hr.Name, loaded.Name(), loaded.Metadata.Version) + fmt.Sprintf(format, args...)}
	}
	install, err := newInstall(hr, params)
	if err != nil {
		return nil, failed("%v", err)
	}
	policy := hr.GetInstall().CRDs
	switch policy {
	case "":
		policy = helmv2.Create
	case helmv2.Skip, helmv2.Create, helmv2.CreateReplace:
	default:
		return nil, failed("spec.install.crds is %q; use Skip, Create or CreateReplace", policy)
	}

	rendered, err := install.RunWithContext(ctx, loaded, values.AsMap())
	if err != nil {
		if strings.Contains(err.Error(), "values don't meet the specifications of the schema") {
			return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("HelmRelease %s/%s, chart %s %s: %v", hr.Namespace, hr.Name, loaded.Name(), loaded.Metadata.Version, err)}
		}
		return nil, failed("%v", err)
	}
	rel, ok := rendered.(*release.Release)
	if !ok {
		return nil, failed("Helm returned a %T, not a chart v2 release", rendered)
	}

	result := &Result{ReleaseName: install.ReleaseName, Namespace: install.Namespace, Chart: Chart{Name: loaded.Name(), Version: loaded.Metadata.Version}, Objects: []Object{}}
	if policy != helmv2.Skip {
		// After the install ran ProcessDependencies, so disabled subcharts bring no CRDs.
		crds, err := chartCRDs(loaded, originLabels(hr))
		if err != nil {
			return nil, failed("%v", err)
		}
		result.Objects = append(result.Objects, crds...)
	}
	manifests, err := splitManifest(rel.Manifest)
	if err != nil {
		return nil, failed("%v", err)
	}
	result.Objects = append(result.Objects, manifests...)
	for _, hook := range rel.Hooks {
		objects, err := decodeDocuments(hook.Path, hook.Manifest)
		if err != nil {
			return nil, failed("%v", err)
		}
		events := make([]string, 0, len(hook.Events))
		for _, event := range hook.Events {
			events = append(events, string(event))
		}
		for i := range objects {
			objects[i].Hook = events
		}
		result.Objects = append(result.Objects, objects...)
	}
	return result, nil
}

func decodeRelease(raw json.RawMessage) (*helmv2.HelmRelease, error) {
	invalid := func(format string, args ...any) error {
		return &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf(format, args...)}
	}
	if len(raw) == 0 {
		return nil, invalid("helm.template needs the HelmRelease object")
	}
	var hr helmv2.HelmRelease
	if err := json.Unmarshal(raw, &hr); err != nil {
		return nil, invalid("the HelmRelease does not match helm.toolkit.fluxcd.io/v2: %v", err)
	}
	if hr.Kind != helmv2.HelmReleaseKind {
		return nil, invalid("helm.template renders a HelmRelease, not a %q", hr.Kind)
	}
	if hr.Name == "" || hr.Namespace == "" {
		return nil, invalid("the HelmRelease needs metadata.name and metadata.namespace (got %q/%q)", hr.Namespace, hr.Name)
	}
	return &hr, nil
}

// newInstall sets up Helm's install action as helm-controller does (internal/action/install.go)
// in the client-only dry run `helm template` uses: no cluster, Capabilities from params.
func newInstall(hr *helmv2.HelmRelease, params Params) (*action.Install, error) {
	cfg := action.NewConfiguration()
	cfg.SetLogger(slog.DiscardHandler)
	install := action.NewInstall(cfg)
	install.DryRunStrategy = action.DryRunClient
	install.Replace = true // no release storage to check the name against
	install.ReleaseName = shortenName(hr.GetReleaseName())
	install.Namespace = hr.GetReleaseNamespace()
	install.Devel = true
	// helm-controller applies crds/ itself per spec.install.crds; so does Render.
	install.SkipCRDs = true
	install.DisableHooks = hr.GetInstall().DisableHooks
	install.DisableOpenAPIValidation = hr.GetInstall().DisableOpenAPIValidation
	install.SkipSchemaValidation = hr.GetInstall().DisableSchemaValidation
	install.PostRenderer = postRenderers(hr)
	install.PostRenderStrategy = action.PostRenderStrategyCombined
	if strategy := hr.GetPostRenderStrategy(); strategy != "" {
		install.PostRenderStrategy = action.PostRenderStrategy(strategy)
	}
	if params.KubeVersion != "" {
		version, err := common.ParseKubeVersion(params.KubeVersion)
		if err != nil {
			return nil, fmt.Errorf("the cluster's Kubernetes version %q: %w", params.KubeVersion, err)
		}
		install.KubeVersion = version
	}
	install.APIVersions = common.VersionSet(params.APIVersions)
	return install, nil
}

// shortenName is helm-controller's rule for release names over Helm's 53 characters
// (internal/release/name.go): the first 40 characters, a dash, and 12 hex digits of the
// name's SHA-256.
func shortenName(name string) string {
	const maxLength, hashLength = 53, 12
	if len(name) <= maxLength {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:maxLength-hashLength-1] + "-" + hex.EncodeToString(sum[:])[:hashLength]
}

// sourceLine starts each document of a release manifest: Helm writes "---\n# Source: <file>\n".
var sourceLine = regexp.MustCompile(`(?m)^---\n# Source: (.+)\n`)

func splitManifest(manifest string) ([]Object, error) {
	var objects []Object
	starts := sourceLine.FindAllStringSubmatchIndex(manifest, -1)
	for i, start := range starts {
		end := len(manifest)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		decoded, err := decodeDocuments(manifest[start[2]:start[3]], manifest[start[1]:end])
		if err != nil {
			return nil, err
		}
		objects = append(objects, decoded...)
	}
	return objects, nil
}

// decodeDocuments decodes one template's output (one or more YAML documents).
func decodeDocuments(file, text string) ([]Object, error) {
	var objects []Object
	for _, doc := range regexp.MustCompile(`(?m)^---[ \t]*$`).Split(text, -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var object map[string]any
		if err := yaml.Unmarshal([]byte(doc), &object); err != nil {
			return nil, fmt.Errorf("%s renders YAML that does not parse: %v", file, err)
		}
		if object == nil {
			continue
		}
		objects = append(objects, Object{File: file, Object: object})
	}
	return objects, nil
}

// chartCRDs are the CustomResourceDefinitions of the chart's crds/ folders as helm-controller
// applies them: only CRD objects (it drops and warns about others), with its origin labels,
// never templated nor post-rendered.
func chartCRDs(loaded *chart.Chart, labels map[string]string) ([]Object, error) {
	var objects []Object
	for _, crd := range loaded.CRDObjects() {
		decoded, err := decodeDocuments(crd.Filename, string(bytes.TrimPrefix(crd.File.Data, []byte("\xef\xbb\xbf"))))
		if err != nil {
			return nil, err
		}
		for _, o := range decoded {
			apiVersion, _ := o.Object["apiVersion"].(string)
			if kind, _ := o.Object["kind"].(string); kind != "CustomResourceDefinition" || !strings.HasPrefix(apiVersion, "apiextensions.k8s.io/") {
				continue
			}
			metadata, _ := o.Object["metadata"].(map[string]any)
			if metadata == nil {
				metadata = map[string]any{}
				o.Object["metadata"] = metadata
			}
			current, _ := metadata["labels"].(map[string]any)
			merged := map[string]any{}
			for k, v := range current {
				merged[k] = v
			}
			for k, v := range labels {
				merged[k] = v
			}
			metadata["labels"] = merged
			o.CRD = true
			objects = append(objects, o)
		}
	}
	return objects, nil
}

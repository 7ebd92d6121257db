package helmrender

import (
	"context"
	"encoding/json"
	"fmt"
	"path"

	helmv2 "github.com/fluxcd/helm-controller/api/v2"
	"github.com/fluxcd/pkg/chartutil"
	"github.com/go-logr/logr"
	"helm.sh/helm/v4/pkg/chart/common"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"generator-platform/engine/internal/objectstore"
	"generator-platform/engine/internal/protocol"
)

// releaseValues merges the values as helm-controller does, with the same library call
// (fluxcd/pkg/chartutil.ChartValuesFromReferences): valuesFrom in order, then spec.values.
func releaseValues(ctx context.Context, release *helmv2.HelmRelease, sources []json.RawMessage) (common.Values, error) {
	store, err := newSourceStore(sources)
	if err != nil {
		return nil, err
	}
	values, err := chartutil.ChartValuesFromReferences(ctx, logr.Discard(), store, release.Namespace, release.GetValues(), release.Spec.ValuesFrom...)
	if err != nil {
		return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("HelmRelease %s/%s: %v", release.Namespace, release.Name, err)}
	}
	return values, nil
}

// newSourceStore holds the objects the repository brings for the one call
// ChartValuesFromReferences makes (Get), so the library's own rules decide what a missing
// object or key means.
func newSourceStore(sources []json.RawMessage) (*objectstore.Store, error) {
	store := objectstore.New("values sources")
	for i, raw := range sources {
		var head struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("values source %d is not an object: %v", i, err)}
		}
		switch head.Kind {
		case "ConfigMap":
			var cm corev1.ConfigMap
			if err := json.Unmarshal(raw, &cm); err != nil {
				return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("ConfigMap (values source %d): %v", i, err)}
			}
			store.AddConfigMap(&cm)
		case "Secret":
			var secret corev1.Secret
			if err := json.Unmarshal(raw, &secret); err != nil {
				return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("Secret (values source %d): %v (data values are base64, as in Kubernetes)", i, err)}
			}
			// The API server folds stringData into data on write; the controller only sees data.
			if len(secret.StringData) > 0 && secret.Data == nil {
				secret.Data = map[string][]byte{}
			}
			for key, value := range secret.StringData {
				secret.Data[key] = []byte(value)
			}
			store.AddSecret(&secret)
		default:
			return nil, &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("values source %d is a %q; only ConfigMaps and Secrets can hold values", i, head.Kind)}
		}
	}
	return store, nil
}

// applyValuesFiles replaces the chart's default values with the merge of
// spec.chart.spec.valuesFiles, as source-controller does when it packages a HelmChart
// (internal/helm/chart/builder.go, mergeChartValues): files in order, "values.yaml" meaning
// the chart's own; a missing file fails unless ignoreMissingValuesFiles.
func applyValuesFiles(loaded *chart.Chart, release *helmv2.HelmRelease) error {
	if release.Spec.Chart == nil || len(release.Spec.Chart.Spec.ValuesFiles) == 0 {
		return nil
	}
	spec := release.Spec.Chart.Spec
	merged := map[string]any{}
	for _, file := range spec.ValuesFiles {
		name := path.Clean(file)
		if name == "values.yaml" {
			merged = chartutil.MergeMaps(merged, loaded.Values)
			continue
		}
		var data []byte
		for _, f := range loaded.Files {
			if f.Name == name {
				data = f.Data
				break
			}
		}
		if data == nil {
			if spec.IgnoreMissingValuesFiles {
				continue
			}
			return &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("HelmRelease %s/%s: spec.chart.spec.valuesFiles names %s, which chart %s %s does not have", release.Namespace, release.Name, file, loaded.Name(), loaded.Metadata.Version)}
		}
		values := map[string]any{}
		if err := yaml.Unmarshal(data, &values); err != nil {
			return &protocol.Error{Code: "helm-values-invalid", Message: fmt.Sprintf("HelmRelease %s/%s: values file %s of chart %s: %v", release.Namespace, release.Name, file, loaded.Name(), err)}
		}
		merged = chartutil.MergeMaps(merged, values)
	}
	loaded.Values = merged
	return nil
}

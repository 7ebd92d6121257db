package helmrender

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"

	"generator-platform/engine/internal/protocol"
)

// The demo chart and its HelmRelease are shared with the TypeScript parity tests.
var fixtures, _ = filepath.Abs("../../../test/fixtures/charts")

func readYAML(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	var docs []json.RawMessage
	for _, doc := range strings.Split(string(data), "\n---\n") {
		converted, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, converted)
	}
	return docs
}

func demoParams(t *testing.T) Params {
	return Params{
		HelmRelease:   readYAML(t, "demo-helmrelease.yaml")[0],
		Chart:         filepath.Join(fixtures, "demo"),
		ChartRoots:    []string{fixtures},
		ValuesSources: readYAML(t, "demo-values-sources.yaml"),
		KubeVersion:   "v1.31.0",
		APIVersions:   []string{"monitoring.coreos.com/v1/ServiceMonitor"},
	}
}

// editRelease changes the params' HelmRelease.
func editRelease(t *testing.T, params *Params, edit func(spec map[string]any)) {
	t.Helper()
	var hr map[string]any
	if err := json.Unmarshal(params.HelmRelease, &hr); err != nil {
		t.Fatal(err)
	}
	edit(hr["spec"].(map[string]any))
	raw, err := json.Marshal(hr)
	if err != nil {
		t.Fatal(err)
	}
	params.HelmRelease = raw
}

func render(t *testing.T, params Params) *Result {
	t.Helper()
	result, err := Render(context.Background(), params)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return result
}

func find(t *testing.T, result *Result, kind, name string) Object {
	t.Helper()
	for _, o := range result.Objects {
		if o.Object["kind"] == kind && get(o.Object, "metadata", "name") == name {
			return o
		}
	}
	t.Fatalf("no %s/%s rendered", kind, name)
	return Object{}
}

func get(object map[string]any, path ...any) any {
	var node any = object
	for _, key := range path {
		switch k := key.(type) {
		case string:
			m, _ := node.(map[string]any)
			node = m[k]
		case int:
			l, _ := node.([]any)
			if k >= len(l) {
				return nil
			}
			node = l[k]
		}
	}
	return node
}

func wantCode(t *testing.T, err error, code string, fragment string) {
	t.Helper()
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want a %s error, got %v", code, err)
	}
	if pe.Code != code || !strings.Contains(pe.Message, fragment) {
		t.Fatalf("want %s mentioning %q, got %s: %s", code, fragment, pe.Code, pe.Message)
	}
}

func TestReleaseNameAndNamespaceFollowTargetNamespace(t *testing.T) {
	result := render(t, demoParams(t))
	if result.ReleaseName != "apps-web" || result.Namespace != "apps" {
		t.Fatalf("release %s in %s, want apps-web in apps", result.ReleaseName, result.Namespace)
	}
	if get(find(t, result, "Deployment", "apps-web").Object, "metadata", "namespace") != "apps" {
		t.Fatal("the Deployment is not in the target namespace")
	}
}

func TestValuesFromThenSpecValues(t *testing.T) {
	deployment := find(t, render(t, demoParams(t)), "Deployment", "apps-web").Object
	// spec.values (3) wins over the ConfigMap's 2.
	if got := get(deployment, "spec", "replicas"); got != float64(3) {
		t.Errorf("replicas %v, want 3", got)
	}
	if got := get(deployment, "spec", "template", "metadata", "annotations", "from"); got != "configmap" {
		t.Errorf("pod annotation from the ConfigMap: %v", got)
	}
	if got := get(deployment, "spec", "template", "spec", "containers", 0, "env", 0, "value"); got != "demo" {
		t.Errorf("env from the ConfigMap: %v", got)
	}
	// The Secret's stringData key lands at targetPath, parsed by strvals as a number.
	if got := get(deployment, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"); got != float64(9090) {
		t.Errorf("containerPort %v, want 9090 from the Secret's targetPath", got)
	}
}

func TestMissingValuesSourceIsAnError(t *testing.T) {
	params := demoParams(t)
	params.ValuesSources = params.ValuesSources[1:] // drop web-values
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-values-invalid", "ConfigMap chart values reference 'flux-system/web-values'")
}

func TestMissingValuesKeyIsAnError(t *testing.T) {
	params := demoParams(t)
	params.ValuesSources[1] = json.RawMessage(`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-secret-values","namespace":"flux-system"},"data":{"other":"MQ=="}}`)
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-values-invalid", "with key 'port'")
}

func TestSecretDataIsBase64(t *testing.T) {
	params := demoParams(t)
	params.ValuesSources[1] = json.RawMessage(`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-secret-values","namespace":"flux-system"},"data":{"port":"ODA4MQ=="}}`)
	deployment := find(t, render(t, params), "Deployment", "apps-web").Object
	if got := get(deployment, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"); got != float64(8081) {
		t.Errorf("containerPort %v, want 8081", got)
	}
}

func TestValuesSchemaViolationIsValuesInvalid(t *testing.T) {
	params := demoParams(t)
	editRelease(t, &params, func(spec map[string]any) { spec["values"] = map[string]any{"replicaCount": "three"} })
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-values-invalid", "replicaCount")
}

func TestPostRenderersCommonMetadataAndoriginLabels(t *testing.T) {
	result := render(t, demoParams(t))
	deployment := find(t, result, "Deployment", "apps-web").Object
	if got := get(deployment, "spec", "template", "spec", "containers", 0, "image"); got != "docker.io/library/nginx:1.27.1" {
		t.Errorf("image %v: the images post-renderer did not apply", got)
	}
	if got := get(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"); got != true {
		t.Errorf("the JSON6902 patch did not apply: %v", got)
	}
	if got := get(find(t, result, "Service", "apps-web").Object, "metadata", "annotations", "patched-by"); got != "post-renderer" {
		t.Errorf("the strategic merge patch did not apply: %v", got)
	}
	for _, o := range result.Objects {
		labels, _ := get(o.Object, "metadata", "labels").(map[string]any)
		if labels["helm.toolkit.fluxcd.io/name"] != "web" || labels["helm.toolkit.fluxcd.io/namespace"] != "flux-system" {
			t.Errorf("%s %s lacks the origin labels: %v", o.File, o.Object["kind"], labels)
		}
		if !o.CRD && labels["team"] != "platform" {
			t.Errorf("%s lacks commonMetadata's label", o.File)
		}
	}
}

func TestTemplateFilesHooksAndNotes(t *testing.T) {
	result := render(t, demoParams(t))
	if got := find(t, result, "Deployment", "apps-web").File; got != "demo/templates/deployment.yaml" {
		t.Errorf("Deployment from %q", got)
	}
	job := find(t, result, "Job", "apps-web-prepare")
	if job.File != "demo/templates/pre-install-job.yaml" || strings.Join(job.Hook, ",") != "pre-install,pre-upgrade" {
		t.Errorf("hook %s %v", job.File, job.Hook)
	}
	for _, o := range result.Objects {
		if strings.HasSuffix(o.File, "NOTES.txt") {
			t.Error("NOTES.txt rendered as an object")
		}
	}
}

func TestCapabilities(t *testing.T) {
	result := render(t, demoParams(t))
	if got := get(find(t, result, "Deployment", "apps-web").Object, "metadata", "annotations", "demo/kube-version"); got != "v1.31.0" {
		t.Errorf("Capabilities.KubeVersion %v", got)
	}
	find(t, result, "ServiceMonitor", "apps-web")

	params := demoParams(t)
	params.APIVersions = nil
	for _, o := range render(t, params).Objects {
		if o.Object["kind"] == "ServiceMonitor" {
			t.Error("a ServiceMonitor without monitoring.coreos.com/v1 among the API versions")
		}
	}

	params.KubeVersion = "1.24.0"
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-render-failed", "chart requires kubeVersion: >=1.25.0-0")
}

func TestCRDPolicy(t *testing.T) {
	crd := find(t, render(t, demoParams(t)), "CustomResourceDefinition", "widgets.demo.example.com")
	if !crd.CRD || crd.File != "demo/crds/widgets.yaml" {
		t.Errorf("CRD %+v", crd)
	}
	params := demoParams(t)
	editRelease(t, &params, func(spec map[string]any) { spec["install"] = map[string]any{"crds": "Skip"} })
	for _, o := range render(t, params).Objects {
		if o.CRD {
			t.Error("a CRD rendered under install.crds Skip")
		}
	}
}

func TestLongReleaseNamesAreShortenedAsHelmController(t *testing.T) {
	params := demoParams(t)
	long := "a-release-name-that-is-much-longer-than-helm-allows-for-names"
	editRelease(t, &params, func(spec map[string]any) {
		spec["releaseName"] = long
		delete(spec, "postRenderers") // its patch names the Service by the short name
	})
	result := render(t, params)
	if len(result.ReleaseName) != 53 || !strings.HasPrefix(result.ReleaseName, long[:40]+"-") {
		t.Fatalf("release name %q", result.ReleaseName)
	}
	find(t, result, "Deployment", result.ReleaseName)
}

func TestPackagedChart(t *testing.T) {
	root := t.TempDir()
	chart, err := loader.LoadDir(filepath.Join(fixtures, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	archive, err := chartutil.Save(chart, root)
	if err != nil {
		t.Fatal(err)
	}
	params := demoParams(t)
	params.Chart, params.ChartRoots = archive, []string{root}
	result := render(t, params)
	if result.Chart.Name != "demo" || result.Chart.Version != "0.1.0" {
		t.Fatalf("chart %+v", result.Chart)
	}
	find(t, result, "Deployment", "apps-web")
}

func TestChartsOnlyFromTheRoots(t *testing.T) {
	params := demoParams(t)
	params.ChartRoots = []string{filepath.Join(fixtures, "coredns")}
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-chart-missing", "outside the chart folders")

	params = demoParams(t)
	params.Chart = filepath.Join(fixtures, "demo-0.2.0.tgz")
	_, err = Render(context.Background(), params)
	wantCode(t, err, "helm-chart-missing", "charts pull")

	params = demoParams(t)
	params.Chart = "demo"
	_, err = Render(context.Background(), params)
	wantCode(t, err, "helm-chart-missing", "not an absolute path")
}

func TestLinksOutOfTheRootsAreRefused(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.yaml")
	if err := os.WriteFile(secret, []byte("token: hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(root, "demo")
	if err := os.CopyFS(chart, os.DirFS(filepath.Join(fixtures, "demo"))); err != nil {
		t.Fatal(err)
	}
	params := demoParams(t)
	params.Chart, params.ChartRoots = chart, []string{root}
	render(t, params) // the copy renders

	if err := os.Symlink(secret, filepath.Join(chart, "templates", "stolen.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-chart-missing", "outside the chart folders")

	// A link to the chart folder itself from outside the roots is refused too.
	link := filepath.Join(outside, "demo")
	if err := os.Symlink(chart, link); err != nil {
		t.Fatal(err)
	}
	params.Chart = link
	params.ChartRoots = []string{outside}
	_, err = Render(context.Background(), params)
	wantCode(t, err, "helm-chart-missing", "outside the chart folders")
}

func TestNotAHelmRelease(t *testing.T) {
	params := demoParams(t)
	params.HelmRelease = json.RawMessage(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"y"}}`)
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-values-invalid", "not a \"ConfigMap\"")
}

func TestChartValuesFiles(t *testing.T) {
	params := demoParams(t)
	editRelease(t, &params, func(spec map[string]any) {
		delete(spec, "valuesFrom")
		delete(spec, "values")
		spec["chart"].(map[string]any)["spec"].(map[string]any)["valuesFiles"] = []any{"values.yaml", "values-prod.yaml"}
	})
	deployment := find(t, render(t, params), "Deployment", "apps-web").Object
	if got := get(deployment, "spec", "replicas"); got != float64(4) {
		t.Errorf("replicas %v, want values-prod.yaml's 4", got)
	}
	// values.yaml's keys stay where values-prod.yaml has none.
	if got := get(deployment, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"); got != float64(8080) {
		t.Errorf("containerPort %v, want values.yaml's 8080", got)
	}

	editRelease(t, &params, func(spec map[string]any) {
		spec["chart"].(map[string]any)["spec"].(map[string]any)["valuesFiles"] = []any{"values.yaml", "values-missing.yaml"}
	})
	_, err := Render(context.Background(), params)
	wantCode(t, err, "helm-values-invalid", "values-missing.yaml")

	editRelease(t, &params, func(spec map[string]any) {
		spec["chart"].(map[string]any)["spec"].(map[string]any)["ignoreMissingValuesFiles"] = true
	})
	if got := get(find(t, render(t, params), "Deployment", "apps-web").Object, "spec", "replicas"); got != float64(1) {
		t.Errorf("replicas %v, want values.yaml's 1 with the missing file ignored", got)
	}
}

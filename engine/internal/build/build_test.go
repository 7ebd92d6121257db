package build

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"generator-platform/engine/internal/protocol"
)

// tree writes files (path → content) under a fresh test folder and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func ks(spec map[string]any) map[string]any {
	return map[string]any{
		"apiVersion": "kustomize.toolkit.fluxcd.io/v1",
		"kind":       "Kustomization",
		"metadata":   map[string]any{"name": "apps", "namespace": "flux-system"},
		"spec":       spec,
	}
}

func run(t *testing.T, root string, spec map[string]any, variables ...map[string]any) (*Result, *protocol.Error) {
	t.Helper()
	res, err := New().Build(context.Background(), Request{SourceRoot: root, Kustomization: ks(spec), Variables: variables, Strict: true})
	if err != nil {
		var pe *protocol.Error
		if !errors.As(err, &pe) {
			t.Fatalf("not a protocol error: %v", err)
		}
		return nil, pe
	}
	return res, nil
}

func mustBuild(t *testing.T, root string, spec map[string]any, variables ...map[string]any) *Result {
	t.Helper()
	res, perr := run(t, root, spec, variables...)
	if perr != nil {
		t.Fatalf("build failed: %s %s (%s)", perr.Code, perr.Message, perr.File)
	}
	return res
}

func byName(t *testing.T, res *Result, kind, name string) Object {
	t.Helper()
	for _, o := range res.Objects {
		md, _ := o.Object["metadata"].(map[string]any)
		if o.Object["kind"] == kind && md["name"] == name {
			return o
		}
	}
	t.Fatalf("no %s/%s in %v", kind, name, names(res))
	return Object{}
}

func names(res *Result) []string {
	var out []string
	for _, o := range res.Objects {
		md, _ := o.Object["metadata"].(map[string]any)
		out = append(out, o.Object["kind"].(string)+"/"+md["name"].(string))
	}
	return out
}

func field(o Object, path ...string) any {
	var cur any = o.Object
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  key: value\n"

func configMap(name string) string { return strings.Replace(cm, "%s", name, 1) }

func TestGeneratedKustomizationListsTheFolderAndNestedKustomizations(t *testing.T) {
	root := tree(t, map[string]string{
		"apps/a.yaml":                    configMap("a"),
		"apps/sub/b.yml":                 configMap("b"),
		"apps/notes.txt":                 "not yaml",
		"apps/nested/kustomization.yaml": "resources: [c.yaml]\n",
		"apps/nested/c.yaml":             configMap("c"),
		"apps/nested/ignored.yaml":       configMap("not-listed"),
	})
	res := mustBuild(t, root, map[string]any{"path": "./apps"})
	if !res.Generated {
		t.Error("expected a generated kustomization")
	}
	if _, err := os.Stat(filepath.Join(root, "apps", "kustomization.yaml")); !os.IsNotExist(err) {
		t.Error("the generated kustomization.yaml must stay in memory")
	}
	if got := strings.Join(names(res), ","); got != "ConfigMap/a,ConfigMap/c,ConfigMap/b" && len(res.Objects) != 3 {
		t.Fatalf("objects: %s", got)
	}
	for _, n := range []string{"a", "b", "c"} {
		byName(t, res, "ConfigMap", n)
	}
	if byName(t, res, "ConfigMap", "b").File != "apps/sub/b.yml" || byName(t, res, "ConfigMap", "c").File != "apps/nested/c.yaml" {
		t.Errorf("origin files: %+v", res.Objects)
	}
	for _, o := range res.Objects {
		if field(o, "metadata", "annotations") != nil {
			t.Errorf("origin annotation left on %v", o.Object)
		}
	}
}

func TestSpecMergesIntoTheFolderKustomization(t *testing.T) {
	root := tree(t, map[string]string{
		"app/kustomization.yaml": "namePrefix: own-\nimages:\n  - name: nginx\n    newTag: \"1.0\"\nresources: [deploy.yaml]\n",
		"app/deploy.yaml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n",
	})
	res := mustBuild(t, root, map[string]any{
		"path":            "app",
		"targetNamespace": "demo",
		"nameSuffix":      "-x",
		"images":          []any{map[string]any{"name": "nginx", "newName": "registry.example/nginx"}},
		"commonMetadata":  map[string]any{"labels": map[string]any{"team": "a"}},
		"patches": []any{map[string]any{
			"patch":  "- op: add\n  path: /metadata/annotations/patched\n  value: \"yes\"\n",
			"target": map[string]any{"kind": "Deployment"},
		}},
	})
	if res.Generated {
		t.Error("the folder has its own kustomization.yaml")
	}
	o := byName(t, res, "Deployment", "own-web-x")
	if field(o, "metadata", "namespace") != "demo" {
		t.Errorf("targetNamespace not applied: %v", o.Object)
	}
	image := field(o, "spec", "template", "spec", "containers").([]any)[0].(map[string]any)["image"]
	if image != "registry.example/nginx:1.0" {
		t.Errorf("images merged per field as Flux does, got %v", image)
	}
	if field(o, "metadata", "annotations", "patched") != "yes" {
		t.Errorf("patch not applied: %v", o.Object)
	}
	if o.File != "app/deploy.yaml" {
		t.Errorf("file %q", o.File)
	}
}

func TestComponentsFromTheSpecMayLeaveTheFolder(t *testing.T) {
	root := tree(t, map[string]string{
		"apps/prod/app.yaml":                   configMap("app"),
		"components/labels/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n  - pairs: {env: prod}\n",
		"components/extra/kustomization.yaml":  "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [extra.yaml]\n",
		"components/extra/extra.yaml":          configMap("extra"),
	})
	res := mustBuild(t, root, map[string]any{"path": "./apps/prod", "components": []any{"../../components/labels", "../../components/extra"}})
	if field(byName(t, res, "ConfigMap", "app"), "metadata", "labels", "env") != "prod" {
		t.Errorf("component not applied: %v", res.Objects)
	}
	if byName(t, res, "ConfigMap", "extra").File != "components/extra/extra.yaml" {
		t.Errorf("component resource file: %+v", res.Objects)
	}
	if _, perr := run(t, root, map[string]any{"path": "./apps/prod", "components": []any{"/etc"}}); perr == nil || !strings.Contains(perr.Message, "must be local and relative") {
		t.Errorf("an absolute component is refused as Flux does: %+v", perr)
	}
}

// The canary sits next to the source root and in .git: no kustomize feature may reach it.
func TestNothingOutsideTheSourceIsRead(t *testing.T) {
	const canary = "CANARY-7f3a9c"
	outer := t.TempDir()
	root := filepath.Join(outer, "repo")
	files := map[string]string{
		"canary.txt":          canary,
		"repo/.git/config":    canary,
		"repo/.git/x.yaml":    configMap(canary),
		"repo/app/a.yaml":     configMap("a"),
		"repo/app/secret.txt": "inside",
	}
	for p, content := range files {
		full := filepath.Join(outer, p)
		_ = os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outer, "canary.txt"), filepath.Join(root, "app", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outer, "canary.txt"), filepath.Join(root, "app", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	attempts := map[string]string{
		"generator file":     "configMapGenerator:\n  - name: leak\n    files: [../../canary.txt]\n",
		"generator .git":     "configMapGenerator:\n  - name: leak\n    files: [../.git/config]\n",
		"generator proc":     "configMapGenerator:\n  - name: leak\n    files: [/proc/self/environ]\n",
		"env file":           "configMapGenerator:\n  - name: leak\n    envs: [../../../../../../proc/self/environ]\n",
		"symlink":            "configMapGenerator:\n  - name: leak\n    files: [link.txt]\n",
		"resource .git":      "resources: [../.git/x.yaml]\n",
		"resource outside":   "resources: [../../canary.txt]\n",
		"patch path":         "resources: [a.yaml]\npatches:\n  - path: ../../canary.txt\n",
		"inline generator":   "resources: [a.yaml]\ngenerators:\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n    metadata: {name: leak}\n    files: [../../canary.txt]\n",
		"inline transformer": "resources: [a.yaml]\ntransformers:\n  - |\n    apiVersion: builtin\n    kind: PatchTransformer\n    metadata: {name: leak}\n    path: ../../canary.txt\n",
		"inline validator":   "resources: [a.yaml]\nvalidators:\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n    metadata: {name: leak}\n    files: [../../canary.txt]\n",
		"openapi":            "resources: [a.yaml]\nopenapi:\n  path: ../../canary.txt\n",
		"replacement":        "resources: [a.yaml]\nreplacements:\n  - path: ../../canary.txt\n",
	}
	for name, kustomization := range attempts {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(root, "app", "kustomization.yaml"), []byte(kustomization), 0o644); err != nil {
				t.Fatal(err)
			}
			// A new builder each time: the snapshot is taken once per builder.
			res, err := New().Build(context.Background(), Request{SourceRoot: root, Kustomization: ks(map[string]any{"path": "./app"})})
			out, _ := json.Marshal(map[string]any{"result": res, "error": err})
			if strings.Contains(string(out), canary) {
				t.Fatalf("canary reached the output: %s", out)
			}
			if err == nil {
				t.Fatalf("expected the build to fail, got %s", out)
			}
		})
	}
	// The generated kustomization never lists .git or a symlink.
	if err := os.Remove(filepath.Join(root, "app", "kustomization.yaml")); err != nil {
		t.Fatal(err)
	}
	res := mustBuild(t, root, map[string]any{"path": "./"})
	if got := strings.Join(names(res), ","); got != "ConfigMap/a" {
		t.Errorf("objects %s", got)
	}
}

func TestSourceIgnoreAndDefaultExcludes(t *testing.T) {
	root := tree(t, map[string]string{
		".sourceignore":             "# comment\n/app/drafts/\n",
		"app/.sourceignore":         "*.draft.yaml\n",
		"app/a.yaml":                configMap("a"),
		"app/b.draft.yaml":          configMap("b"),
		"app/drafts/c.yaml":         configMap("c"),
		"app/.sops.yaml":            "creation_rules: []\n",
		".github/workflows/ci.yaml": configMap("ci"),
	})
	res := mustBuild(t, root, map[string]any{"path": "./app"})
	if got := strings.Join(names(res), ","); got != "ConfigMap/a" {
		t.Errorf("objects %s", got)
	}
	r, err := New().Build(context.Background(), Request{SourceRoot: root, Ignore: "*.yaml\n!a.yaml\n", Kustomization: ks(map[string]any{"path": "./"})})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(r), ","); got != "ConfigMap/a" {
		t.Errorf("spec.ignore: objects %s", got)
	}
}

func TestSubstitution(t *testing.T) {
	root := tree(t, map[string]string{
		"app/a.yaml":       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  region: ${REGION}\n  zone: ${ZONE:=z1}\n  name: ${CLUSTER}\n",
		"undefined/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: ${NOPE}\n",
		"syntax/a.yaml":    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: ${BAD\n",
		"deep/a.yaml":      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: " + strings.Repeat("${A:=", 40) + "x" + strings.Repeat("}", 40) + "\n",
		"disabled/a.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  x: ${NOPE}\n",
	})
	settings := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "settings", "namespace": "flux-system"}, "data": map[string]any{"REGION": "eu"}}
	secret := map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": "creds", "namespace": "flux-system"}, "stringData": map[string]any{"REGION": "us"}}
	post := func(from ...any) map[string]any {
		return map[string]any{"substitute": map[string]any{"CLUSTER": "one"}, "substituteFrom": from}
	}
	optional := map[string]any{"kind": "ConfigMap", "name": "absent", "optional": true}
	res := mustBuild(t, root, map[string]any{"path": "app", "postBuild": post(map[string]any{"kind": "ConfigMap", "name": "settings"}, optional, map[string]any{"kind": "Secret", "name": "creds"})}, settings, secret)
	data := byName(t, res, "ConfigMap", "a").Object["data"].(map[string]any)
	if data["region"] != "us" || data["zone"] != "z1" || data["name"] != "one" {
		t.Errorf("later sources win, defaults apply, inline vars apply: %v", data)
	}
	if _, perr := run(t, root, map[string]any{"path": "app", "postBuild": post(map[string]any{"kind": "ConfigMap", "name": "absent"})}); perr == nil || perr.Code != "substitute-source-missing" {
		t.Errorf("a missing non-optional source fails: %+v", perr)
	}
	if _, perr := run(t, root, map[string]any{"path": "undefined", "postBuild": post()}); perr == nil || perr.Code != "substitute-undefined" || !strings.Contains(perr.Message, "NOPE") || perr.File != "undefined/a.yaml" {
		t.Errorf("strict: undefined variable named: %+v", perr)
	}
	loose, err := New().Build(context.Background(), Request{SourceRoot: root, Kustomization: ks(map[string]any{"path": "undefined", "postBuild": post()}), KeepUndefined: true})
	if err != nil || byName(t, loose, "ConfigMap", "a").Object["data"].(map[string]any)["x"] != "${NOPE}" {
		t.Errorf("keepUndefined leaves it as written: %v %v", loose, err)
	}
	if _, perr := run(t, root, map[string]any{"path": "syntax", "postBuild": post()}); perr == nil || perr.Code != "substitute-syntax" {
		t.Errorf("syntax: %+v", perr)
	}
	if _, perr := run(t, root, map[string]any{"path": "deep", "postBuild": post()}); perr == nil || perr.Code != "substitute-too-large" {
		t.Errorf("depth bound: %+v", perr)
	}
	res = mustBuild(t, root, map[string]any{"path": "disabled", "postBuild": post()})
	if byName(t, res, "ConfigMap", "a").Object["data"].(map[string]any)["x"] != "${NOPE}" {
		t.Errorf("substitute: disabled is skipped")
	}
}

func TestRemoteBasesSopsAndErrors(t *testing.T) {
	root := tree(t, map[string]string{
		"remote/kustomization.yaml":  "resources:\n  - https://github.com/example/repo//deploy?ref=v1\n",
		"missing/kustomization.yaml": "resources: [nope.yaml]\n",
		"sops/secret.yaml":           "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: ENC[AES256_GCM,data:abc]\nsops:\n  version: 3.8.1\n",
	})
	if _, perr := run(t, root, map[string]any{"path": "remote"}); perr == nil || perr.Code != "build-remote-base" || !strings.Contains(perr.Message, "https://github.com/example/repo//deploy?ref=v1") || perr.File != "remote/kustomization.yaml" {
		t.Errorf("remote: %+v", perr)
	}
	if _, perr := run(t, root, map[string]any{"path": "missing"}); perr == nil || perr.Code != "build-missing-resource" || !strings.Contains(perr.Message, "nope.yaml") {
		t.Errorf("missing: %+v", perr)
	}
	if _, perr := run(t, root, map[string]any{"path": "absent"}); perr == nil || perr.Code != "path-missing" {
		t.Errorf("path-missing: %+v", perr)
	}
	if _, perr := run(t, root, map[string]any{"path": "../x"}); perr == nil || perr.Code != "path-outside-source" {
		t.Errorf("path-outside-source: %+v", perr)
	}
	res := mustBuild(t, root, map[string]any{"path": "sops"})
	o := byName(t, res, "Secret", "s")
	if !o.Encrypted || o.Object["sops"] != nil {
		t.Errorf("sops: %+v", o)
	}
}

// A file name with spaces or non-ASCII letters builds as Flux builds it.
func TestBuildReadsAnyFileName(t *testing.T) {
	root := tree(t, map[string]string{
		"apps/Anime - Overlays - Charts.yml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: charts\n",
		"apps/kustomization.yaml":            "resources:\n  - Anime - Overlays - Charts.yml\n  - ñ.yaml\n",
		"apps/ñ.yaml":                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: enye\n",
	})
	res := mustBuild(t, root, map[string]any{"path": "./apps"})
	if o := byName(t, res, "ConfigMap", "charts"); o.File != "apps/Anime - Overlays - Charts.yml" {
		t.Fatalf("file = %q", o.File)
	}
	byName(t, res, "ConfigMap", "enye")
}

// aliasBomb is a ConfigMap whose aliases double levels times ("billion laughs"): 2^levels
// strings once expanded.
func aliasBomb(name string, levels int) string {
	var b strings.Builder
	b.WriteString(configMap(name) + "bomb:\n  a0: &a0 [x, x]\n")
	for i := 1; i <= levels; i++ {
		b.WriteString("  a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [*a" + strconv.Itoa(i-1) + ", *a" + strconv.Itoa(i-1) + "]\n")
	}
	return b.String()
}

// An alias bomb a build reads fails that build at once, naming the file (kyaml de-anchors every
// alias with no bound: 2^40 copies would never end); builds that do not read it are not affected,
// and ordinary anchors still build.
func TestAliasBombsAreRefusedByTheBuildsThatReadThem(t *testing.T) {
	root := tree(t, map[string]string{
		"generated/bomb.yaml":        aliasBomb("bomb", 40),
		"listed/kustomization.yaml":  "resources: [../other/bomb.yaml]\n",
		"other/bomb.yaml":            aliasBomb("bomb", 40),
		"clean/cm.yaml":              configMap("clean"),
		"anchors/cm.yaml":            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchors\n  labels: &l {app: x}\n  annotations: *l\n",
		"anchors/kustomization.yaml": "resources: [cm.yaml]\n",
	})
	for path, file := range map[string]string{"generated": "generated/bomb.yaml", "listed": "other/bomb.yaml"} {
		start := time.Now()
		_, perr := run(t, root, map[string]any{"path": path})
		if perr == nil || perr.Code != "yaml-aliases-excessive" || perr.File != file || !strings.HasPrefix(perr.Message, file+" is refused: its YAML aliases expand it") {
			t.Errorf("%s: %+v", path, perr)
		}
		if elapsed := time.Since(start); elapsed > 20*time.Second {
			t.Errorf("%s: took %s", path, elapsed)
		}
	}
	mustBuild(t, root, map[string]any{"path": "clean"})
	o := byName(t, mustBuild(t, root, map[string]any{"path": "anchors"}), "ConfigMap", "anchors")
	if got := field(o, "metadata", "annotations"); !reflect.DeepEqual(got, map[string]any{"app": "x"}) {
		t.Errorf("anchors: %v", got)
	}
}

// A file the user running the engine cannot read fails the builds that read it, naming it;
// others build. (Root reads every file: the TypeScript test runs this as an unprivileged user.)
func TestUnreadableFilesAreRefusedByTheBuildsThatReadThem(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a file of mode 000")
	}
	root := tree(t, map[string]string{"locked/cm.yaml": configMap("locked"), "clean/cm.yaml": configMap("clean")})
	if err := os.Chmod(filepath.Join(root, "locked/cm.yaml"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(root, "locked/cm.yaml"), 0o644) })
	if _, perr := run(t, root, map[string]any{"path": "locked"}); perr == nil || perr.Code != "file-unreadable" || perr.File != "locked/cm.yaml" {
		t.Errorf("locked: %+v", perr)
	}
	mustBuild(t, root, map[string]any{"path": "clean"})
}

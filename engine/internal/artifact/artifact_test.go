package artifact

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"generator-platform/engine/internal/source"
)

func repo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range map[string]string{
		"apps/a/app/kustomization.yaml": "resources: [deploy.yaml]\n",
		"apps/a/app/deploy.yaml":        "kind: Deployment\n",
		"apps/a/app/README.md":          "docs\n",
		"apps/a/app/sub/extra.yaml":     "kind: ConfigMap\n",
		"values/base.yaml":              "a: {b: 1, c: [1, 2]}\nkeep: true\n",
		"values/prod.yaml":              "a: {b: 2, c: [3]}\n",
	} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func assemble(t *testing.T, root string, rules ...Copy) (map[string]string, map[string]string, error) {
	t.Helper()
	cache := source.NewCache(source.DefaultLimits)
	src, origins, err := Assemble(Spec{Sources: []Source{{Alias: "repo", Root: root}}, Copy: rules}, root, cache.Get, source.DefaultLimits)
	if err != nil {
		return nil, nil, err
	}
	files := map[string]string{}
	err = src.FS.Walk(source.Mount, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := src.FS.ReadFile(p)
		rel, _ := source.Rel(p)
		files[rel] = string(data)
		return err
	})
	return files, origins, err
}

func names(m map[string]string) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestCopySemantics(t *testing.T) {
	root := repo(t)
	cases := []struct {
		name  string
		rules []Copy
		want  []string
	}{
		{"a folder is copied as a subfolder", []Copy{{From: "@repo/apps/a/app/", To: "@artifact/apps/a/app/"}}, []string{"apps/a/app/app/README.md", "apps/a/app/app/deploy.yaml", "apps/a/app/app/kustomization.yaml", "apps/a/app/app/sub/extra.yaml"}},
		{"dir/** copies the contents, excludes by name and from the prefix", []Copy{{From: "@repo/apps/a/app/**", To: "@artifact/", Exclude: []string{"*.md", "sub/**"}}}, []string{"deploy.yaml", "kustomization.yaml"}},
		{"a single glob level keeps the matched path", []Copy{{From: "@repo/apps/a/app/*.yaml", To: "@artifact/x/"}}, []string{"x/apps/a/app/deploy.yaml", "x/apps/a/app/kustomization.yaml"}},
		{"a file without a slash is renamed", []Copy{{From: "@repo/values/prod.yaml", To: "@artifact/v.yaml"}}, []string{"v.yaml"}},
	}
	for _, c := range cases {
		files, _, err := assemble(t, root, c.rules...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := names(files); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMergeAndOrigins(t *testing.T) {
	root := repo(t)
	files, origins, err := assemble(t, root,
		Copy{From: "@repo/values/base.yaml", To: "@artifact/values.yaml"},
		Copy{From: "@repo/values/prod.yaml", To: "@artifact/values.yaml", Strategy: "Merge"},
		Copy{From: "@repo/apps/a/app/deploy.yaml", To: "@artifact/d/"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a:\n  b: 2\n  c:\n  - 3\nkeep: true\n"; files["values.yaml"] != want {
		t.Errorf("merged: %q", files["values.yaml"])
	}
	if origins["d/deploy.yaml"] != "apps/a/app/deploy.yaml" {
		t.Errorf("origins: %v", origins)
	}
}

func TestRefusals(t *testing.T) {
	root := repo(t)
	for _, rule := range []Copy{
		{From: "@repo/../outside/", To: "@artifact/"},
		{From: "@repo//etc/passwd", To: "@artifact/"},
		{From: "@repo/apps/**", To: "@artifact/../up/"},
		{From: "@repo/missing/", To: "@artifact/"},
		{From: "@other/apps/", To: "@artifact/"},
		{From: "@repo/apps/*.none", To: "@artifact/"},
	} {
		_, _, err := assemble(t, root, rule)
		if err == nil || !strings.Contains(err.Error(), rule.From) {
			t.Errorf("%v: want a refusal naming the rule, got %v", rule, err)
		}
	}
	// A source outside the request's root is a protocol error.
	cache := source.NewCache(source.DefaultLimits)
	if _, _, err := Assemble(Spec{Sources: []Source{{Alias: "repo", Root: root}}}, filepath.Join(root, "apps"), cache.Get, source.DefaultLimits); err == nil {
		t.Error("a source outside the root was accepted")
	}
}

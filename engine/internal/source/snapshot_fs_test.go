package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Names Git holds and Flux reads (spaces, non-ASCII, a right-to-left mark) are kept; kyaml's
// memory filesystem refused them ("illegal name ... in file creation").
func TestLoadKeepsAnyFileName(t *testing.T) {
	root := t.TempDir()
	write(t, root, "apps/Anime - Overlays - Charts.yml", "a: 1\n")
	write(t, root, "apps/.yayamlls.yaml\u200e", "b: 2\n")
	write(t, root, "apps/日本/kustomization.yaml", "resources: []\n")
	write(t, root, ".git/config", "secret\n")
	src, err := Load(root, "", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got, err := src.FS.ReadFile(Mount + "/apps/Anime - Overlays - Charts.yml")
	if err != nil || string(got) != "a: 1\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	entries, err := src.FS.ReadDir(Mount + "/apps")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".yayamlls.yaml\u200e", "Anime - Overlays - Charts.yml", "日本"}
	if !reflect.DeepEqual(entries, want) {
		t.Fatalf("ReadDir = %q, want %q", entries, want)
	}
	if !src.FS.IsDir(Mount+"/apps/日本") || src.FS.Exists(Mount+"/.git/config") {
		t.Fatal("folder with a non-ASCII name missing, or .git kept")
	}
	var walked []string
	if err := src.FS.Walk(Mount, func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			walked = append(walked, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(walked) != 3 {
		t.Fatalf("Walk saw %q", walked)
	}
	f, err := src.FS.Open(Mount + "/apps/日本/kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	info, _ := f.Stat()
	if string(data) != "resources: []\n" || info.Size() != int64(len(data)) || info.Name() != "kustomization.yaml" {
		t.Fatalf("Open read %q, stat %v", data, info)
	}
	if globbed, _ := src.FS.Glob(Mount + "/apps/*.yml"); !reflect.DeepEqual(globbed, []string{Mount + "/apps/Anime - Overlays - Charts.yml"}) {
		t.Fatalf("Glob = %q", globbed)
	}
}

// The snapshot refuses every write, and `..` never climbs above its root.
func TestSnapshotIsReadOnlyAndClamped(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.yaml", "x: 1\n")
	src, err := Load(root, "", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.FS.WriteFile(Mount+"/a.yaml", []byte("y")); !errors.Is(err, errReadOnly) {
		t.Fatalf("WriteFile = %v", err)
	}
	if err := src.FS.MkdirAll(Mount + "/new"); !errors.Is(err, errReadOnly) {
		t.Fatalf("MkdirAll = %v", err)
	}
	if _, err := src.FS.ReadFile(Mount + "/../../../source/a.yaml"); err != nil {
		t.Fatalf("a clamped path reads the source: %v", err)
	}
	if _, err := src.FS.ReadFile(Mount + "/../../etc/passwd"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("outside the source: %v", err)
	}
	if _, _, err := src.FS.CleanedAbs(Mount + "/missing"); err == nil {
		t.Fatal("CleanedAbs of a missing path succeeded")
	}
}

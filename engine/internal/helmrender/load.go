package helmrender

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"

	"generator-platform/engine/internal/protocol"
)

// loadChart loads the chart at path after checking that it, and every link inside a chart
// folder, resolves inside one of roots: a repository must not be able to point the engine at
// a file elsewhere on the machine.
func loadChart(path string, roots []string) (*chart.Chart, error) {
	missing := func(format string, args ...any) error {
		return &protocol.Error{Code: "helm-chart-missing", Message: fmt.Sprintf(format, args...), File: path}
	}
	if path == "" || !filepath.IsAbs(path) {
		return nil, missing("the chart location %q is not an absolute path", path)
	}
	resolvedRoots := make([]string, 0, len(roots))
	for _, root := range roots {
		if resolved, err := filepath.EvalSymlinks(root); err == nil {
			resolvedRoots = append(resolvedRoots, resolved)
		}
	}
	inside := func(p string) bool {
		for _, root := range resolvedRoots {
			if rel, err := filepath.Rel(root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, missing("the chart %s is not in the chart cache; run `platform-gitops charts pull` to fetch it", path)
	}
	if !inside(resolved) {
		return nil, missing("the chart %s resolves to %s, outside the chart folders %s", path, resolved, strings.Join(roots, ", "))
	}
	info, err := os.Stat(resolved)
	if err != nil {
		return nil, missing("the chart %s cannot be read: %v", path, err)
	}
	var loaded *chart.Chart
	if info.IsDir() {
		if err := checkLinks(resolved, inside, map[string]bool{}); err != nil {
			return nil, missing("the chart folder %s: %v", path, err)
		}
		loaded, err = loader.LoadDir(resolved)
	} else {
		var data []byte
		if data, err = os.ReadFile(resolved); err == nil {
			// From memory: the archive is never unpacked to disk.
			loaded, err = loader.LoadArchive(bytes.NewReader(data))
		}
	}
	if err != nil {
		return nil, &protocol.Error{Code: "helm-render-failed", Message: fmt.Sprintf("the chart %s cannot be loaded: %v", path, err), File: path}
	}
	return loaded, nil
}

// checkLinks walks a chart folder the way Helm's loader will (following links) and refuses a
// link whose target lies outside the roots.
func checkLinks(dir string, inside func(string) bool, seen map[string]bool) error {
	if seen[dir] {
		return nil
	}
	seen[dir] = true
	return filepath.WalkDir(dir, func(p string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			return fmt.Errorf("the link %s leads nowhere", p)
		}
		if !inside(target) {
			return fmt.Errorf("the link %s leads to %s, outside the chart folders", p, target)
		}
		if info, err := os.Stat(target); err == nil && info.IsDir() {
			return checkLinks(target, inside, seen)
		}
		return nil
	})
}

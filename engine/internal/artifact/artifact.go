// Package artifact assembles the ExternalArtifact a Flux ArtifactGenerator (source-watcher,
// source.extensions.fluxcd.io/v1beta1) makes from its copy rules, with the cp-like semantics the
// controller documents: a folder without a glob is copied as a subfolder of the destination,
// `dir/**` copies its contents, a trailing slash makes the destination a folder, later rules
// overwrite earlier ones, `Merge` deep-merges YAML as Helm merges values files, excludes match
// from the source root or from the rule's literal prefix. Every file comes from a source
// snapshot (internal/source) and lands in a new in-memory snapshot: nothing is read from disk
// here, and a rule leaving its source or the artifact is refused, as the controller's os.Root
// refuses it.
package artifact

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/fluxcd/pkg/sourceignore"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"generator-platform/engine/internal/protocol"
	"generator-platform/engine/internal/source"
)

// Source is one alias of the generator, as a folder of the repository.
type Source struct {
	Alias string `json:"alias"`
	// Root is the absolute folder the source's artifact holds.
	Root string `json:"root"`
	// Ignore is the source's spec.ignore (GitRepository).
	Ignore string `json:"ignore,omitempty"`
}

// Copy is one copy rule of the artifact (spec.artifacts[].copy[]).
type Copy struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Exclude  []string `json:"exclude,omitempty"`
	Strategy string   `json:"strategy,omitempty"`
}

// Spec is one output artifact: its generator's sources and its copy rules.
type Spec struct {
	Sources []Source `json:"sources"`
	Copy    []Copy   `json:"copy"`
}

// Code is the finding code of a rule Flux would fail on.
const Code = "artifact-copy-failed"

type staged struct {
	data []byte
	// origin is the file's path relative to the request's root, or "" when merged from several.
	origin string
}

type stage struct {
	files map[string]staged
	dirs  map[string]bool
}

type alias struct {
	src *source.Source
	// prefix is the alias root relative to the request's root ("" when the same).
	prefix string
}

// Assemble builds the artifact. within is the absolute folder every source must be inside (the
// files' origins are relative to it); get gives a source's snapshot.
func Assemble(spec Spec, within string, get func(root, ignore string) (*source.Source, error), limits source.Limits) (*source.Source, map[string]string, error) {
	aliases := map[string]alias{}
	for _, s := range spec.Sources {
		rel, ok := inside(within, s.Root)
		if !ok {
			return nil, nil, &protocol.Error{Code: "engine-protocol", Message: fmt.Sprintf("artifact source %q (%s) is not inside %s", s.Alias, s.Root, within)}
		}
		src, err := get(s.Root, s.Ignore)
		if err != nil {
			return nil, nil, &protocol.Error{Code: "build-failed", Message: fmt.Sprintf("reading artifact source %q: %v", s.Alias, err)}
		}
		aliases[s.Alias] = alias{src: src, prefix: rel}
	}
	st := &stage{files: map[string]staged{}, dirs: map[string]bool{".": true}}
	for _, op := range spec.Copy {
		if err := st.apply(op, aliases); err != nil {
			return nil, nil, &protocol.Error{Code: Code, Message: fmt.Sprintf("copy from %q to %q: %v", op.From, op.To, err)}
		}
	}
	// The controller archives the staging folder through source-controller's default ignore
	// rules (VCS files, CI files, images, archives); folders without files do not survive.
	matcher := sourceignore.NewDefaultMatcher(nil, nil)
	tree := source.NewTree()
	origins := map[string]string{}
	names := make([]string, 0, len(st.files))
	for name := range st.files {
		names = append(names, name)
	}
	sort.Strings(names)
	var total int64
	kept := 0
	for _, name := range names {
		if matcher.Match(strings.Split(name, "/"), false) {
			continue
		}
		f := st.files[name]
		kept++
		total += int64(len(f.data))
		if kept > limits.MaxFiles || total > limits.MaxTotalBytes {
			return nil, nil, &protocol.Error{Code: "build-failed", Message: fmt.Sprintf("%v: the artifact has more than %d files or %d bytes", source.ErrTooLarge, limits.MaxFiles, limits.MaxTotalBytes)}
		}
		tree.AddFile(name, f.data)
		if f.origin != "" {
			origins[name] = f.origin
		}
	}
	return tree.Source(), origins, nil
}

// inside gives target relative to root ("" for root itself); ok is false outside it.
func inside(root, target string) (string, bool) {
	root, target = path.Clean(root), path.Clean(target)
	if !path.IsAbs(root) || !path.IsAbs(target) {
		return "", false
	}
	if target == root {
		return "", true
	}
	if rest, ok := strings.CutPrefix(target, strings.TrimSuffix(root, "/")+"/"); ok {
		return rest, true
	}
	return "", false
}

// confined cleans a path that must stay inside its root: absolute paths and `..` above the
// root are refused (the controller's os.Root refuses them).
func confined(p, what string) (string, error) {
	c := path.Clean(p)
	if path.IsAbs(p) || c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%s %q leaves its root; source-watcher refuses it", what, p)
	}
	return c, nil
}

func hasGlob(p string) bool { return strings.ContainsAny(p, "*?[]") }

func (st *stage) apply(op Copy, aliases map[string]alias) error {
	rest, ok := strings.CutPrefix(op.From, "@")
	name, pattern, found := strings.Cut(rest, "/")
	if !ok || !found {
		return errors.New("from must be @alias/path")
	}
	destRaw, ok := strings.CutPrefix(op.To, "@artifact/")
	if !ok {
		return errors.New("to must start with @artifact/")
	}
	src, ok := aliases[name]
	if !ok {
		return fmt.Errorf("source alias %q not found", name)
	}
	for _, p := range op.Exclude {
		if !doublestar.ValidatePattern(p) {
			return fmt.Errorf("invalid exclude pattern %q", p)
		}
	}
	switch op.Strategy {
	case "", "Overwrite", "Merge":
	case "Extract":
		return errors.New("the Extract strategy unpacks tarballs, which this check does not follow")
	default:
		return fmt.Errorf("unknown strategy %q", op.Strategy)
	}
	dest, err := confined(destRaw, "destination")
	if err != nil {
		return err
	}
	if _, err := confined(pattern, "source path"); err != nil {
		return err
	}
	view := snapshotView{src.src}
	if !hasGlob(pattern) {
		p := path.Clean(pattern)
		if view.isDir(p) {
			return st.copyDir(op, src, p, path.Join(dest, path.Base(p)), p)
		}
		if !view.isFile(p) {
			return fmt.Errorf("source %q does not exist", p)
		}
		if excluded(p, ".", op.Exclude) {
			return nil
		}
		target := dest
		if strings.HasSuffix(op.To, "/") || st.dirs[dest] {
			target = path.Join(dest, path.Base(p))
		}
		return st.copyFile(op, src, p, target, true)
	}
	matches, err := fs.Glob(view, pattern)
	if err != nil {
		return fmt.Errorf("invalid glob pattern %q: %v", pattern, err)
	}
	if len(matches) == 0 {
		return fmt.Errorf("no files match pattern %q in source %q", pattern, name)
	}
	base := literalPrefix(pattern)
	kept := matches[:0]
	for _, m := range matches {
		if m != "." && m != ".." && !excluded(m, base, op.Exclude) {
			kept = append(kept, m)
		}
	}
	if len(kept) == 0 {
		return fmt.Errorf("all files matching pattern %q in source %q were excluded", pattern, name)
	}
	for _, m := range kept {
		target := path.Join(dest, m)
		// `dir/**` copies the folder's contents, other patterns keep the matched path.
		if prefix, ok := strings.CutSuffix(pattern, "/**"); ok {
			if r, ok := strings.CutPrefix(m, prefix+"/"); ok {
				target = path.Join(dest, r)
			}
		}
		if view.isDir(m) {
			if err := st.copyDir(op, src, m, target, base); err != nil {
				return err
			}
			continue
		}
		if err := st.copyFile(op, src, m, target, true); err != nil {
			return err
		}
	}
	return nil
}

// literalPrefix is the pattern's leading segments without a glob ("." when none).
func literalPrefix(pattern string) string {
	var parts []string
	for _, part := range strings.Split(path.Clean(pattern), "/") {
		if hasGlob(part) {
			break
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "."
	}
	return path.Join(parts...)
}

// excluded matches the path from the source root, then from base; a pattern without a slash
// also matches the file name at any depth.
func excluded(p, base string, patterns []string) bool {
	if matchAny(p, patterns) {
		return true
	}
	if base == "." || base == "" {
		return false
	}
	if r, ok := strings.CutPrefix(p, base+"/"); ok && r != p {
		return matchAny(r, patterns)
	}
	return false
}

func matchAny(p string, patterns []string) bool {
	for _, pattern := range patterns {
		if doublestar.MatchUnvalidated(pattern, p) {
			return true
		}
		if !strings.Contains(pattern, "/") && doublestar.MatchUnvalidated(pattern, path.Base(p)) {
			return true
		}
	}
	return false
}

// copyDir copies a folder recursively (files are overwritten, never merged).
func (st *stage) copyDir(op Copy, src alias, from, to, base string) error {
	if err := st.mkdir(to); err != nil {
		return err
	}
	view := snapshotView{src.src}
	entries, err := view.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := path.Join(from, e.Name())
		if excluded(p, base, op.Exclude) {
			continue
		}
		if e.IsDir() {
			if err := st.copyDir(op, src, p, path.Join(to, e.Name()), base); err != nil {
				return err
			}
			continue
		}
		if err := st.copyFile(op, src, p, path.Join(to, e.Name()), false); err != nil {
			return err
		}
	}
	return nil
}

func (st *stage) mkdir(p string) error {
	for d := p; d != "." && d != "/"; d = path.Dir(d) {
		if _, ok := st.files[d]; ok {
			return fmt.Errorf("%s is a file in the artifact, not a folder", d)
		}
	}
	for d := p; d != "." && d != "/" && !st.dirs[d]; d = path.Dir(d) {
		st.dirs[d] = true
	}
	return nil
}

func (st *stage) copyFile(op Copy, src alias, from, to string, mergeable bool) error {
	if to == "." || st.dirs[to] {
		if mergeable && op.Strategy == "Merge" {
			return fmt.Errorf("cannot merge into the folder %s", to)
		}
		return fmt.Errorf("%s is a folder in the artifact, not a file", to)
	}
	if err := st.mkdir(path.Dir(to)); err != nil {
		return err
	}
	data, err := src.src.FS.ReadFile(path.Join(source.Mount, from))
	if err != nil {
		return err
	}
	origin := path.Join(src.prefix, from)
	if existing, ok := st.files[to]; ok && mergeable && op.Strategy == "Merge" {
		if data, err = mergeYAML(existing.data, data); err != nil {
			return fmt.Errorf("merging %s into %s: %v", from, to, err)
		}
	}
	st.files[to] = staged{data: data, origin: origin}
	return nil
}

// mergeYAML merges every document of overlay over every document of base (each side's
// documents merged first), maps deeply, anything else replaced, as Helm merges values files.
func mergeYAML(base, overlay []byte) ([]byte, error) {
	b, err := documents(base)
	if err != nil {
		return nil, err
	}
	o, err := documents(overlay)
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(deepMerge(b, o))
}

func documents(data []byte) (map[string]any, error) {
	out := map[string]any{}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		raw, err := reader.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		doc := map[string]any{}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			return nil, err
		}
		out = deepMerge(out, doc)
	}
}

func deepMerge(base, overlay map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(overlay))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range overlay {
		if vm, ok := v.(map[string]any); ok {
			if bm, ok := out[k].(map[string]any); ok {
				out[k] = deepMerge(bm, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// Package source turns a folder of the repository into what source-controller would put in the
// artifact of a GitRepository: regular files only (its archiver skips symlinks and every other
// non-regular file), `.git` never, `.sourceignore` files and source-controller's default
// excludes applied. The result is an immutable in-memory filesystem (any file name Git holds): a kustomize feature
// that follows a path out of it (../../.git/config, /proc/self/environ) finds nothing there.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fluxcd/pkg/sourceignore"
	"github.com/fluxcd/pkg/sourceignore/gitignore"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Mount is where the source's root sits in the in-memory filesystem. A path with more `..` than
// it has folders is clamped at `/`, which holds nothing but this folder: like Flux's secure
// filesystem, nothing resolves to an ancestor of the source.
const Mount = "/source"

// Limits bound what one source may hold in memory.
type Limits struct {
	// MaxFileBytes leaves bigger files out of the snapshot (listed in Source.Skipped).
	MaxFileBytes int64
	// MaxTotalBytes refuses a source whose kept files are bigger together.
	MaxTotalBytes int64
	// MaxFiles refuses a source with more kept files.
	MaxFiles int
}

// DefaultLimits are generous for YAML repositories and small against the machine.
var DefaultLimits = Limits{MaxFileBytes: 8 << 20, MaxTotalBytes: 512 << 20, MaxFiles: 200_000}

// ErrTooLarge is returned when a source is over Limits.MaxTotalBytes or MaxFiles.
var ErrTooLarge = errors.New("source too large")

// Source is one snapshotted source root.
type Source struct {
	// Root is the folder on disk the snapshot was taken from.
	Root string
	// FS holds the kept files under Mount; it refuses every write.
	FS filesys.FileSystem
	// Skipped lists source-relative files left out for their size.
	Skipped []string
	// Refused lists the files a build may not read (unreadable, alias bombs), by source-relative path.
	Refused []*Refused
}

// Rel turns a path of FS into a source-relative one ("" for the root); ok is false outside it.
func Rel(p string) (string, bool) {
	clean := filepath.ToSlash(filepath.Clean(p))
	if clean == Mount {
		return "", true
	}
	if strings.HasPrefix(clean, Mount+"/") {
		return strings.TrimPrefix(clean, Mount+"/"), true
	}
	return "", false
}

// Load snapshots root. ignore is the GitRepository's spec.ignore (may be empty).
func Load(root, ignore string, limits Limits) (*Source, error) {
	info, err := os.Lstat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	patterns, err := ignorePatterns(root, nil)
	if err != nil {
		return nil, err
	}
	if ignore != "" {
		patterns = append(patterns, sourceignore.ReadPatterns(strings.NewReader(ignore), nil)...)
	}
	matcher := sourceignore.NewDefaultMatcher(patterns, nil)
	mem := newSnapshotFS()
	mem.addDir(Mount)
	src := &Source{Root: root}
	var total int64
	files := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, walkErr error) error {
		if walkErr != nil {
			// A folder that cannot be listed: refused, as a file a build cannot read.
			if d != nil && errors.Is(walkErr, fs.ErrPermission) && p != root {
				src.refuse(mem, root, p, "file-unreadable", "cannot be read (permission denied)")
				return filepath.SkipDir
			}
			return walkErr
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		// Symlinks, devices, sockets: not in the artifact.
		if !d.Type().IsRegular() && !d.IsDir() {
			return nil
		}
		if matcher.Match(parts, d.IsDir()) {
			return nil
		}
		target := Mount + "/" + strings.Join(parts, "/")
		if d.IsDir() {
			mem.addDir(target)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > limits.MaxFileBytes {
			src.Skipped = append(src.Skipped, filepath.ToSlash(rel))
			return nil
		}
		files++
		total += info.Size()
		if files > limits.MaxFiles || total > limits.MaxTotalBytes {
			return fmt.Errorf("%w: more than %d files or %d bytes", ErrTooLarge, limits.MaxFiles, limits.MaxTotalBytes)
		}
		data, err := readRegular(p, limits.MaxFileBytes)
		if errors.Is(err, fs.ErrPermission) {
			src.refuse(mem, root, p, "file-unreadable", "cannot be read (permission denied)")
			return nil
		}
		if err != nil {
			return err
		}
		if aliasBomb(data) {
			src.refuse(mem, root, p, "yaml-aliases-excessive", "is refused: its YAML aliases expand it out of proportion (an alias bomb); kustomize would expand every one")
			return nil
		}
		mem.addFile(target, data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(src.Skipped)
	src.FS = mem
	return src, nil
}

// refuse records p as a file the snapshot names but will not give to a build.
func (s *Source) refuse(mem *snapshotFS, root, p, code, reason string) {
	rel, _ := filepath.Rel(root, p)
	r := &Refused{Code: code, Rel: filepath.ToSlash(rel), Reason: reason}
	s.Refused = append(s.Refused, r)
	mem.addRefused(Mount+"/"+r.Rel, r)
}

// readRegular reads a file that was regular when walked, refusing one swapped for something
// else since (O_NOFOLLOW is not portable; the re-check after open is).
func readRegular(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	after, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || !after.Mode().IsRegular() || !os.SameFile(info, after) {
		return nil, fmt.Errorf("%s changed while it was read", p)
	}
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// ignorePatterns collects the `.sourceignore` files below dir as source-controller does
// (sourceignore.LoadIgnorePatterns), reading only regular files: a `.sourceignore` symlink
// is not in the artifact, so its target is never opened.
func ignorePatterns(dir string, domain []string) ([]gitignore.Pattern, error) {
	var patterns []gitignore.Pattern
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrPermission) {
		return nil, nil // the snapshot refuses the folder; no rule can come from it
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Name() == sourceignore.IgnoreFile && e.Type().IsRegular() {
			f, err := os.Open(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			dom := append([]string(nil), domain...)
			patterns = append(patterns, sourceignore.ReadPatterns(io.LimitReader(f, 1<<20), dom)...)
			f.Close()
		}
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != ".git" {
			sub, err := ignorePatterns(filepath.Join(dir, e.Name()), append(append([]string(nil), domain...), e.Name()))
			if err != nil {
				return nil, err
			}
			patterns = append(patterns, sub...)
		}
	}
	return patterns, nil
}

// Cache holds one snapshot per source root and ignore rules for the life of the engine.
type Cache struct {
	mu      sync.Mutex
	sources map[string]*Source
	limits  Limits
}

// NewCache makes an empty cache.
func NewCache(limits Limits) *Cache {
	return &Cache{sources: map[string]*Source{}, limits: limits}
}

// Get returns the snapshot of root, taking it on first use.
func (c *Cache) Get(root, ignore string) (*Source, error) {
	key := root + "\x00" + ignore
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sources[key]; ok {
		return s, nil
	}
	s, err := Load(root, ignore, c.limits)
	if err != nil {
		return nil, err
	}
	c.sources[key] = s
	return s, nil
}

// errReadOnly is what a write to a snapshot returns (one build never changes what the next
// reads); builds write to a memory layer above it.
var errReadOnly = errors.New("the source snapshot is read-only")

// Tree assembles a snapshot out of files other snapshots hold (an ExternalArtifact that an
// ArtifactGenerator composes): it never reads the disk.
type Tree struct{ fs *snapshotFS }

// NewTree makes an empty tree.
func NewTree() *Tree {
	t := &Tree{fs: newSnapshotFS()}
	t.fs.addDir(Mount)
	return t
}

// AddFile puts data at rel (relative to the tree's root; cleaned, so it stays under Mount).
func (t *Tree) AddFile(rel string, data []byte) {
	t.fs.addFile(path.Join(Mount, path.Clean("/"+rel)), data)
}

// Source is the tree as a snapshot.
func (t *Tree) Source() *Source { return &Source{FS: t.fs} }

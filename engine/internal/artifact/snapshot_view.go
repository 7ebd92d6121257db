package artifact

import (
	"io/fs"
	"path"
	"time"

	"generator-platform/engine/internal/source"
)

// snapshotView shows a source snapshot as an io/fs filesystem with source-relative names, so
// the rules' globs are matched by the standard library's fs.Glob, as the controller's are.
type snapshotView struct{ src *source.Source }

func (v snapshotView) abs(name string) string { return path.Join(source.Mount, name) }

func (v snapshotView) isDir(name string) bool {
	return fs.ValidPath(name) && v.src.FS.IsDir(v.abs(name))
}
func (v snapshotView) isFile(name string) bool {
	return fs.ValidPath(name) && v.src.FS.Exists(v.abs(name)) && !v.isDir(name)
}

// Open is only for fs.FS; the copy reads files through the snapshot.
func (v snapshotView) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
}

func (v snapshotView) Stat(name string) (fs.FileInfo, error) {
	switch {
	case v.isDir(name):
		return entry{name: path.Base(name), dir: true}, nil
	case v.isFile(name):
		return entry{name: path.Base(name)}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (v snapshotView) ReadDir(name string) ([]fs.DirEntry, error) {
	if !v.isDir(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	names, err := v.src.FS.ReadDir(v.abs(name))
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, 0, len(names))
	for _, n := range names {
		out = append(out, entry{name: n, dir: v.isDir(path.Join(name, n))})
	}
	return out, nil
}

// entry is both the fs.DirEntry and the fs.FileInfo of a snapshot path.
type entry struct {
	name string
	dir  bool
}

func (e entry) Name() string { return e.name }
func (e entry) IsDir() bool  { return e.dir }
func (e entry) Type() fs.FileMode {
	if e.dir {
		return fs.ModeDir
	}
	return 0
}
func (e entry) Info() (fs.FileInfo, error) { return e, nil }
func (e entry) Size() int64                { return 0 }
func (e entry) Mode() fs.FileMode          { return e.Type() | 0o644 }
func (e entry) ModTime() time.Time         { return time.Time{} }
func (e entry) Sys() any                   { return nil }

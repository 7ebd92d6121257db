package source

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// snapshotFS is a read-only filesys.FileSystem over the files a snapshot keeps. kyaml's
// in-memory filesystem refuses names with spaces or non-ASCII letters on creation, which Flux
// reads fine from a Git artifact; this one takes any name the checkout has. Paths are absolute
// from `/`; a `..` above the root stays at the root, as in kyaml's memory filesystem.
type snapshotFS struct {
	files map[string][]byte
	// refused names files a read of which fails with their reason (see Refused).
	refused map[string]*Refused
	// dirs maps each folder to its sorted entry names.
	dirs map[string][]string
}

func newSnapshotFS() *snapshotFS {
	return &snapshotFS{files: map[string][]byte{}, refused: map[string]*Refused{}, dirs: map[string][]string{"/": nil}}
}

func clean(p string) string { return filepath.Clean("/" + filepath.ToSlash(p)) }

// addDir records a folder and its ancestors (used only while the snapshot is taken).
func (s *snapshotFS) addDir(p string) {
	p = clean(p)
	if _, ok := s.dirs[p]; ok {
		return
	}
	parent := filepath.Dir(p)
	s.addDir(parent)
	s.dirs[p] = nil
	s.dirs[parent] = insertSorted(s.dirs[parent], filepath.Base(p))
}

// addFile records a file (used only while the snapshot is taken).
func (s *snapshotFS) addFile(p string, data []byte) {
	p = clean(p)
	parent := filepath.Dir(p)
	s.addDir(parent)
	if _, ok := s.files[p]; !ok {
		s.dirs[parent] = insertSorted(s.dirs[parent], filepath.Base(p))
	}
	s.files[p] = data
}

// addRefused records a file that is listed but whose reads fail (used only while the snapshot is taken).
func (s *snapshotFS) addRefused(p string, r *Refused) {
	p = clean(p)
	if _, dir := s.dirs[p]; !dir {
		s.addFile(p, nil)
	}
	s.refused[p] = r
}

func insertSorted(list []string, name string) []string {
	i := sort.SearchStrings(list, name)
	if i < len(list) && list[i] == name {
		return list
	}
	list = append(list, "")
	copy(list[i+1:], list[i:])
	list[i] = name
	return list
}

func notExist(p string) error { return &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist} }

func (s *snapshotFS) Create(string) (filesys.File, error) { return nil, errReadOnly }
func (s *snapshotFS) Mkdir(string) error                  { return errReadOnly }
func (s *snapshotFS) MkdirAll(string) error               { return errReadOnly }
func (s *snapshotFS) RemoveAll(string) error              { return errReadOnly }
func (s *snapshotFS) WriteFile(string, []byte) error      { return errReadOnly }

func (s *snapshotFS) IsDir(p string) bool {
	_, ok := s.dirs[clean(p)]
	return ok
}

func (s *snapshotFS) Exists(p string) bool {
	p = clean(p)
	if _, ok := s.dirs[p]; ok {
		return true
	}
	_, ok := s.files[p]
	return ok
}

func (s *snapshotFS) ReadFile(p string) ([]byte, error) {
	if r, ok := s.refused[clean(p)]; ok {
		return nil, r
	}
	data, ok := s.files[clean(p)]
	if !ok {
		if s.IsDir(p) {
			return nil, fmt.Errorf("cannot read content from folder '%s'", p)
		}
		return nil, notExist(p)
	}
	return bytes.Clone(data), nil
}

func (s *snapshotFS) Open(p string) (filesys.File, error) {
	c := clean(p)
	if r, ok := s.refused[c]; ok {
		return nil, r
	}
	data, ok := s.files[c]
	if !ok {
		if s.IsDir(c) {
			return nil, fmt.Errorf("cannot open folder '%s' as a file", p)
		}
		return nil, notExist(p)
	}
	return &snapshotFile{Reader: bytes.NewReader(data), info: fileInfo{name: filepath.Base(c), size: int64(len(data))}}, nil
}

func (s *snapshotFS) ReadDir(p string) ([]string, error) {
	if r, ok := s.refused[clean(p)]; ok {
		return nil, r
	}
	entries, ok := s.dirs[clean(p)]
	if !ok {
		if s.Exists(p) {
			return nil, fmt.Errorf("%s is not a directory", p)
		}
		return nil, notExist(p)
	}
	return append([]string(nil), entries...), nil
}

func (s *snapshotFS) CleanedAbs(p string) (filesys.ConfirmedDir, string, error) {
	c := clean(p)
	if _, ok := s.dirs[c]; ok {
		return filesys.ConfirmedDir(c), "", nil
	}
	if _, ok := s.files[c]; ok {
		return filesys.ConfirmedDir(filepath.Dir(c)), filepath.Base(c), nil
	}
	return "", "", notExist(p)
}

func (s *snapshotFS) info(p string) os.FileInfo {
	if data, ok := s.files[p]; ok {
		return fileInfo{name: filepath.Base(p), size: int64(len(data))}
	}
	return fileInfo{name: filepath.Base(p), dir: true, size: int64(len(s.dirs[p]))}
}

// Walk visits p and everything below it in lexical order, as filepath.Walk does.
func (s *snapshotFS) Walk(p string, walkFn filepath.WalkFunc) error {
	c := clean(p)
	if !s.Exists(c) {
		return notExist(p)
	}
	err := s.walk(c, walkFn)
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

func (s *snapshotFS) walk(p string, walkFn filepath.WalkFunc) error {
	entries, isDir := s.dirs[p]
	if err := walkFn(p, s.info(p), nil); err != nil || !isDir {
		return err
	}
	for _, name := range entries {
		if err := s.walk(filepath.Join(p, name), walkFn); err != nil {
			if err == filepath.SkipDir {
				if _, sub := s.dirs[filepath.Join(p, name)]; sub {
					continue
				}
				return nil
			}
			return err
		}
	}
	return nil
}

// Glob matches every file's absolute path against pattern; hidden files only when the pattern
// names one, as kyaml's filesystems do.
func (s *snapshotFS) Glob(pattern string) ([]string, error) {
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, err
	}
	var out []string
	for p := range s.files {
		if ok, _ := filepath.Match(pattern, p); ok {
			out = append(out, p)
		}
	}
	if !filesys.IsHiddenFilePath(pattern) {
		out = filesys.RemoveHiddenFiles(out)
	}
	sort.Strings(out)
	return out, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (f fileInfo) Name() string { return f.name }
func (f fileInfo) Size() int64  { return f.size }
func (f fileInfo) Mode() os.FileMode {
	if f.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (fileInfo) ModTime() time.Time { return time.Time{} }
func (f fileInfo) IsDir() bool      { return f.dir }
func (fileInfo) Sys() any           { return nil }

type snapshotFile struct {
	*bytes.Reader
	info fileInfo
}

func (*snapshotFile) Write([]byte) (int, error)    { return 0, errReadOnly }
func (*snapshotFile) Close() error                 { return nil }
func (f *snapshotFile) Stat() (os.FileInfo, error) { return f.info, nil }

var _ filesys.FileSystem = (*snapshotFS)(nil)

// Package build builds one Flux Kustomization as kustomize-controller does: fluxcd/pkg/kustomize's
// generator on the source snapshot (internal/source), its krusty build with plugins disabled,
// SOPS metadata stripped, then Flux's post-build substitution.
package build

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"strings"
	"unsafe"

	fluxkustomize "github.com/fluxcd/pkg/kustomize"
	fluxfs "github.com/fluxcd/pkg/kustomize/filesys"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/resource"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"generator-platform/engine/internal/artifact"
	"generator-platform/engine/internal/protocol"
	"generator-platform/engine/internal/source"
)

// Request is the `kustomize.build` operation's params.
type Request struct {
	// SourceRoot is the absolute folder of the repository that is the Kustomization's source.
	SourceRoot string `json:"sourceRoot"`
	// Ignore is the source's spec.ignore (GitRepository), added to `.sourceignore`.
	Ignore string `json:"ignore,omitempty"`
	// Kustomization is the Flux Kustomization object (apiVersion, kind, metadata, spec).
	Kustomization map[string]any `json:"kustomization"`
	// Variables are the ConfigMaps and Secrets the cluster has for spec.postBuild.substituteFrom.
	Variables []map[string]any `json:"variables,omitempty"`
	// Strict fails a variable without a default that no source defines (Flux's
	// StrictPostBuildSubstitutions feature gate).
	Strict bool `json:"strict,omitempty"`
	// KeepUndefined leaves such a variable as written instead (a source whose keys are unknown
	// offline may define it).
	KeepUndefined bool `json:"keepUndefined,omitempty"`
	// Artifact, when set, makes the source the ExternalArtifact an ArtifactGenerator composes
	// from folders inside SourceRoot; files are still reported relative to SourceRoot.
	Artifact *artifact.Spec `json:"artifact,omitempty"`
}

// Object is one object Flux would apply.
type Object struct {
	Object map[string]any `json:"object"`
	// File is the source-relative file the object came from (or the kustomization that generated it).
	File string `json:"file,omitempty"`
	// Encrypted is set when `sops:` metadata was stripped: the values are still ciphertext.
	Encrypted bool `json:"encrypted,omitempty"`
}

// Result is the operation's answer.
type Result struct {
	Objects []Object `json:"objects"`
	// Generated is true when the folder had no kustomization.yaml and Flux's generator wrote one.
	Generated bool `json:"generated"`
	// Skipped lists source files left out of the snapshot for their size.
	Skipped []string `json:"skipped,omitempty"`
	// Kustomization is the kustomization.yaml Flux's generator produced for the folder.
	Kustomization string `json:"kustomization"`
}

// Builder builds Kustomizations; it caches one snapshot per source root, and each distinct build
// of a snapshot (see built).
type Builder struct {
	sources *source.Cache
	builds  map[buildKey]*built
}

// maxBuilds bounds the build cache; past it the cache starts over (a repository with this many
// distinct builds pays for them again, nothing more).
const maxBuilds = 4096

// New makes a Builder with the default source limits.
func New() *Builder {
	return &Builder{sources: source.NewCache(source.DefaultLimits), builds: map[buildKey]*built{}}
}

func fail(code, file, format string, args ...any) *protocol.Error {
	return &protocol.Error{Code: code, File: file, Message: fmt.Sprintf(format, args...)}
}

// buildKey names one build: the snapshot (root and ignore rules) and the Kustomization's spec
// without postBuild. Flux's generator reads nothing else of the Kustomization (only spec fields,
// through getNested* in fluxcd/pkg/kustomize's kustomize_generator.go), so Kustomizations that
// differ only in name, namespace or postBuild (one per cluster over a shared folder) build once.
type buildKey struct {
	src  *source.Source
	spec string
}

// built is what kustomize made of one folder before post-build substitution, which is per
// request. Its resources are never changed after it is cached: substitution works on copies.
type built struct {
	generated     bool
	kustomization string
	objects       []builtObject
	// err failed the build: before any object when objects is empty, else right after the last
	// one (substitution of the objects before it comes first, as in one pass).
	err error
}

type builtObject struct {
	res       *resource.Resource
	obj       map[string]any
	file      string
	encrypted bool
	// shape is measured on the first substitution.
	shape *substituteShape
	// roundTrip is the object substituted with some variables, when it holds no `$` (then every
	// substitution with variables gives it); roundTripped says it is set (it may be nil: disabled).
	roundTrip    map[string]any
	roundTripped bool
}

// Build runs the request.
func (b *Builder) Build(ctx context.Context, req Request) (*Result, error) {
	if !path.IsAbs(req.SourceRoot) {
		return nil, fail("engine-protocol", "", "sourceRoot must be an absolute path, got %q", req.SourceRoot)
	}
	ks := unstructured.Unstructured{Object: req.Kustomization}
	specPath, _, _ := unstructured.NestedString(ks.Object, "spec", "path")
	rel := path.Clean("./" + strings.TrimPrefix(specPath, "./"))
	if specPath == "" {
		rel = "."
	}
	if path.IsAbs(specPath) {
		rel = path.Clean(strings.TrimPrefix(specPath, "/"))
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, fail("path-outside-source", "", "spec.path %q leaves the source root; Flux builds only inside its source", specPath)
	}
	if req.Artifact != nil {
		src, origins, err := artifact.Assemble(*req.Artifact, req.SourceRoot, b.sources.Get, source.DefaultLimits)
		if err != nil {
			return nil, err
		}
		res, err := b.buildFrom(ctx, req, ks, src, specPath, rel)
		return fromOrigins(res, err, origins)
	}
	src, err := b.sources.Get(req.SourceRoot, req.Ignore)
	if err != nil {
		if errors.Is(err, source.ErrTooLarge) {
			return nil, fail("build-failed", "", "%v: Flux would refuse an artifact this big too", err)
		}
		return nil, fail("build-failed", "", "reading the source: %v", err)
	}
	return b.buildFrom(ctx, req, ks, src, specPath, rel)
}

// fromOrigins names, in an artifact's result or error, the repository file each artifact file
// was copied from (files Flux generated in the artifact keep no name).
func fromOrigins(res *Result, err error, origins map[string]string) (*Result, error) {
	if err != nil {
		if pe, ok := err.(*protocol.Error); ok && pe.File != "" {
			mapped := *pe
			mapped.File = origins[pe.File]
			return nil, &mapped
		}
		return nil, err
	}
	for i := range res.Objects {
		res.Objects[i].File = origins[res.Objects[i].File]
	}
	return res, nil
}

// buildFrom builds the Kustomization's folder rel of the snapshot src.
func (b *Builder) buildFrom(ctx context.Context, req Request, ks unstructured.Unstructured, src *source.Source, specPath, rel string) (*Result, error) {
	dir := path.Join(source.Mount, rel)
	if !src.FS.IsDir(dir) {
		return nil, fail("path-missing", "", "spec.path %q is not a directory of the source", specPath)
	}
	bld, err := b.cached(src, ks, dir, rel)
	if err != nil {
		return nil, err
	}
	if bld.err != nil && len(bld.objects) == 0 {
		return nil, bld.err
	}
	var subst *substituter
	if _, ok, _ := unstructured.NestedFieldNoCopy(ks.Object, "spec", "postBuild"); ok {
		if subst, err = newSubstituter(ks, req); err != nil {
			return nil, err
		}
	}
	out := &Result{Generated: bld.generated, Skipped: src.Skipped, Objects: make([]Object, 0, len(bld.objects)), Kustomization: bld.kustomization}
	for i := range bld.objects {
		o := &bld.objects[i]
		obj := o.obj
		if subst != nil {
			if obj, err = subst.apply(ctx, o); err != nil {
				return nil, err
			}
			if obj == nil {
				obj = o.obj
			}
		}
		out.Objects = append(out.Objects, Object{Object: obj, File: o.file, Encrypted: o.encrypted})
	}
	if bld.err != nil {
		return nil, bld.err
	}
	return out, nil
}

// cached is the build of dir for ks on src, made on first use.
func (b *Builder) cached(src *source.Source, ks unstructured.Unstructured, dir, rel string) (*built, error) {
	spec, _, _ := unstructured.NestedMap(ks.Object, "spec")
	delete(spec, "postBuild")
	specJSON, err := json.Marshal(spec)
	if err != nil {
		return nil, fail("engine-protocol", "", "kustomization spec: %v", err)
	}
	key := buildKey{src: src, spec: string(specJSON)}
	if bld, ok := b.builds[key]; ok {
		return bld, nil
	}
	bld := buildOnce(src, ks, dir, rel)
	if len(b.builds) >= maxBuilds {
		clear(b.builds)
	}
	b.builds[key] = bld
	return bld, nil
}

// buildOnce runs Flux's generator and kustomize on the snapshot, and prepares each object as
// Flux has it before post-build substitution (SOPS metadata dropped).
func buildOnce(src *source.Source, ks unstructured.Unstructured, dir, rel string) *built {
	// Writes (the generated kustomization.yaml) go to memory above the immutable snapshot.
	fs := fluxfs.MakeFsInMemory(src.FS)
	gen := fluxkustomize.NewGenerator(source.Mount, ks)
	useFS(gen, fs)
	manifest, kfile, action, err := gen.GenerateManifest(dir)
	if err != nil {
		if r := refusedIn(err, src); r != nil {
			return &built{err: r}
		}
		return &built{err: classify(err, kustomizationFile(fs, dir))}
	}
	bld := &built{generated: action == fluxkustomize.CreatedAction, kustomization: string(manifest)}
	manifest, ownOrigins, err := withOriginAnnotations(manifest)
	if err != nil {
		bld.err = fail("build-failed", relFile(kfile), "%v", err)
		return bld
	}
	if err := fs.WriteFile(kfile, manifest); err != nil {
		bld.err = fail("build-failed", relFile(kfile), "%v", err)
		return bld
	}
	var kustomizations []string
	if err := checkReferences(fs, dir, map[string]bool{}, &kustomizations); err != nil {
		if r := refusedIn(err, src); r != nil {
			bld.err = r
			return bld
		}
		bld.err = err
		return bld
	}
	resMap, err := kustomizeFolder(fs, dir, kustomizations)
	if err != nil {
		if r := refusedIn(err, src); r != nil {
			bld.err = r
			return bld
		}
		bld.err = classify(err, locate(fs, kustomizations, kfile))
		return bld
	}
	for _, res := range resMap.Resources() {
		file := originFile(res, rel)
		if !ownOrigins {
			if err := res.SetOrigin(nil); err != nil {
				bld.err = fail("build-failed", file, "%v", err)
				return bld
			}
		}
		if res.GetName() == "" || res.GetKind() == "" || res.GetApiVersion() == "" {
			bld.err = fail("build-failed", file, "failed to decode Kubernetes apiVersion, kind and name from %s", file)
			return bld
		}
		obj, err := res.Map()
		if err != nil {
			bld.err = fail("build-failed", file, "%v", err)
			return bld
		}
		_, encrypted := obj["sops"]
		if encrypted {
			// Flux decrypts and drops the metadata; offline the values stay ciphertext.
			delete(obj, "sops")
			data, err := json.Marshal(obj)
			if err != nil {
				bld.err = fail("build-failed", file, "%v", err)
				return bld
			}
			if err := res.UnmarshalJSON(data); err != nil {
				bld.err = fail("build-failed", file, "%v", err)
				return bld
			}
		}
		bld.objects = append(bld.objects, builtObject{res: res, obj: obj, file: file, encrypted: encrypted})
	}
	return bld
}

// refusedIn finds the refused file (unreadable, an alias bomb) a failed build read, if it read
// one: by the error chain, else by its message (kustomize does not wrap every error).
func refusedIn(err error, src *source.Source) *protocol.Error {
	var r *source.Refused
	if !errors.As(err, &r) {
		for _, candidate := range src.Refused {
			if strings.Contains(err.Error(), candidate.Error()) {
				r = candidate
				break
			}
		}
	}
	if r == nil {
		return nil
	}
	return &protocol.Error{Code: r.Code, File: r.Rel, Message: r.Error()}
}

// useFS gives Flux's generator the layered in-memory filesystem. fluxcd/pkg/kustomize v1.41.0
// reads it from an unexported field (getFS documents a WithFS option that later versions add);
// without this the generator would scan the disk, symlinks and ignored files included.
func useFS(gen *fluxkustomize.Generator, fs filesys.FileSystem) {
	field := reflect.ValueOf(gen).Elem().FieldByName("fs")
	reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Set(reflect.ValueOf(fs))
}

// withOriginAnnotations asks kustomize to annotate each object with its file; ownOrigins tells
// whether the kustomization asked for them itself (then they stay, as Flux would apply them).
func withOriginAnnotations(manifest []byte) ([]byte, bool, error) {
	var k kustypes.Kustomization
	if err := yaml.Unmarshal(manifest, &k); err != nil {
		return nil, false, err
	}
	for _, m := range k.BuildMetadata {
		if m == kustypes.OriginAnnotations {
			return manifest, true, nil
		}
	}
	k.BuildMetadata = append(k.BuildMetadata, kustypes.OriginAnnotations)
	out, err := yaml.Marshal(k)
	return out, false, err
}

// originFile is the source-relative file of a built object: origin paths are relative to the
// built folder.
func originFile(res *resource.Resource, rel string) string {
	origin, err := res.GetOrigin()
	if err != nil || origin == nil || origin.Repo != "" {
		return ""
	}
	p := origin.Path
	if p == "" {
		p = origin.ConfiguredIn
	}
	if p == "" {
		return ""
	}
	return path.Clean(path.Join(rel, p))
}

func relFile(p string) string {
	r, ok := source.Rel(p)
	if !ok {
		return ""
	}
	return r
}

// checkReferences walks the kustomizations the build will load, before kustomize does: a remote
// base would make kustomize run git or fetch a URL (we are offline and run no program), and a
// missing entry gets a finding naming the kustomization that lists it.
func checkReferences(fs filesys.FileSystem, dir string, seen map[string]bool, visited *[]string) error {
	if seen[dir] {
		return nil
	}
	seen[dir] = true
	kfile := kustomizationFile(fs, dir)
	if kfile == "" {
		return nil // kustomize reports the missing kustomization itself
	}
	defer func() { *visited = append(*visited, kfile) }() // children first: see locate
	data, err := fs.ReadFile(kfile)
	if err != nil {
		return fail("build-failed", relFile(kfile), "%v", err)
	}
	var k kustypes.Kustomization
	if err := yaml.Unmarshal(data, &k); err != nil {
		return nil // kustomize reports the syntax error with its own words
	}
	k.FixKustomization()
	entries := append(append([]string{}, k.Resources...), k.Components...)
	for _, entry := range entries {
		if isRemote(entry) {
			return fail("build-remote-base", relFile(kfile), "%s lists the remote base %s: Flux fetches it, an offline build cannot", relFile(kfile), entry)
		}
		target := path.Join(dir, entry)
		if path.IsAbs(entry) {
			target = path.Clean(entry)
		}
		if _, inside := source.Rel(target); !inside {
			return fail("path-outside-source", relFile(kfile), "%s lists %s, which is outside the source: Flux builds only inside its source", relFile(kfile), entry)
		}
		if !fs.Exists(target) {
			return fail("build-missing-resource", relFile(kfile), "%s lists %s, which is not in the source", relFile(kfile), entry)
		}
		if fs.IsDir(target) {
			if err := checkReferences(fs, target, seen, visited); err != nil {
				return err
			}
		}
	}
	return nil
}

// kustomizationFile is the folder's kustomization.yaml (or another name kustomize reads), or "".
func kustomizationFile(fs filesys.FileSystem, dir string) string {
	for _, name := range konfig.RecognizedKustomizationFileNames() {
		if p := path.Join(dir, name); fs.Exists(p) && !fs.IsDir(p) {
			return p
		}
	}
	return ""
}

var remotePrefixes = []string{"git::", "gh:", "ssh://", "https://", "http://", "git@", "github.com:", "github.com/", "file://"}

func isRemote(entry string) bool {
	lower := strings.ToLower(entry)
	for _, p := range remotePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return strings.Contains(entry, "?ref=") || strings.Contains(entry, "?version=") || strings.Contains(entry, ".git//")
}

// locate finds the kustomization a failed build failed in: kustomize's errors rarely name it.
// It builds each kustomization the build loads on its own, nested ones first, and names the
// first that fails; only a failed build pays for this.
func locate(fs filesys.FileSystem, kustomizations []string, top string) string {
	for _, kfile := range kustomizations {
		if kfile == top {
			break
		}
		data, err := fs.ReadFile(kfile)
		if err != nil {
			continue
		}
		var k kustypes.Kustomization
		if yaml.Unmarshal(data, &k) == nil && k.Kind == kustypes.ComponentKind {
			continue // a component builds only inside a kustomization
		}
		if _, err := fluxkustomize.Build(fs, path.Dir(kfile)); err != nil {
			return kfile
		}
	}
	return top
}

var (
	outsidePath = regexp.MustCompile(`'(/[^']*)'`)
	yamlFile    = regexp.MustCompile(`in File: (\S+)`)
)

// classify maps a kustomize or generator error in kfile to a finding code, and the snapshot's
// paths in its message back to source-relative ones.
func classify(err error, kfile string) *protocol.Error {
	msg := err.Error()
	file := relFile(kfile)
	code := "build-failed"
	switch {
	case strings.Contains(msg, "remote-disabled:"):
		code = "build-remote-base"
	case strings.Contains(msg, "cycle detected"):
		code = "build-cycle"
	case strings.Contains(msg, "MalformedYAMLError") || strings.Contains(msg, "yaml: line"):
		code = "yaml-invalid"
		if m := yamlFile.FindStringSubmatch(msg); m != nil && kfile != "" {
			file = relFile(path.Join(path.Dir(kfile), m[1]))
			msg = fmt.Sprintf("%s is not valid YAML: %s", file, msg)
		}
	case strings.Contains(msg, "for path: '") || strings.Contains(msg, "unable to find patch target") || strings.Contains(msg, "failed to apply"):
		code = "build-transform-failed"
	case strings.Contains(msg, "no such file or directory") || strings.Contains(msg, "does not exist") || strings.Contains(msg, "must be a file or directory") || strings.Contains(msg, "not found"):
		code = "build-missing-resource"
		for _, m := range outsidePath.FindAllStringSubmatch(msg, -1) {
			if _, inside := source.Rel(m[1]); !inside {
				code = "path-outside-source"
			}
		}
	}
	msg = strings.ReplaceAll(msg, source.Mount+"/", "")
	msg = strings.ReplaceAll(msg, source.Mount, ".")
	return &protocol.Error{Code: code, File: file, Message: msg}
}

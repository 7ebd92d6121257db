package build

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/fluxcd/pkg/envsubst/parse"
	fluxkustomize "github.com/fluxcd/pkg/kustomize"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/managedfields"
	clientgoapplyconfigurations "k8s.io/client-go/applyconfigurations"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/yaml"

	"generator-platform/engine/internal/protocol"
)

// Bounds on one object's substitution: envsubst's parser recurses per nested `${`, and each
// `$` may expand to a whole variable.
const (
	maxSubstituteInput  = 4 << 20
	maxSubstituteOutput = 64 << 20
	maxSubstituteDepth  = 32
)

// substituter runs Flux's SubstituteVariables against a fake cluster holding the request's
// ConfigMaps and Secrets, so LoadVariables' semantics (optional, NotFound, order) are Flux's.
type substituter struct {
	ks      unstructured.Unstructured
	client  client.Client
	strict  bool
	keep    bool
	longest int
	// inputs is everything but the object that the substitution reads (the Kustomization's
	// namespace and postBuild, the variables, strict and keep), as a key of done.
	inputs string
	done   *boundedCache[map[string]any]
}

// fakeClusterTypes is what every fake cluster shares, made once per engine: a scheme of the core
// types and the type converters the fake client otherwise builds on each Build from the whole
// client-go scheme (about half of a substituted build's time). Both are read-only once made.
var fakeClusterTypes = sync.OnceValues(func() (*runtime.Scheme, error) {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	return scheme, nil
})

var fakeClusterConverters = sync.OnceValues(func() ([]managedfields.TypeConverter, error) {
	// The converters fake.ClientBuilder.Build makes when given none.
	clientGoScheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(clientGoScheme); err != nil {
		return nil, err
	}
	return []managedfields.TypeConverter{clientgoapplyconfigurations.NewTypeConverter(clientGoScheme), managedfields.NewDeducedTypeConverter()}, nil
})

func newSubstituter(ks unstructured.Unstructured, req Request, done *boundedCache[map[string]any]) (*substituter, error) {
	scheme, err := fakeClusterTypes()
	if err != nil {
		return nil, err
	}
	converters, err := fakeClusterConverters()
	if err != nil {
		return nil, err
	}
	objs := make([]client.Object, 0, len(req.Variables))
	longest := 0
	for i, raw := range req.Variables {
		u := &unstructured.Unstructured{Object: raw}
		var obj client.Object
		switch u.GetKind() {
		case "ConfigMap":
			cm := &corev1.ConfigMap{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, cm); err != nil {
				return nil, fail("engine-protocol", "", "variables[%d]: %v", i, err)
			}
			for _, v := range cm.Data {
				longest = max(longest, len(v))
			}
			obj = cm
		case "Secret":
			secret := &corev1.Secret{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, secret); err != nil {
				return nil, fail("engine-protocol", "", "variables[%d]: %v", i, err)
			}
			// stringData is what the API server would fold into data.
			for k, v := range secret.StringData {
				if secret.Data == nil {
					secret.Data = map[string][]byte{}
				}
				secret.Data[k] = []byte(v)
			}
			for _, v := range secret.Data {
				longest = max(longest, len(v))
			}
			obj = secret
		default:
			return nil, fail("engine-protocol", "", "variables[%d] is a %q; only ConfigMaps and Secrets are sources", i, u.GetKind())
		}
		objs = append(objs, obj)
	}
	inline, _, _ := unstructured.NestedStringMap(ks.Object, "spec", "postBuild", "substitute")
	for _, v := range inline {
		longest = max(longest, len(v))
	}
	postBuild, _, _ := unstructured.NestedFieldNoCopy(ks.Object, "spec", "postBuild")
	inputs, err := json.Marshal([]any{ks.GetNamespace(), postBuild, req.Variables, req.Strict, req.KeepUndefined})
	if err != nil {
		return nil, fail("engine-protocol", "", "postBuild: %v", err)
	}
	c := fake.NewClientBuilder().WithScheme(scheme).WithTypeConverters(converters...).WithObjects(objs...).Build()
	return &substituter{ks: ks, client: c, strict: req.Strict || req.KeepUndefined, keep: req.KeepUndefined, longest: longest, inputs: string(inputs), done: done}, nil
}

var notSet = regexp.MustCompile(`variable not set \(strict mode\): "([^"]*)"`)

// apply substitutes one resource in place; nil means Flux skipped it (substitute: disabled).
func (s *substituter) apply(ctx context.Context, res *resource.Resource, file string) (map[string]any, error) {
	// The same object with the same inputs substitutes the same (the base and the working tree
	// of a diff hold mostly the same objects); what Flux skipped or refused is not kept. The
	// object is its JSON (whose YAML Flux substitutes) and its map as JSON (what Flux returns
	// when it has no variables): two objects alike in one could differ in the other (-0 and 0).
	raw, err := res.MarshalJSON()
	if err != nil {
		return nil, fail("build-failed", file, "%v", err)
	}
	plain, err := res.Map()
	if err != nil {
		return nil, fail("build-failed", file, "%v", err)
	}
	plainJSON, err := json.Marshal(plain)
	if err != nil {
		return nil, fail("build-failed", file, "%v", err)
	}
	key := s.inputs + "\x00" + string(raw) + "\x00" + string(plainJSON)
	if known, ok := s.done.get(key); ok {
		return known, nil
	}
	// res.AsYAML, from the JSON already made.
	data, err := yaml.JSONToYAML(raw)
	if err != nil {
		return nil, fail("build-failed", file, "%v", err)
	}
	id := objectID(res)
	if err := s.bound(data, file, id); err != nil {
		return nil, err
	}
	obj, err := s.substitute(ctx, res, file, id)
	if err == nil && obj != nil {
		s.done.put(key, obj)
	}
	return obj, err
}

// substitute runs Flux's substitution on a copy of res.
func (s *substituter) substitute(ctx context.Context, res *resource.Resource, file, id string) (map[string]any, error) {
	ks := s.ks
	for kept := 0; ; kept++ {
		out, err := fluxkustomize.SubstituteVariables(ctx, s.client, ks, res.DeepCopy(), fluxkustomize.SubstituteWithStrict(s.strict))
		if err == nil {
			if out == nil {
				return nil, nil
			}
			return out.Map()
		}
		m := notSet.FindStringSubmatch(err.Error())
		if m != nil && s.keep && kept < 1000 {
			// Keep ${VAR} as written: an opaque source may define it.
			ks = unstructured.Unstructured{Object: runtime.DeepCopyJSON(ks.Object)}
			inline, _, _ := unstructured.NestedStringMap(ks.Object, "spec", "postBuild", "substitute")
			if inline == nil {
				inline = map[string]string{}
			}
			inline[m[1]] = "${" + m[1] + "}"
			if err := unstructured.SetNestedStringMap(ks.Object, inline, "spec", "postBuild", "substitute"); err != nil {
				return nil, fail("build-failed", file, "%v", err)
			}
			continue
		}
		return nil, substituteError(err, file, id)
	}
}

func substituteError(err error, file, id string) *protocol.Error {
	msg := err.Error()
	e := &protocol.Error{Code: "substitute-failed", File: file, Object: id, Message: fmt.Sprintf("%s: %s", id, msg)}
	switch {
	case notSet.MatchString(msg):
		e.Code = "substitute-undefined"
		e.Message = fmt.Sprintf("%s: variable %s is not defined (strict substitution)", id, notSet.FindStringSubmatch(msg)[1])
	case errors.Is(err, parse.ErrBadSubstitution), errors.Is(err, parse.ErrMissingClosingBrace), errors.Is(err, parse.ErrParseVariableName),
		errors.Is(err, parse.ErrParseFuncSubstitution), errors.Is(err, parse.ErrParseDefaultFunction), strings.Contains(msg, "var name is invalid"):
		e.Code = "substitute-syntax"
	case strings.Contains(msg, "substitute from '"):
		e.Code = "substitute-source-missing"
	}
	return e
}

// objectID names an object as the TypeScript side's findings do: Kind/namespace/name or Kind/name.
func objectID(res *resource.Resource) string {
	if ns := res.GetNamespace(); ns != "" {
		return res.GetKind() + "/" + ns + "/" + res.GetName()
	}
	return res.GetKind() + "/" + res.GetName()
}

// bound refuses input whose substitution could take unbounded depth or size.
func (s *substituter) bound(data []byte, file, id string) error {
	if len(data) > maxSubstituteInput {
		return tooLarge(file, id, "%s is %d bytes; substitution is bounded to %d", id, len(data), maxSubstituteInput)
	}
	depth, deepest, dollars := 0, 0, 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '$':
			dollars++
			if i+1 < len(data) && data[i+1] == '{' {
				depth++
				deepest = max(deepest, depth)
				i++
			}
		case '}':
			if depth > 0 {
				depth--
			}
		}
	}
	if deepest > maxSubstituteDepth {
		return tooLarge(file, id, "%s nests ${...} %d deep; substitution is bounded to %d", id, deepest, maxSubstituteDepth)
	}
	if int64(len(data))+int64(dollars)*int64(s.longest) > maxSubstituteOutput {
		return tooLarge(file, id, "%s could expand past %d bytes (%d variables of up to %d bytes)", id, maxSubstituteOutput, dollars, s.longest)
	}
	return nil
}

func tooLarge(file, id, format string, args ...any) *protocol.Error {
	e := fail("substitute-too-large", file, format, args...)
	e.Object = id
	return e
}

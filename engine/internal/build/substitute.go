package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/fluxcd/pkg/envsubst/parse"
	fluxkustomize "github.com/fluxcd/pkg/kustomize"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/kustomize/api/resource"

	"generator-platform/engine/internal/objectstore"
	"generator-platform/engine/internal/protocol"
)

// Bounds on one object's substitution: envsubst's parser recurses per nested `${`, and each
// `$` may expand to a whole variable.
const (
	maxSubstituteInput  = 4 << 20
	maxSubstituteOutput = 64 << 20
	maxSubstituteDepth  = 32
)

// substituter runs Flux's SubstituteVariables against a cluster holding only the request's
// ConfigMaps and Secrets (an objectstore.Store; controller-runtime's fake client did the same at the cost of a new scheme and object tracker per request), so LoadVariables' semantics (optional, NotFound,
// order) are Flux's.
type substituter struct {
	ks      unstructured.Unstructured
	client  client.Client
	strict  bool
	keep    bool
	longest int
	// succeeded is set once a whole SubstituteVariables call of this request passed: its variables
	// loaded and their names are valid (both are checked on every object alike).
	succeeded bool
	// someVariables: LoadVariables found at least one (then Flux round-trips every object through
	// envsubst and YAML); nil until asked.
	someVariables *bool
}

func newSubstituter(ks unstructured.Unstructured, req Request) (*substituter, error) {
	sources := objectstore.New("substitution sources")
	longest := 0
	for i, raw := range req.Variables {
		u := &unstructured.Unstructured{Object: raw}
		switch u.GetKind() {
		case "ConfigMap":
			cm := &corev1.ConfigMap{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, cm); err != nil {
				return nil, fail("engine-protocol", "", "variables[%d]: %v", i, err)
			}
			for _, v := range cm.Data {
				longest = max(longest, len(v))
			}
			sources.AddConfigMap(cm)
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
			sources.AddSecret(secret)
		default:
			return nil, fail("engine-protocol", "", "variables[%d] is a %q; only ConfigMaps and Secrets are sources", i, u.GetKind())
		}
	}
	inline, _, _ := unstructured.NestedStringMap(ks.Object, "spec", "postBuild", "substitute")
	for _, v := range inline {
		longest = max(longest, len(v))
	}
	return &substituter{ks: ks, client: sources, strict: req.Strict || req.KeepUndefined, keep: req.KeepUndefined, longest: longest}, nil
}

var notSet = regexp.MustCompile(`variable not set \(strict mode\): "([^"]*)"`)

// apply substitutes a copy of one built object; nil means Flux skipped it (substitute: disabled).
func (s *substituter) apply(ctx context.Context, o *builtObject) (map[string]any, error) {
	res, file := o.res, o.file
	id := objectID(res)
	if o.shape == nil {
		data, err := res.AsYAML()
		if err != nil {
			return nil, fail("build-failed", file, "%v", err)
		}
		o.shape = shapeOf(data)
	}
	if err := s.bound(*o.shape, file, id); err != nil {
		return nil, err
	}
	// An object without a `$` comes out of envsubst as it went in: with any variables, Flux's
	// result is its YAML round trip, the same for every request. Reused once this request has
	// shown (by a whole call) that its variables load and are valid names.
	roundTrips := o.shape.dollars == 0 && s.variablesFound(ctx)
	if roundTrips && o.roundTripped && s.succeeded {
		return o.roundTrip, nil
	}
	out, err := s.substitute(ctx, res, file, id)
	if err != nil {
		return nil, err
	}
	s.succeeded = true
	if roundTrips && !o.roundTripped {
		// Mostly the round trip changes nothing the answer shows (it goes out as JSON): then keep
		// kustomize's object, not a second copy.
		if sameJSON(out, o.obj) {
			out = o.obj
		}
		o.roundTrip, o.roundTripped = out, true
	}
	return out, nil
}

// sameJSON says whether a and b encode alike (the protocol sends objects as JSON).
func sameJSON(a, b map[string]any) bool {
	x, errX := json.Marshal(a)
	y, errY := json.Marshal(b)
	return errX == nil && errY == nil && bytes.Equal(x, y)
}

// variablesFound says whether this request has any variable: from Flux's LoadVariables
// (substituteFrom) or written inline (spec.postBuild.substitute), as SubstituteVariables merges them.
func (s *substituter) variablesFound(ctx context.Context) bool {
	if s.someVariables == nil {
		vars, err := fluxkustomize.LoadVariables(ctx, s.client, s.ks)
		inline, _, inlineErr := unstructured.NestedStringMap(s.ks.Object, "spec", "postBuild", "substitute")
		found := err == nil && inlineErr == nil && len(vars)+len(inline) > 0
		s.someVariables = &found
	}
	return *s.someVariables
}

// substitute is Flux's SubstituteVariables on a copy of res, keeping undefined variables as
// written when asked.
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

// substituteShape is what bounds one object's substitution: its YAML's size, how deep its
// `${` nest, and how many `$` it holds. It is the same for every substitution of a cached build.
type substituteShape struct {
	size, deepest, dollars int
}

func shapeOf(data []byte) *substituteShape {
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
	return &substituteShape{size: len(data), deepest: deepest, dollars: dollars}
}

// bound refuses input whose substitution could take unbounded depth or size.
func (s *substituter) bound(shape substituteShape, file, id string) error {
	if shape.size > maxSubstituteInput {
		return tooLarge(file, id, "%s is %d bytes; substitution is bounded to %d", id, shape.size, maxSubstituteInput)
	}
	if shape.deepest > maxSubstituteDepth {
		return tooLarge(file, id, "%s nests ${...} %d deep; substitution is bounded to %d", id, shape.deepest, maxSubstituteDepth)
	}
	if int64(shape.size)+int64(shape.dollars)*int64(s.longest) > maxSubstituteOutput {
		return tooLarge(file, id, "%s could expand past %d bytes (%d variables of up to %d bytes)", id, maxSubstituteOutput, shape.dollars, s.longest)
	}
	return nil
}

func tooLarge(file, id, format string, args ...any) *protocol.Error {
	e := fail("substitute-too-large", file, format, args...)
	e.Object = id
	return e
}

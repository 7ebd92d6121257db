package build

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"generator-platform/engine/internal/protocol"
)

// One Builder over many clusters' Kustomizations of the same folder: each gets its own
// substitution, and what one cluster substitutes never reaches another's objects.
func TestSharedFolderBuildsOnceAndSubstitutesPerRequest(t *testing.T) {
	root := tree(t, map[string]string{
		"app/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  replicas: ${REPLICAS}\n",
	})
	b := New()
	request := func(name, replicas string, extra map[string]any) *Result {
		t.Helper()
		spec := map[string]any{"path": "./app", "postBuild": map[string]any{"substitute": map[string]any{"REPLICAS": replicas}}}
		for k, v := range extra {
			spec[k] = v
		}
		k := ks(spec)
		k["metadata"] = map[string]any{"name": name, "namespace": "flux-system"}
		res, err := b.Build(context.Background(), Request{SourceRoot: root, Kustomization: k, Strict: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return res
	}
	one := request("cluster-one", "2", nil)
	two := request("cluster-two", "3", nil)
	again := request("cluster-one", "2", nil)
	if len(b.builds) != 1 {
		t.Errorf("Kustomizations differing only in name and postBuild build once: %d builds", len(b.builds))
	}
	// Flux substitutes the object's YAML and reads it back: the unquoted 2 is a number then.
	if got := field(byName(t, one, "ConfigMap", "a"), "data", "replicas"); got != 2 {
		t.Errorf("cluster-one: %#v", got)
	}
	if got := field(byName(t, two, "ConfigMap", "a"), "data", "replicas"); got != 3 {
		t.Errorf("cluster-two: %#v", got)
	}
	first, _ := json.Marshal(one)
	third, _ := json.Marshal(again)
	if string(first) != string(third) {
		t.Errorf("a later request with other variables changed the cached build:\n%s\n%s", first, third)
	}
	// Without postBuild the same folder is as kustomize built it.
	k := ks(map[string]any{"path": "./app"})
	plain, err := b.Build(context.Background(), Request{SourceRoot: root, Kustomization: k})
	if err != nil {
		t.Fatal(err)
	}
	if got := field(byName(t, plain, "ConfigMap", "a"), "data", "replicas"); got != "${REPLICAS}" {
		t.Errorf("no postBuild, no substitution: %v", got)
	}
	// Any other spec field is another build.
	ns := request("cluster-one", "2", map[string]any{"targetNamespace": "apps"})
	if got := field(byName(t, ns, "ConfigMap", "a"), "metadata", "namespace"); got != "apps" || len(b.builds) != 2 {
		t.Errorf("targetNamespace builds anew: namespace %v, %d builds", got, len(b.builds))
	}
}

// A failed build fails the same way every time it is asked for.
func TestCachedBuildFailureRepeats(t *testing.T) {
	root := tree(t, map[string]string{"missing/kustomization.yaml": "resources: [nope.yaml]\n"})
	b := New()
	var first *protocol.Error
	for i := 0; i < 2; i++ {
		_, err := b.Build(context.Background(), Request{SourceRoot: root, Kustomization: ks(map[string]any{"path": "missing"})})
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Code != "build-missing-resource" {
			t.Fatalf("try %d: %v", i, err)
		}
		if first == nil {
			first = pe
		} else if *first != *pe {
			t.Errorf("second failure differs: %+v %+v", first, pe)
		}
	}
}

// The substitution sources answer as the API server (and controller-runtime's fake client) did:
// a missing non-optional source names the resource the same way; an optional one is skipped; a
// source listed twice is read twice.
func TestSubstitutionSourcesAnswerAsTheAPIServer(t *testing.T) {
	root := tree(t, map[string]string{"app/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: ${X:=none}\n  y: ${Y:=none}\n"})
	post := func(from ...any) map[string]any {
		return map[string]any{"path": "app", "postBuild": map[string]any{"substituteFrom": from}}
	}
	_, perr := run(t, root, post(map[string]any{"kind": "Secret", "name": "absent"}))
	if perr == nil || perr.Code != "substitute-source-missing" || !strings.Contains(perr.Message, `substitute from 'Secret/absent' error: secrets "absent" not found`) {
		t.Errorf("missing Secret: %+v", perr)
	}
	_, perr = run(t, root, post(map[string]any{"kind": "ConfigMap", "name": "absent"}))
	if perr == nil || !strings.Contains(perr.Message, `substitute from 'ConfigMap/absent' error: configmaps "absent" not found`) {
		t.Errorf("missing ConfigMap: %+v", perr)
	}
	settings := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "settings", "namespace": "flux-system"}, "data": map[string]any{"X": "x"}}
	other := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "settings", "namespace": "elsewhere"}, "data": map[string]any{"Y": "y"}}
	ref := map[string]any{"kind": "ConfigMap", "name": "settings"}
	res := mustBuild(t, root, post(ref, ref, map[string]any{"kind": "Secret", "name": "absent", "optional": true}), settings, settings, other)
	o := byName(t, res, "ConfigMap", "a")
	if field(o, "data", "x") != "x" || field(o, "data", "y") != "none" {
		t.Errorf("the Kustomization's namespace only, optional skipped: %v", o.Object["data"])
	}
}

// An object without a `$` is substituted once and its result reused by later requests with
// variables; the reuse never hides what a request's own variables do (an invalid name fails it,
// no variables leave the object as kustomize built it), and equals a fresh Builder's answer.
func TestDollarFreeObjectsReuseTheirSubstitution(t *testing.T) {
	root := tree(t, map[string]string{
		"app/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  replicas: ${REPLICAS}\n",
		// No `$`: Flux's round trip through YAML and JSON makes the integer past 2^64 a float
		// (12345678901234567000), which kustomize's own object keeps exact: reuse must keep Flux's.
		"app/b.yaml":               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  version: \"1.10\"\nbig: 12345678901234567890\n",
		"app/kustomization.yaml":   "resources: [a.yaml, b.yaml]\n",
		"plain/kustomization.yaml": "resources: [../app/b.yaml]\n",
	})
	request := func(b *Builder, substitute map[string]any) (*Result, error) {
		k := ks(map[string]any{"path": "./app", "postBuild": map[string]any{"substitute": substitute}})
		return b.Build(context.Background(), Request{SourceRoot: root, Kustomization: k, Strict: true})
	}
	shared := New()
	for i, replicas := range []string{"2", "3", "4"} {
		got, err := request(shared, map[string]any{"REPLICAS": replicas})
		if err != nil {
			t.Fatal(err)
		}
		want, err := request(New(), map[string]any{"REPLICAS": replicas})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("request %d: reused answer differs from a fresh one:\n%s\n%s", i, g, w)
		}
	}
	var reused int
	for _, bld := range shared.builds {
		for _, o := range bld.objects {
			if o.roundTripped {
				reused++
			}
		}
	}
	if reused != 1 {
		t.Errorf("%d objects keep a round trip; want only b (a holds a `$`)", reused)
	}
	// A request whose variable name is invalid fails, reuse or not, also where every object
	// of the folder was reused before.
	if _, err := request(shared, map[string]any{"REPLICAS": "2", "NOT-VALID": "x"}); err == nil || !strings.Contains(err.Error(), "var name is invalid") {
		t.Errorf("invalid variable name: %v", err)
	}
	only := func(substitute map[string]any) error {
		k := ks(map[string]any{"path": "./plain", "postBuild": map[string]any{"substitute": substitute}})
		_, err := shared.Build(context.Background(), Request{SourceRoot: root, Kustomization: k, Strict: true})
		return err
	}
	if err := only(map[string]any{"A": "1"}); err != nil {
		t.Fatal(err)
	}
	if err := only(map[string]any{"NOT-VALID": "x"}); err == nil || !strings.Contains(err.Error(), "var name is invalid") {
		t.Errorf("invalid variable name, every object reused before: %v", err)
	}
	// No variables at all: Flux does not round-trip, so the object is kustomize's own.
	plain, err := request(shared, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := request(New(), map[string]any{})
	p, _ := json.Marshal(plain)
	f, _ := json.Marshal(fresh)
	if string(p) != string(f) {
		t.Errorf("no variables: reused answer differs from a fresh one:\n%s\n%s", p, f)
	}
}

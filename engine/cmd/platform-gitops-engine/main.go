// platform-gitops-engine builds what Flux would apply with Flux's own libraries, for the
// TypeScript side of generator-platform. It reads requests on stdin and answers on stdout (see
// internal/protocol); it never writes a file and opens no network connection.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"generator-platform/engine/internal/build"
	"generator-platform/engine/internal/helmrender"
	"generator-platform/engine/internal/protocol"
)

// handler runs one operation; an error that is not a *protocol.Error is reported as engine-failed.
type handler func(ctx context.Context, params json.RawMessage) (any, error)

// builder keeps one snapshot per source root for the life of the process.
var builder = build.New()

// ops is the whole protocol surface; an operation is one entry.
var ops = map[string]handler{
	"ping":            func(context.Context, json.RawMessage) (any, error) { return map[string]bool{"pong": true}, nil },
	"kustomize.build": kustomizeBuild,
	"helm.template":   helmrender.Op,
}

func kustomizeBuild(ctx context.Context, params json.RawMessage) (any, error) {
	var req build.Request
	if err := json.Unmarshal(params, &req); err != nil {
		return nil, &protocol.Error{Code: "engine-protocol", Message: fmt.Sprintf("kustomize.build: %v", err)}
	}
	return builder.Build(ctx, req)
}

// offline makes sure no library reaches the network or runs a program: kustomize fetches
// remote files over HTTP and clones remote bases with git.
func offline() {
	refuse := roundTripper(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("remote-disabled: %s (the engine is offline)", r.URL)
	})
	http.DefaultTransport = refuse
	http.DefaultClient.Transport = refuse
	_ = os.Setenv("PATH", "")
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func main() {
	// A CPU profile for engine work (bench/ and go test replays); the TypeScript side starts the
	// engine with an empty environment, so a user's run never writes one.
	if file := os.Getenv("PLATFORM_GITOPS_ENGINE_CPUPROFILE"); file != "" {
		if stop := startProfile(file); stop != nil {
			defer stop()
		}
	}
	offline()
	buffered := bufio.NewWriterSize(os.Stdout, 1<<16)
	writer := json.NewEncoder(buffered)
	flush := func() { _ = buffered.Flush() }
	_ = writer.Encode(protocol.Hello{Protocol: protocol.Version, Engine: "platform-gitops-engine", Modules: modules()})
	flush()

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	for in.Scan() {
		var req protocol.Request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = writer.Encode(protocol.Response{Error: &protocol.Error{Code: "engine-protocol", Message: fmt.Sprintf("unreadable request: %v", err)}})
			flush()
			continue
		}
		_ = writer.Encode(run(req))
		flush()
	}
}

// run answers one request; a panic in a library becomes an error, never a dead engine.
func run(req protocol.Request) (resp protocol.Response) {
	resp.ID = req.ID
	defer func() {
		if r := recover(); r != nil {
			resp.Result = nil
			resp.Error = &protocol.Error{Code: "engine-failed", Message: fmt.Sprintf("%s: %v", req.Op, r)}
		}
	}()
	h, ok := ops[req.Op]
	if !ok {
		resp.Error = &protocol.Error{Code: "engine-protocol", Message: fmt.Sprintf("unknown operation %q", req.Op)}
		return resp
	}
	result, err := h(context.Background(), req.Params)
	if err != nil {
		if pe, ok := err.(*protocol.Error); ok {
			resp.Error = pe
		} else {
			resp.Error = &protocol.Error{Code: "engine-failed", Message: err.Error()}
		}
		return resp
	}
	resp.Result = result
	return resp
}

// modules names the versions of Flux's, kustomize's and Helm's libraries built in.
func modules() map[string]string {
	found := map[string]string{}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return found
	}
	for _, dep := range info.Deps {
		switch dep.Path {
		case "github.com/fluxcd/pkg/kustomize", "sigs.k8s.io/kustomize/api", "helm.sh/helm/v4", "k8s.io/apimachinery":
			found[dep.Path] = dep.Version
		}
	}
	return found
}

// startProfile writes a CPU profile to file until the returned stop runs (at end of input).
func startProfile(file string) func() {
	f, err := os.Create(file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cpu profile: %v\n", err)
		return nil
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "cpu profile: %v\n", err)
		_ = f.Close()
		return nil
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

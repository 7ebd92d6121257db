// Package protocol is the engine's side of the narrow, versioned protocol to the TypeScript side:
// newline-delimited JSON over stdio, one long-lived engine process per run (esbuild's service
// protocol is the model). The TypeScript side is src/engine/.
package protocol

import "encoding/json"

// Version is bumped on any incompatible change; the TypeScript side refuses another.
const Version = 2

// Hello is the first line the engine writes.
type Hello struct {
	Protocol int               `json:"protocol"`
	Engine   string            `json:"engine"`
	Modules  map[string]string `json:"modules"`
}

// Request is one line from the TypeScript side.
type Request struct {
	ID     uint64          `json:"id"`
	Op     string          `json:"op"`
	Params json.RawMessage `json:"params"`
}

// Error is a failure the TypeScript side turns into a finding: Code is a finding code.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// File is source-relative where the failure has a file.
	File string `json:"file,omitempty"`
	// Object is Kind/namespace/name (or Kind/name) where the failure is one object's.
	Object string `json:"object,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// Response answers the request with the same ID: Result or Error.
type Response struct {
	ID     uint64 `json:"id"`
	Result any    `json:"result,omitempty"`
	Error  *Error `json:"error,omitempty"`
}

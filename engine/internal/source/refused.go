package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Refused is a file of the source that a build must not use: its content could not be read
// (permissions), or reading it would not end (a YAML alias bomb). The snapshot keeps its name,
// so a build that reads it fails naming it, while builds that never read it are not affected.
type Refused struct {
	// Code is the finding code: file-unreadable or yaml-aliases-excessive.
	Code string
	// Rel is the source-relative path.
	Rel    string
	Reason string
}

func (r *Refused) Error() string { return fmt.Sprintf("%s %s", r.Rel, r.Reason) }

// aliasBomb tells whether a YAML file's aliases expand it out of proportion ("billion
// laughs"). kyaml's reader de-anchors every alias (a copy per use) with no bound, so such a file
// would take the engine's memory; go-yaml's decoder into plain values stops at its own
// alias-to-content ratio, which is the bound applied here. Only files holding both an anchor
// (&) and an alias (*) can be one; a file that does not parse is left to kustomize's message.
func aliasBomb(data []byte) bool {
	if !bytes.Contains(data, []byte("&")) || !bytes.Contains(data, []byte("*")) {
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc any
		err := dec.Decode(&doc)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return false
		}
		return strings.Contains(err.Error(), "excessive aliasing")
	}
}

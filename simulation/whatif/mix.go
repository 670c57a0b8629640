package whatif

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// defaultMix is the mix a day plays when none is given (mix.json, a mix
// file like any other): the routing kinds of the first two rounds' 29 public
// acceptance cases (the origin they expect, then the vehicle's kind, or no
// assistance of its own), the proportions every figure of docs/whatif.md
// was measured with.
//
//go:embed mix.json
var defaultMix []byte

// DefaultMix is the mix of mix.json.
func DefaultMix() Mix {
	var m Mix
	if err := json.Unmarshal(defaultMix, &m); err != nil {
		panic(fmt.Sprintf("whatif: the embedded mix.json: %v", err))
	}
	return m
}

package network

import (
	_ "embed"
	"fmt"
)

//go:embed default.json
var defaultModel []byte

// Default returns the model embedded in the binary (simulation/network/default.json):
// the operator's partner res-assistance, the vehicle assistances of the public
// scenarios and coverage programs, and a profile for any other provider.
func Default() (*Model, error) {
	m, err := Parse(defaultModel)
	if err != nil {
		return nil, fmt.Errorf("embedded simulation/network/default.json: %w", err)
	}
	return m, nil
}

// LoadOrDefault reads the model file at path, or returns the embedded default
// when path is empty.
func LoadOrDefault(path string) (*Model, error) {
	if path == "" {
		return Default()
	}
	return Load(path)
}

// Package scenarios embeds the acceptance scenarios of this folder (copies of
// the public ones, coverage/ included) in the binaries that play them: the
// live demo of cmd/assistance and the simulator's scripts, so they run from
// any directory. The tests read the folder itself.
package scenarios

import (
	"embed"

	"github.com/valetops/assistance/simulation/scenario"
)

//go:embed *.json */*.json
var files embed.FS

// Builtin returns the embedded scenarios, sorted by path.
func Builtin() ([]*scenario.Scenario, error) {
	return scenario.LoadFS(files, "testsuite/scenarios")
}

// Load returns the scenarios under dir, or the embedded ones when dir is empty.
func Load(dir string) ([]*scenario.Scenario, error) {
	if dir == "" {
		return Builtin()
	}
	return scenario.LoadDir(dir)
}

// Package scenarios embeds the acceptance scenarios of this folder (copies of
// the public ones, coverage/ included) in the binaries that play them (the
// live demo of cmd/assistance and the simulator's scripts) and in the tests,
// so they run from any directory. embed_test.go checks that the embedded copy
// is the folder.
package scenarios

import (
	"embed"
	"io/fs"

	"github.com/valetops/assistance/simulation/scenario"
)

// folder is where the embedded files are in the repository: the File of a
// scenario read from them is folder/PATH.
const folder = "testsuite/scenarios"

//go:embed *.json */*.json
var files embed.FS

// Builtin returns the embedded scenarios, sorted by path.
func Builtin() ([]*scenario.Scenario, error) {
	return scenario.LoadFS(files, folder)
}

// Load returns the scenarios under dir, or the embedded ones when dir is empty.
func Load(dir string) ([]*scenario.Scenario, error) {
	if dir == "" {
		return Builtin()
	}
	return scenario.LoadDir(dir)
}

// FS is the embedded files, by their path in this folder
// ("p04_new_vehicle_manufacturer.json", "coverage/c01_hv_battery_limited.json").
func FS() fs.FS { return files }

// ReadFile returns the embedded file name (a path in this folder, as for FS)
// as it is written.
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }

// Named reads and checks the embedded scenario of file name (a path in this
// folder, as for FS).
func Named(name string) (*scenario.Scenario, error) {
	return scenario.LoadFile(files, folder, name)
}

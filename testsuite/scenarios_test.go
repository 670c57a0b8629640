package testsuite

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// scenarioFiles is where TestScenarios reads its files, and the name of that
// place: the directory $SCENARIOS, or the embedded copies of the public
// scenarios (package testsuite/scenarios).
func scenarioFiles() (fs.FS, string) {
	if dir := os.Getenv("SCENARIOS"); dir != "" {
		return os.DirFS(dir), filepath.ToSlash(dir)
	}
	return scenarios.FS(), "testsuite/scenarios"
}

// TestScenarios plays every *.json below the scenario directory, one subtest per
// file named after it, and checks each expected key of the outcome.
func TestScenarios(t *testing.T) {
	fsys, where := scenarioFiles()
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("reading scenarios from %s: %v", where, err)
	}
	if len(files) == 0 {
		t.Fatalf("no scenario (*.json) under %s", where)
	}
	sort.Strings(files)
	for _, file := range files {
		name := strings.TrimSuffix(file, ".json")
		t.Run(name, func(t *testing.T) {
			s, err := scenario.LoadFile(fsys, where, file)
			if err != nil {
				t.Fatalf("malformed scenario: %v", err)
			}
			played := Play(s)
			if played.Err != nil {
				t.Fatalf("%s: the case failed: %v\ntimeline:\n%s", s.Name, played.Err, played.Timeline())
			}
			mismatches := s.Check(played.Outcome)
			for _, m := range mismatches {
				t.Errorf("%s", m)
			}
			if repeats := played.Providers.Orders().Repeats; repeats != 0 {
				t.Errorf("providers saw %d repeated orders", repeats)
			}
			if len(mismatches) > 0 {
				t.Logf("%s\nrefused updates: %v\ntimeline:\n%s", s.Name, played.Refused, played.Timeline())
			}
		})
	}
}

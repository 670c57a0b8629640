package testsuite

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/valetops/assistance/simulation/scenario"
)

// scenarioDir is where TestScenarios reads its files: $SCENARIOS, or the
// copies of the public scenarios beside this file.
func scenarioDir() string {
	if dir := os.Getenv("SCENARIOS"); dir != "" {
		return dir
	}
	return "scenarios"
}

// TestScenarios plays every *.json below the scenario directory, one subtest per
// file named after it, and checks each expected key of the outcome.
func TestScenarios(t *testing.T) {
	dir := scenarioDir()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("reading scenarios from %s: %v", dir, err)
	}
	if len(files) == 0 {
		t.Fatalf("no scenario (*.json) under %s", dir)
	}
	sort.Strings(files)
	for _, file := range files {
		rel, _ := filepath.Rel(dir, file)
		name := strings.TrimSuffix(filepath.ToSlash(rel), ".json")
		t.Run(name, func(t *testing.T) {
			s, err := scenario.Load(file)
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

package scenariotest

import (
	"path/filepath"
	"testing"

	"github.com/valetops/assistance/internal/histories"
)

// TestReplayRecordedHistories replays every history recorded from a live run
// (testsuite/testdata/histories, one folder per recording) with the current
// workflow code: a change that would break a running case fails here, naming
// the file and the event.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := histories.Files(filepath.Join("testdata", "histories"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded history under testdata/histories: run go run ./cmd/record-histories")
	}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("testdata", "histories"), f)
		t.Run(rel, func(t *testing.T) {
			if err := histories.Replay(f); err != nil {
				t.Fatal(err)
			}
		})
	}
}

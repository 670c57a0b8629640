package testsuite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/histories"
)

// currentHistories is the folder of the histories recorded by the current
// build (docs/changing-workflows.md).
const currentHistories = "2026-12-04-current"

// TestReplayRecordedHistories replays every history recorded from a live run
// (testsuite/testdata/histories: the current build's folder, and beside it
// any folder a GetVersion guard still keeps) with the current workflow code: a
// change to a recorded command sequence fails here, naming the file and the
// event. Their payloads are encrypted with the test keys
// (testsuite/histories.TestKeys).
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

// TestReplayAfterKeyRotation rewrites a recorded case under a key that has
// since been rotated out of first place: it replays with a ring that still
// holds the old key behind a newer one, and fails, naming the key, with a
// ring that dropped it.
func TestReplayAfterKeyRotation(t *testing.T) {
	h, err := histories.Read(filepath.Join("testdata", "histories", currentHistories, "p01_valet_wrong_fuel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := histories.Decrypt(h, encryption.NewCodec(histories.TestKeys())); err != nil {
		t.Fatal(err)
	}
	old, err := encryption.NewEntry("retired-2025")
	if err != nil {
		t.Fatal(err)
	}
	next, err := encryption.NewEntry("current-2026")
	if err != nil {
		t.Fatal(err)
	}
	oldRing, err := encryption.ParseKeys(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := histories.Encrypt(h, encryption.NewCodec(oldRing)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p01_under_retired_key.json")
	if err := histories.Write(path, h); err != nil {
		t.Fatal(err)
	}

	rotated, err := encryption.ParseKeys(old + "\n" + next)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Newest() != "current-2026" {
		t.Fatalf("newest key %q", rotated.Newest())
	}
	if err := histories.ReplayWith(path, rotated); err != nil {
		t.Fatalf("a case written under the rotated key must replay with the old key kept in the ring: %v", err)
	}
	onlyNew, err := encryption.ParseKeys(next)
	if err != nil {
		t.Fatal(err)
	}
	if err := histories.ReplayWith(path, onlyNew); err == nil || !strings.Contains(err.Error(), "retired-2025") {
		t.Fatalf("without the old key the replay must fail naming it, got %v", err)
	}
}

// TestCasesStartedWithTheirSearchAttributesWriteThemOnce: a case reported
// through starter.Cases carries its search attributes from the start
// (contract.StartSearchAttributes), and never writes its mission, client,
// plate or VIN again.
func TestCasesStartedWithTheirSearchAttributesWriteThemOnce(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "histories", currentHistories, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no histories in %s: %v", currentHistories, err)
	}
	cases := 0
	for _, f := range files {
		if strings.Contains(f, ".child-") {
			continue
		}
		cases++
		h, err := histories.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := h.Events[0].GetWorkflowExecutionStartedEventAttributes().GetSearchAttributes().GetIndexedFields()["MissionId"]; !ok {
			t.Errorf("%s: the case did not start with its search attributes", f)
		}
		for _, e := range h.Events {
			if _, ok := e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()["MissionId"]; ok {
				t.Errorf("%s: event %d writes the mission again", f, e.GetEventId())
			}
		}
	}
	if cases == 0 {
		t.Fatal("no case among the recorded histories")
	}
}

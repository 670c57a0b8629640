package testsuite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/histories"
)

// TestReplayRecordedHistories replays every history recorded from a live run
// (testsuite/testdata/histories, one folder per recording) with the current
// workflow code: a change that would break a running case fails here, naming
// the file and the event. Their payloads are encrypted with the test keys
// (testsuite/histories.TestKeys), older folders with the older key.
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
	h, err := histories.Read(filepath.Join("testdata", "histories", "2026-11-21-follow-timer", "p01_valet_wrong_fuel.json"))
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
// plate or VIN again; the cases recorded before that change wrote them at
// their first wait.
func TestCasesStartedWithTheirSearchAttributesWriteThemOnce(t *testing.T) {
	identityWrites := func(folder string) (cases, started, written int) {
		files, err := filepath.Glob(filepath.Join("testdata", "histories", folder, "p*.json"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no histories in %s: %v", folder, err)
		}
		for _, f := range files {
			if strings.Contains(f, ".child-") {
				continue
			}
			cases++
			h, err := histories.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := h.Events[0].GetWorkflowExecutionStartedEventAttributes().GetSearchAttributes().GetIndexedFields()["MissionId"]; ok {
				started++
			}
			for _, e := range h.Events {
				if _, ok := e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()["MissionId"]; ok {
					written++
				}
			}
		}
		return cases, started, written
	}
	cases, started, written := identityWrites("2026-11-30-index-from-start")
	if started != cases || written != 0 {
		t.Errorf("index-from-start: %d of %d cases started with their attributes, %d wrote them again", started, cases, written)
	}
	cases, started, written = identityWrites("2026-11-30-index-after-quick-calls")
	if started != 0 || written != cases {
		t.Errorf("before the change: %d cases started with their attributes, %d of %d wrote them", started, written, cases)
	}
}

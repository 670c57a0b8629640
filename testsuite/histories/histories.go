// Package histories records the event histories of cases played live on the
// real (embedded) server, as the JSON that `temporal workflow show --output
// json` prints, and replays recorded histories against the current workflow
// code: a change that would break a running case fails the replay.
package histories

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/workflows"
)

// Fetch returns the whole history of one run.
func Fetch(ctx context.Context, c client.Client, workflowID, runID string) (*historypb.History, error) {
	it := c.GetWorkflowHistory(ctx, workflowID, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("history of %s/%s: %w", workflowID, runID, err)
		}
		h.Events = append(h.Events, e)
	}
	return h, nil
}

// Write saves a history as indented JSON.
func Write(path string, h *historypb.History) error {
	data, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(h)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Files lists the recorded histories (*.json) below dir, sub-folders included.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// Child is a child workflow a history started.
type Child struct {
	WorkflowID, RunID, WorkflowType string
}

// Children lists the child workflows a case's history started (its warranty
// claim), in order, to be recorded beside it.
func Children(h *historypb.History) []Child {
	var out []Child
	for _, e := range h.GetEvents() {
		if a := e.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
			out = append(out, Child{WorkflowID: a.GetWorkflowExecution().GetWorkflowId(), RunID: a.GetWorkflowExecution().GetRunId(),
				WorkflowType: a.GetWorkflowType().GetName()})
		}
	}
	return out
}

// Replay replays one recorded history with the current workflow code (a case,
// or a child workflow such as a warranty claim: the history's workflow type
// says which), its payloads decrypted with the test keys (TestKeys); the
// error names the file and says which event did not match.
func Replay(path string) error {
	return ReplayWith(path, TestKeys())
}

// ReplayWith is Replay with the payloads decrypted with keys.
func ReplayWith(path string, keys *encryption.Keys) error {
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: encryption.DataConverter(keys), FailureConverter: encryption.FailureConverter(keys),
	})
	if err != nil {
		return err
	}
	r.RegisterWorkflowWithOptions(workflows.BreakdownCase, workflow.RegisterOptions{Name: contract.WorkflowType})
	r.RegisterWorkflowWithOptions(workflows.WarrantyClaim, workflow.RegisterOptions{Name: contract.ClaimWorkflowType})
	if err := r.ReplayWorkflowHistoryFromJSONFile(log.NewStructuredLogger(slog.New(slog.DiscardHandler)), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

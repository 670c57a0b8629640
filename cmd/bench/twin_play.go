package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
)

// registerTwin registers the shape twin on the case worker, beside the saga
// and its activities.
func registerTwin(w interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
}) {
	w.RegisterWorkflowWithOptions(ShapeTwin, workflow.RegisterOptions{Name: twinWorkflowType})
}

// playTwins plays the cases through the shape twin, as playCases plays them
// through the saga: the report by update-with-start, ops' qualification at
// once, then the wait for the close; at most concurrency in flight.
func playTwins(ctx context.Context, st *stack.Stack, cases []*scenario.Scenario, concurrency int) ([]run, time.Duration, error) {
	return playEach(ctx, st, cases, concurrency, nil, playTwin)
}

func playTwin(ctx context.Context, st *stack.Stack, s *scenario.Scenario) (run, error) {
	reported := time.Now()
	start := st.Client.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       contract.WorkflowID(s.Report.MissionID),
		TaskQueue:                contract.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, twinWorkflowType, s.Report)
	h, err := st.Client.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName: contract.UpdateReport, Args: []any{s.Report}, WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		return run{}, fmt.Errorf("twin %s: %w", s.Report.MissionID, err)
	}
	var receipt contract.ReportReceipt
	if err := h.Get(ctx, &receipt); err != nil {
		return run{}, fmt.Errorf("twin %s: %w", s.Report.MissionID, err)
	}
	if _, err := st.Cases.Qualify(ctx, s.Report.MissionID, contract.QualifyRequest{
		Origin:   contract.OriginMechanical,
		Nature:   contract.NatureEngine,
		Operator: "bench",
	}); err != nil {
		return run{}, fmt.Errorf("twin %s: qualify: %w", s.Report.MissionID, err)
	}
	var out contract.Outcome
	if err := st.Client.GetWorkflow(ctx, contract.WorkflowID(s.Report.MissionID), "").Get(ctx, &out); err != nil {
		return run{}, fmt.Errorf("twin %s: %w", s.Report.MissionID, err)
	}
	workflowID, runID, _ := strings.Cut(receipt.CaseID, "/")
	return run{workflowID: workflowID, runID: runID, reported: reported}, nil
}

// conversation is a history's conversation with the world: its events but
// the search-attribute upserts and version markers (the saga's own
// bookkeeping) and the workflow-task events (their number depends on when
// the signals arrive, not on the code), each named by its type and, for activities, Updates and
// Signals, by what it calls or receives.
func conversation(h *historypb.History) []string {
	var out []string
	for _, e := range h.Events {
		name := e.GetEventType().String()
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
			enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			continue
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			if m := e.GetMarkerRecordedEventAttributes().GetMarkerName(); m != "LocalActivity" {
				continue
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			name += " " + e.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			name += " " + e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest().GetInput().GetName()
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			name += " " + e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName()
		}
		out = append(out, name)
	}
	return out
}

// compareShapes says whether a case and its twin had the same conversation,
// and where they part when they do not.
func compareShapes(ctx context.Context, st *stack.Stack, saga, twin run) (string, error) {
	hs, err := histories.Fetch(ctx, st.Client, saga.workflowID, saga.runID)
	if err != nil {
		return "", err
	}
	ht, err := histories.Fetch(ctx, st.Client, twin.workflowID, twin.runID)
	if err != nil {
		return "", err
	}
	a, b := conversation(hs), conversation(ht)
	if !slices.Equal(a, b) && slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))) {
		// The provider's milestones are Signals: they land where they arrive
		// among the case's own steps, so two runs may order them differently.
		return fmt.Sprintf("same %d events, in another order (a Signal landed elsewhere among the steps; saga %d with bookkeeping, twin %d)",
			len(a), len(hs.Events), len(ht.Events)), nil
	}
	for i := 0; i < len(a) || i < len(b); i++ {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			at := func(s []string) string {
				if i < len(s) {
					return s[i]
				}
				return "(end)"
			}
			return fmt.Sprintf("differ at event %d: saga %s, twin %s (saga %d events, twin %d; %d and %d with bookkeeping)",
				i+1, at(a), at(b), len(a), len(b), len(hs.Events), len(ht.Events)), nil
		}
	}
	return fmt.Sprintf("same %d events (saga %d with its search-attribute upserts and version markers, twin %d)",
		len(a), len(hs.Events), len(ht.Events)), nil
}

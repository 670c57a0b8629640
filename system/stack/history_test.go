package stack_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// hasAlert reports whether the case raised an alert of kind.
func hasAlert(o contract.Outcome, kind contract.AlertKind) bool {
	for _, a := range o.OpsAlerts {
		if a.Kind == kind {
			return true
		}
	}
	return false
}

// huge is a milestone the case refuses (its note is thousands of times too long)
// but that the server writes into the case's history all the same: a Signal
// sent around our API, which refuses bodies over 16 KiB.
func huge(i int, size int) contract.Milestone {
	return contract.Milestone{EventID: fmt.Sprintf("flood-%d", i), AssignmentID: "res-assistance-1", Provider: "res-assistance",
		Kind: contract.MilestoneEnRoute, Note: strings.Repeat("x", size)}
}

// TestAFloodOfLargeSignalsAlertsOpsAndTheCaseLives sends a case, on the
// embedded server, five Signals of 1.2 MB each (what issue 23's flood of
// webhooks would have written had it reached the case): its history passes
// 5 MiB, ops are alerted (history_large, once), and the case goes on to the
// end its scenario expects, once ops resolved the alert.
func TestAFloodOfLargeSignalsAlertsOpsAndTheCaseLives(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := scenarios.Named("p02_operator_puncture_repaired.json")
	require.NoError(t, err)
	st := systemtest.Start(ctx, t, stack.Config{Scale: 200, Scenarios: []*scenario.Scenario{s}})
	mission, id := s.Report.MissionID, contract.WorkflowID(s.Report.MissionID)

	_, err = st.Cases.Report(ctx, s.Report)
	require.NoError(t, err)
	for i := range 5 {
		require.NoError(t, st.Client.SignalWorkflow(ctx, id, "", contract.SignalMilestone, huge(i, 1200<<10)))
	}
	_, err = st.Cases.Qualify(ctx, mission, contract.QualifyRequest{Origin: contract.OriginOperatorFault, Nature: contract.NatureFlatTyre,
		Drivable: new(false), Operator: "marie"})
	require.NoError(t, err)

	var o contract.Outcome
	for o, err = st.Cases.Outcome(ctx, mission); !hasAlert(o, contract.AlertHistoryLarge); o, err = st.Cases.Outcome(ctx, mission) {
		require.NoError(t, err)
		require.NotEqual(t, contract.StageClosed, o.Stage, "closed without alerting ops")
		time.Sleep(50 * time.Millisecond)
	}
	d, err := st.Client.DescribeWorkflowExecution(ctx, id, "")
	require.NoError(t, err)
	size := d.GetWorkflowExecutionInfo().GetHistorySizeBytes()
	t.Logf("history_large raised; the history now holds %d events, %.1f MiB", d.GetWorkflowExecutionInfo().GetHistoryLength(), float64(size)/(1<<20))
	assert.Greater(t, size, int64(contract.HistoryLargeBytes))
	_, err = st.Cases.Resolve(ctx, mission, contract.ResolveRequest{Kind: contract.AlertHistoryLarge, Operator: "marie",
		Action: "blocked the sender of the Signals"})
	require.NoError(t, err)

	o, err = st.Cases.Wait(ctx, mission)
	require.NoError(t, err, "the case lives to its end")
	assert.Equal(t, contract.MissionResumed, o.Mission)
	assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair}, o.Services)
	alerts := 0
	for _, a := range o.OpsAlerts {
		if a.Kind == contract.AlertHistoryLarge {
			alerts++
			assert.Equal(t, contract.HandledResolved, a.Handled)
		}
	}
	assert.Equal(t, 1, alerts, "ops are alerted once")
	for _, e := range o.Timeline {
		assert.Less(t, len(e.Reason), 1000, "the trace quotes none of the flood")
	}
}

// TestMeasureHistoryLimits pushes two cases' histories on the embedded
// server until Temporal stops them, and logs where: one with Signals of
// 1.5 MB (terminated past 50 MiB), one with small Signals (refused past
// 10,000 Signals) (ASSISTANCE_MEASURE_HISTORY=1; a few minutes).
// docs/security.md gives the figures.
func TestMeasureHistoryLimits(t *testing.T) {
	if os.Getenv("ASSISTANCE_MEASURE_HISTORY") == "" {
		t.Skip("a measurement: ASSISTANCE_MEASURE_HISTORY=1 runs it")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	s, err := scenarios.Named("p07_no_assistance_client_silent.json")
	require.NoError(t, err)
	st := systemtest.Start(ctx, t, stack.Config{Scale: 1})

	open := func(mission string) string {
		r := s.Report
		r.MissionID = mission
		_, err := st.Cases.Report(ctx, r)
		require.NoError(t, err)
		return contract.WorkflowID(mission)
	}
	describe := func(id string) (int64, int64, enumspb.WorkflowExecutionStatus) {
		d, err := st.Client.DescribeWorkflowExecution(ctx, id, "")
		require.NoError(t, err)
		i := d.GetWorkflowExecutionInfo()
		return i.GetHistoryLength(), i.GetHistorySizeBytes(), i.GetStatus()
	}
	ended := func(id string) string {
		it := st.Client.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
		if !it.HasNext() {
			return "no close event"
		}
		ev, err := it.Next()
		require.NoError(t, err)
		if a := ev.GetWorkflowExecutionTerminatedEventAttributes(); a != nil {
			return fmt.Sprintf("terminated at event %d: %q", ev.GetEventId(), a.GetReason())
		}
		return ev.GetEventType().String()
	}
	alerted := func(mission string) bool {
		o, err := st.Cases.Outcome(ctx, mission)
		return err == nil && hasAlert(o, contract.AlertHistoryLarge)
	}

	t.Run("size", func(t *testing.T) {
		id := open("M-SIZE")
		var last [2]int64
		alertAt := int64(0)
		for i := 0; ; i++ {
			events, size, status := describe(id)
			if status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				t.Logf("size: %s after %d Signals of 1.5 MB; last seen running: %d events, %d bytes (%.2f MiB); now %d events, %d bytes (%.2f MiB); history_large seen at %.2f MiB",
					ended(id), i, last[0], last[1], float64(last[1])/(1<<20), events, size, float64(size)/(1<<20), float64(alertAt)/(1<<20))
				return
			}
			last = [2]int64{events, size}
			if alertAt == 0 && alerted("M-SIZE") {
				alertAt = size
			}
			if err := st.Client.SignalWorkflow(ctx, id, "", contract.SignalMilestone, huge(i, 1500<<10)); err != nil {
				t.Logf("signal %d refused: %v", i, err)
				time.Sleep(200 * time.Millisecond)
			}
		}
	})

	t.Run("count", func(t *testing.T) {
		// Small Signals: the server takes at most 10,000 per case
		// (history.maximumSignalsPerExecution), then refuses every Signal,
		// and the case lives on. The event limit is out of a flood's reach.
		id := open("M-COUNT")
		var sent atomic.Int64
		var refusal atomic.Value
		var wg sync.WaitGroup
		start := time.Now()
		for range 16 {
			wg.Go(func() {
				for refusal.Load() == nil {
					if err := st.Client.SignalWorkflow(ctx, id, "", contract.SignalMilestone, contract.Milestone{}); err != nil {
						refusal.CompareAndSwap(nil, err.Error())
						return
					}
					sent.Add(1)
				}
			})
		}
		alertAt := int64(0)
		for refusal.Load() == nil {
			if events, _, _ := describe(id); alertAt == 0 && alerted("M-COUNT") {
				alertAt = events
			}
			time.Sleep(200 * time.Millisecond)
		}
		wg.Wait()
		time.Sleep(2 * time.Second) // the last workflow tasks
		events, size, status := describe(id)
		t.Logf("count: %d Signals taken in %s, then refused: %q; the case holds %d events, %d bytes, status %s; history_large seen at %d events",
			sent.Load(), time.Since(start).Round(time.Second), refusal.Load(), events, size, status, alertAt)
	})
}

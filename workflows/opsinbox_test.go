package workflows_test

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/testsuite"
)

func countSteps(o contract.Outcome, step string) int {
	n := 0
	for _, e := range o.Timeline {
		if e.Step == step {
			n++
		}
	}
	return n
}

func at(t *testing.T, e contract.TimelineEntry) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, e.At)
	require.NoError(t, err, "step %s", e.Step)
	return v
}

// p07: the approval expires at 10:18, the decision (suspended) is told at
// 10:23; nobody answers ops: reminded every 30 minutes, the case closes 2 hours
// later with the alert kept, and the client heard what it always heard.
func TestNobodyInTheOpsWindowClosesTheCaseWithTheAlertKept(t *testing.T) {
	s := variant(t, "p07_no_assistance_client_silent.json", nil)
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	o := p.Outcome
	assert.Equal(t, contract.StageClosed, o.Stage)
	assert.Equal(t, contract.MissionSuspended, o.Mission)
	require.Len(t, o.OpsAlerts, 1)
	assert.Equal(t, contract.AlertApprovalExpired, o.OpsAlerts[0].Kind)
	assert.True(t, o.OpsAlerts[0].Open(), "kept for the record, not handled")
	waiting := at(t, findStep(o, "awaiting_ops"))
	assert.Equal(t, 2*time.Hour, at(t, findStep(o, "closed")).Sub(waiting), "the ops window")
	assert.Equal(t, 3, countSteps(o, "ops_reminded"), "reminded at 30, 60 and 90 minutes")
	assert.Len(t, p.Recorder.Alerts, 4, "the alert and three reminders")
	assert.Equal(t, 3, p.Recorder.Alerts[3].Reminder)
	assert.Equal(t, contract.AlertApprovalExpired, p.Recorder.Alerts[0].Kind)
	assert.True(t, p.Recorder.Alerts[0].NeedsPerson)
	assert.Empty(t, s.Check(o), "the scenario's expectations still hold")
}

// p02 with the partner unreachable: no assistance at all; ops arrange a tow by
// hand and say so; the case closes at once.
func TestOpsResolveAnUnassistedCase(t *testing.T) {
	s := variant(t, "p02_operator_puncture_repaired.json", func(m map[string]any) {
		provider(m, "res-assistance")["dispatch"] = []any{"unreachable"}
	})
	var wrongKind, ack, resolve *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		wrongKind = updateAt(env, 90*time.Minute, contract.UpdateResolve,
			contract.ResolveRequest{Kind: contract.AlertApprovalExpired, Operator: "marie", Action: "called the client"})
		ack = updateAt(env, 90*time.Minute, contract.UpdateAcknowledge,
			contract.AcknowledgeRequest{Kind: contract.AlertUnassisted, Operator: "marie"})
		resolve = updateAt(env, 91*time.Minute, contract.UpdateResolve,
			contract.ResolveRequest{
				Kind:     contract.AlertUnassisted,
				Operator: "marie",
				Action:   "arranged a tow by hand",
				Note:     "Dépannage Martin",
			})
	})
	require.NoError(t, p.Err)
	require.Error(t, wrongKind.refused)
	assert.Equal(t, "kind", strictjson.FirstField(wrongKind.refused))
	assert.Contains(t, wrongKind.refused.Error(), "open: unassisted")
	require.Error(t, ack.refused, "an alert that needs a person is resolved, not acknowledged")
	assert.Equal(t, "kind", strictjson.FirstField(ack.refused))
	require.NoError(t, resolve.refused)
	receipt := resolve.result.(contract.OpsReceipt)
	assert.Equal(t, contract.StageAwaitingOps, receipt.Stage)
	assert.Empty(t, receipt.OpsAttention)

	o := p.Outcome
	assert.Equal(t, contract.StageClosed, o.Stage)
	assert.Equal(t, contract.MissionSuspended, o.Mission)
	require.Len(t, o.OpsAlerts, 1)
	a := o.OpsAlerts[0]
	assert.Equal(t, contract.AlertUnassisted, a.Kind)
	assert.Equal(t, contract.HandledResolved, a.Handled)
	assert.Equal(t, "marie", a.Operator)
	assert.Equal(t, "arranged a tow by hand", a.Action)
	assert.Equal(t, "Dépannage Martin", a.Note)
	assert.Equal(t, at(t, findStep(o, "ops_resolved")), at(t, findStep(o, "closed")), "closes as soon as ops resolved it")
	assert.Contains(t, o.ClientNotified, contract.NoticeCaseClosed)
}

// p07 again: ops override the suspended mission while the case waits for them;
// the override answers the expired approval, the new decision is told and the
// case closes.
func TestAnOverrideAnswersTheExpiredApproval(t *testing.T) {
	var override, cancel *sent
	p := testsuite.PlayWith(variant(t, "p07_no_assistance_client_silent.json", nil), func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		cancel = updateAt(env, 2*time.Hour+20*time.Minute, contract.UpdateCancel, contract.CancelRequest{
			By:     contract.CancelledByOps,
			Reason: "too late",
		})
		override = updateAt(env, 2*time.Hour+30*time.Minute, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: contract.MissionStopped, Reason: "the client found its own tow", Operator: "marie"})
	})
	require.NoError(t, p.Err)
	require.Error(t, cancel.refused, "the decision is made and told: nothing left to cancel")
	require.NoError(t, override.refused)
	o := p.Outcome
	assert.Equal(t, contract.MissionStopped, o.Mission)
	require.Len(t, o.OpsAlerts, 1)
	assert.Equal(t, contract.HandledAnsweredPrefix+"override_decision", o.OpsAlerts[0].Handled)
	assert.Equal(t, 2, countSteps(o, "mission_decided"), "the suspension, then ops' decision")
	assert.Equal(t, contract.StageClosed, o.Stage)
}

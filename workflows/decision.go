package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// closing is step 6 of the procedure and the end of the case: the mission
// stopped at once after a valet error, the decision on the mission proposed,
// overridden by ops (Update override_decision) and applied, the wait for ops
// while an alert needs a person (opswait.go), the close and the case's record
// (record.go); and, on top, the case's cancellation and compensation
// (cancel.go).
type closing struct {
	file     *caseFile
	notices  *notifier
	ops      *opsInbox
	approval *approval
	index    *indexer
	undos    *undoList
	qual     *qualification
	dispatch *dispatch
	// record writes the case's record once it closed (record.go).
	record *recorder
	// missionFinal: the mission was decided at once (a valet error).
	missionFinal bool
	// unassisted: no assistance could be had for the case.
	unassisted bool
	// override is ops' decision, applied once overrideApplied.
	override        *contract.OverrideRequest
	overrideApplied bool
	// cancelBy and cancelWhy say who cancelled the case and why;
	// cancelCase cancels the case's context; opsCanceled: cancelled by a
	// cancellation request (not the Update).
	cancelBy, cancelWhy string
	cancelCase          workflow.CancelFunc
	opsCanceled         bool
}

// applyDecision records a decision, tells the mission system and the client.
func (k *closing) applyDecision(ctx workflow.Context, d contract.MissionDecision) {
	f := k.file
	f.out.Mission, f.out.MissionReason = d.Mission, d.Reason
	f.trace(ctx, "mission_decided", "%s by %s: %s", d.Mission, d.By, d.Reason)
	k.notices.updateMission(ctx, d)
	k.notices.notify(ctx, contract.NoticeMissionDecision, contract.NoticeFacts{Mission: d.Mission, Destination: f.out.TowDestination})
}

// closeCase ends the case and tells the client.
func (k *closing) closeCase(ctx workflow.Context) {
	f := k.file
	k.notices.notify(ctx, contract.NoticeCaseClosed, contract.NoticeFacts{Mission: f.out.Mission, CancelledBy: k.cancelBy})
	f.enter(ctx, contract.StageClosed, "closed: mission "+string(f.out.Mission))
	k.index.write(ctx) // the last state, written before the case ends
	f.trace(ctx, "closed", "case closed; services: %v", f.out.Services)
	k.record.record(ctx) // the final outcome, kept beyond Temporal's retention
}

// missionStopped reports whether the mission was stopped at once (a valet
// error): it stays stopped, whatever a re-qualification says since.
func (k *closing) missionStopped() bool { return k.missionFinal }

// closed reports whether the case closed.
func (k *closing) closed() bool { return k.file.out.Stage == contract.StageClosed }

// facts gathers what the decision on the mission rests on.
func (k *closing) missionFacts() rules.MissionFacts {
	out := &k.file.out
	f := rules.MissionFacts{
		Approval:       out.Approval,
		Final:          k.dispatch.final,
		TowDestination: out.TowDestination,
		Unassisted:     k.unassisted,
		CancelledBy:    k.cancelBy,
		AlreadyStopped: k.missionFinal,
		Warranty:       out.Warranty,
	}
	if q := k.qual.result; q != nil {
		f.Origin, f.Drivable = q.Origin, q.CanGoOn()
	}
	return f
}

package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// withdraw cancels an offer or an assignment at its provider now, for reason
// (offer_expired, eta_breached, superseded), and takes it off the undo list.
// A withdrawal that does not get through is handed to ops: the provider may
// still hold the order (it stays on the undo list, for a cancelled case).
func (d *dispatch) withdraw(ctx workflow.Context, a *assignment, reason string) {
	f := d.file
	order := activities.CancelOrder{IdempotencyKey: a.DispatchKey + "/withdraw", CaseID: f.caseID, MissionID: f.report.MissionID,
		Provider: a.Provider, AssignmentID: a.ID, DispatchKey: a.DispatchKey, Reason: reason}
	err := workflow.ExecuteActivity(withProviderCall(ctx, fmt.Sprintf("withdraw %s at %s (%s)", a.ID, a.Provider, reason)),
		acts.CancelAssignment, order).Get(ctx, nil)
	if err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "withdrawal_failed", "could not withdraw %s at %s (%s): %v", a.ID, a.Provider, reason, err)
		d.ops.alert(ctx, contract.AlertCompensationFailed, "cancel %s at %s by hand (mission %s): %s", a.ID, a.Provider, f.report.MissionID, reason)
		return
	}
	a.Open = false
	d.undos.drop(a.DispatchKey)
	f.trace(ctx, "assignment_withdrawn", "%s withdrawn at %s: %s", a.ID, a.Provider, reason)
}

// undoDispatch withdraws a dispatch order at its provider when the case is
// cancelled: the assignment by its id once accepted, else the order by its
// key (its answer never came back).
func (d *dispatch) undoDispatch(provider, dispatchKey, assignmentID string) undo {
	f := d.file
	return undo{
		what: assignmentID + " at " + provider,
		takeBack: func(ctx workflow.Context, reason string) error {
			order := activities.CancelOrder{
				IdempotencyKey: dispatchKey + "/cancel",
				CaseID:         f.caseID,
				MissionID:      f.report.MissionID,
				Provider:       provider,
				AssignmentID:   assignmentID,
				DispatchKey:    dispatchKey,
				Reason:         reason,
			}
			return workflow.ExecuteActivity(withCompensation(ctx, "cancel "+provider+" assignment"), acts.CancelAssignment, order).Get(ctx, nil)
		},
		undone: func(ctx workflow.Context) {
			f.trace(ctx, "assignment_cancelled", "assignment %s cancelled at %s", assignmentID, provider)
			if d.current != nil {
				d.current.Open = false
			}
		},
		byHand: fmt.Sprintf("cancel assignment %s at %s by hand (mission %s)", assignmentID, provider, f.report.MissionID),
	}
}

// release withdraws every order the case holds with a provider, for reason,
// when a re-qualification routes the case anew before any provider reached
// the vehicle: the assignments and offers still open, and a request whose
// answer never came back (withdrawn by its key). The next requests get new
// keys.
func (d *dispatch) release(ctx workflow.Context, reason string) {
	for _, a := range d.held {
		if !a.Open {
			continue
		}
		d.withdraw(ctx, a, reason)
		if !a.AcceptedAt.IsZero() {
			d.score(a).Replaced = reason
		}
	}
	if a := d.inFlight; a != nil {
		d.inFlight = nil
		d.withdraw(ctx, a, reason)
	}
	d.current, d.promise = nil, promise{}
	d.round++
}

// stage is where the assistance stands for a re-qualification: done once
// the provider's work ended; on site once it reached the vehicle; requested
// while an assignment, an offer or a request is held; else not asked.
func (d *dispatch) assistanceStage() rules.AssistanceStage {
	switch {
	case d.final != "":
		return rules.AssistanceDone
	case d.current != nil && d.current.Open && d.promise.arrived:
		return rules.AssistanceOnSite
	case d.inFlight != nil || (d.current != nil && d.current.Open):
		return rules.AssistanceRequested
	}
	return rules.AssistanceNotAsked
}

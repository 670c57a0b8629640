package workflows

import (
	"errors"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/warranty"
)

// warrantySide is the case's side of a warranty claim (docs/warranty.md):
// it opens the claim, a child workflow (claim.go), as soon as a vehicle under
// warranty reaches a repairer, waits for it to settle, tells the client and
// has the client approve what the warranty leaves to it.
type warrantySide struct {
	file     *caseFile
	notices  *notifier
	ops      *opsInbox
	approval *approval
	undos    *undoList
	// child is the claim opened, while it runs; done once its result is in.
	child workflow.ChildWorkflowFuture
	done  bool
}

// needsClaim reports whether the repair waits for the vehicle's warranty (the
// warranty company's FAQ, docs/glossary.md): a mechanical breakdown (q) of a
// vehicle under warranty, towed to a repairer.
func (w *warrantySide) needsClaim(q contract.Qualification, towed bool) bool {
	return w.file.report.Vehicle.Warranty != nil && q.Origin == contract.OriginMechanical &&
		towed && warranty.IsRepairer(w.file.out.TowDestination)
}

// open starts the warranty claim as a child workflow as soon as the vehicle
// reaches the repairer (towed at towedAt): abroad, the event number comes
// before any repair. The claim runs while the beneficiary is offered its
// services. Cancelled with the case, the claim withdraws its own orders.
func (w *warrantySide) open(ctx workflow.Context, q contract.Qualification, towedAt time.Time, towed bool) {
	if !w.needsClaim(q, towed) {
		return
	}
	f := w.file
	r, wt := f.report, f.report.Vehicle.Warranty
	diagnosis, decision := f.settings.WarrantyWindows()
	in := ClaimInput{
		ClaimID: w.claimID(), CaseID: f.caseID, MissionID: r.MissionID, ClientID: r.ClientID,
		Vehicle: r.Vehicle, Location: r.Location, Abroad: r.Abroad(), Nature: q.Nature,
		Repairer:   f.out.TowDestination,
		ReportedAt: r.ReachedAssistanceAt().UTC().Format(time.RFC3339), TowedAt: towedAt.UTC().Format(time.RFC3339),
		DiagnosisWindow: diagnosis, DecisionWindow: decision, TimeScale: f.settings.TimeScale,
	}
	childCtx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:          contract.ClaimWorkflowID(r.MissionID),
		ParentClosePolicy:   enums.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		WaitForCancellation: true,
		StaticSummary:       "warranty claim of mission " + r.MissionID + " with " + wt.Manager,
		TypedSearchAttributes: temporal.NewSearchAttributes(contract.AttrMissionID.ValueSet(r.MissionID),
			contract.AttrClientID.ValueSet(r.ClientID), contract.AttrPlate.ValueSet(r.Vehicle.Plate), contract.AttrVIN.ValueSet(r.Vehicle.VIN)),
	})
	w.child = workflow.ExecuteChildWorkflow(childCtx, contract.ClaimWorkflowType, in)
	// Its orders (the repair order, the claim at the manager) are the claim's
	// to withdraw: cancelled with the case, it withdraws them itself.
	w.undos.push(in.ClaimID, undo{
		what: "warranty claim " + contract.ClaimWorkflowID(r.MissionID),
		run:  w.close,
		undone: func(ctx workflow.Context) {
			f.trace(ctx, "warranty_claim_withdrawn", "the warranty claim was closed with the case: its repair order and claim withdrawn")
		},
		byHand: "withdraw the warranty claim of mission " + r.MissionID + " at " + wt.Manager + " and the repair order at " + f.out.TowDestination + " by hand",
	})
	f.out.Warranty = contract.WarrantyPending
	f.trace(ctx, "warranty_claim_opened", "the vehicle is under warranty with %s (%s) and was towed to %s: claim %s opened%s",
		wt.Manager, orUnknown(wt.Program), f.out.TowDestination, contract.ClaimWorkflowID(r.MissionID), abroadNote(r.Abroad()))
}

// close is the undo of a claim still open when the case is cancelled: the
// cancellation reaches the claim with the case's, and the claim withdraws its
// repair order and its claim at the manager itself; this waits for it.
func (w *warrantySide) close(ctx workflow.Context, _ string) error {
	if w.child == nil || w.done {
		return nil
	}
	var claim contract.Claim
	err := w.child.Get(ctx, &claim)
	w.done = true
	if claim.ClaimID != "" {
		w.file.out.Claim = &claim
		w.file.out.EventNumber = claim.EventNumber
	}
	var canceled *temporal.CanceledError
	if err != nil && !errors.As(err, &canceled) {
		return err
	}
	return nil
}

// claimID is the idempotency key of the case's claim.
func (w *warrantySide) claimID() string { return w.file.caseID + "/warranty" }

// orUnknown is a program's name, or says it is unknown.
func orUnknown(s string) string {
	if s == "" {
		return "program unknown"
	}
	return s
}

// abroadNote says what a claim abroad needs first.
func abroadNote(abroad bool) string {
	if abroad {
		return "; abroad: the manager assigns an event number first"
	}
	return ""
}

package workflows

import (
	"errors"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/warranty"
)

// warrantySide is the case's side of a warranty claim (docs/warranty.md):
// it opens the claim, a child workflow (claim.go), as soon as a vehicle under
// warranty reaches a repairer, waits for it to settle, tells the client and
// has the client approve what the warranty leaves to it.
type warrantySide struct {
	file     *caseFile
	calls    *calls
	notices  *notifier
	ops      *opsInbox
	approval *approval
	undos    *undoList
	// child is the claim opened, while it runs; done once its result is in.
	child workflow.ChildWorkflowFuture
	done  bool
	// terms are the warranty program's terms, once read.
	terms *activities.WarrantyTerms
}

// needsClaim reports whether the repair waits for the vehicle's warranty (the
// warranty company's FAQ, docs/glossary.md): a mechanical breakdown (q) of a
// nature the warranty program lists, of a vehicle under warranty, towed to a
// repairer.
func (w *warrantySide) needsClaim(ctx workflow.Context, q contract.Qualification, towed bool) bool {
	if w.file.report.Vehicle.Warranty == nil || q.Origin != contract.OriginMechanical || !towed || !warranty.IsRepairer(w.file.out.TowDestination) {
		return false
	}
	if p := w.warrantyProgram(ctx); !p.OpensClaim(q.Origin, q.Nature) {
		w.file.trace(ctx, "no_warranty_claim", "%s does not list %s: no claim opens, the mission is decided at the tow", w.file.report.Vehicle.Warranty.Program, q.Nature)
		return false
	}
	return true
}

// program is the vehicle's warranty program, read once (nil: unknown here;
// the seed's rules apply and its manager decides).
func (w *warrantySide) warrantyProgram(ctx workflow.Context) *warranty.Program {
	if w.terms == nil {
		var t activities.WarrantyTerms
		id := w.file.report.Vehicle.Warranty.Program
		if err := w.calls.quick(ctx, "terms of "+id, &t, acts.LoadWarrantyTerms, id); err != nil {
			w.file.trace(ctx, "warranty_terms_unknown", "the terms of %s could not be read (%v): the seed's rules apply", id, err)
		}
		w.terms = &t
	}
	return w.terms.Program
}

// eventNumberFirst asks the warranty manager for the event number as soon as
// the case is qualified (q) mechanical abroad for a vehicle whose warranty
// lists the nature, before the dispatch (seed 003: "Contacter le gestionnaire
// … qui attribuera un numéro d'événement devant figurer sur les factures, puis
// confier le véhicule"): the dispatch order and the repair order carry it, and
// the client is told how a repair abroad is paid. A manager out of reach holds
// nothing: ops are alerted and the case goes on.
func (w *warrantySide) eventNumberFirst(ctx workflow.Context, q contract.Qualification) error {
	f := w.file
	r, wt := f.report, f.report.Vehicle.Warranty
	if wt == nil || q.Origin != contract.OriginMechanical || f.out.EventNumber != "" {
		return nil
	}
	p := w.warrantyProgram(ctx)
	if !p.EventNumberFirst(q.Origin, q.Nature, r.Abroad()) {
		return nil
	}
	req := activities.EventNumberRequest{
		IdempotencyKey: w.claimID() + "/event-number", ClaimID: w.claimID(), CaseID: f.caseID, MissionID: r.MissionID,
		Manager: wt.Manager, Program: wt.Program, Vehicle: r.Vehicle, Location: r.Location, Nature: q.Nature,
	}
	var n activities.EventNumber
	err := workflow.ExecuteActivity(withProviderCall(ctx, "event number from "+wt.Manager), acts.AssignEventNumber, req).Get(ctx, &n)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		w.ops.alert(ctx, contract.AlertWarrantyUnreachable, "%s gave no event number for mission %s (%v): get one by phone before any repair abroad", wt.Manager, r.MissionID, err)
		return nil
	}
	f.out.EventNumber = n.EventNumber
	f.out.EventNumberBeforeTow = f.out.TowDestination == ""
	f.trace(ctx, "event_number", "abroad, %s assigned event number %s before the dispatch: it goes on the dispatch order, the repair order and the invoices", wt.Manager, n.EventNumber)
	w.notices.notify(ctx, contract.NoticeWarrantyAbroad, contract.NoticeFacts{EventNumber: n.EventNumber, RatesCountry: p.RatesCountry()})
	return nil
}

// open starts the warranty claim as a child workflow as soon as the vehicle
// reaches the repairer (towed at towedAt): abroad, the event number comes
// before any repair. The claim runs while the beneficiary is offered its
// services. Cancelled with the case, the claim withdraws its own orders.
func (w *warrantySide) open(ctx workflow.Context, q contract.Qualification, towedAt time.Time, towed bool) {
	if !w.needsClaim(ctx, q, towed) {
		return
	}
	f := w.file
	r, wt := f.report, f.report.Vehicle.Warranty
	diagnosis, decision := f.settings.WarrantyWindows()
	in := ClaimInput{
		ClaimID: w.claimID(), CaseID: f.caseID, MissionID: r.MissionID, ClientID: r.ClientID,
		Vehicle: r.Vehicle, Location: r.Location, Abroad: r.Abroad(), Nature: q.Nature,
		Repairer: f.out.TowDestination, EventNumber: f.out.EventNumber,
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
		what:     "warranty claim " + contract.ClaimWorkflowID(r.MissionID),
		takeBack: w.close,
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

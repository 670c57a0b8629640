package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// settle waits for the claim, tells the client the decision, and has the
// client approve what the warranty leaves to it, like a paid option.
func (w *warrantySide) settle(ctx workflow.Context) error {
	if w.child == nil {
		return nil
	}
	f, r := w.file, w.file.report
	f.enter(ctx, contract.StageAwaitingWarranty, "waiting for the warranty: the repairer's diagnosis and quote, then "+r.Vehicle.Warranty.Manager+"'s decision")
	var claim contract.Claim
	err := w.child.Get(ctx, &claim)
	if isCancel(ctx, err) {
		return err
	}
	w.done = true
	w.undos.drop(w.claimID())
	if err != nil {
		claim = contract.Claim{ClaimID: contract.ClaimWorkflowID(r.MissionID), Manager: r.Vehicle.Warranty.Manager,
			State: contract.WarrantyExpired, Reason: "the claim failed: " + err.Error()}
		w.ops.alert(ctx, contract.AlertWarrantyExpired, "the warranty claim of mission %s failed (%v): settle it by hand; the mission is suspended", r.MissionID, err)
	}
	f.out.Claim = &claim
	f.out.Warranty, f.out.EventNumber = claim.State, claim.EventNumber
	if claim.EventNumber != "" {
		f.trace(ctx, "event_number", "%s assigned event number %s, sent to %s for its invoices", claim.Manager, claim.EventNumber, claim.Repairer)
	}
	if claim.State == contract.WarrantyExpired {
		f.trace(ctx, "warranty_expired", "%s", claim.Reason)
		if err == nil {
			w.ops.alert(ctx, contract.AlertWarrantyExpired, "the warranty of mission %s was not settled in time (%s): the mission is suspended", r.MissionID, claim.Reason)
		}
		return nil
	}
	f.trace(ctx, "warranty_decided", "%s: %s", claim.State, claim.Reason)
	w.notices.notify(ctx, contract.NoticeWarrantyDecision, contract.NoticeFacts{Warranty: claim.State, CoveredEUR: claim.CoveredEUR, ClientShareEUR: claim.ClientShareEUR})
	if claim.ClientShareEUR <= 0 {
		return nil
	}
	// What the warranty leaves to the client: approved or declined like a paid option.
	options := []contract.Option{{Option: contract.OptionRepair, PriceEUR: float64(claim.ClientShareEUR), Provider: claim.Repairer}}
	d, decided, err := w.approval.ask(ctx, options, "waiting for the client to approve the repair left to it: "+describeOptions(options),
		w.approval.payFacts(claim.State))
	if err != nil || !decided {
		return err
	}
	if d.Decline {
		f.trace(ctx, "repair_declined", "the client declined the %d EUR left by the warranty%s: the vehicle is not repaired", claim.ClientShareEUR, by(d.By))
		return nil
	}
	f.trace(ctx, "repair_approved", "the client approved the repair%s and pays the %d EUR left by the warranty", by(d.By), claim.ClientShareEUR)
	return nil
}

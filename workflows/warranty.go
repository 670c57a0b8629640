package workflows

import (
	"errors"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/warranty"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// warrantyClaim is the claim a case opened, while it runs.
type warrantyClaim struct {
	future workflow.ChildWorkflowFuture
	done   bool
}

// needsWarrantyClaim reports whether the repair waits for the vehicle's
// warranty (the warranty company's FAQ, docs/glossary.md): a mechanical breakdown of a vehicle under warranty,
// towed to a repairer.
func (c *caseRun) needsWarrantyClaim() bool {
	return c.report.Vehicle.Warranty != nil && c.qualification != nil && c.qualification.Origin == contract.OriginMechanical &&
		c.final == contract.MilestoneTowed && warranty.IsRepairer(c.out.TowDestination)
}

// openWarrantyClaim starts the warranty claim as a child workflow as soon as
// the vehicle reaches the repairer: abroad, the event number comes before any
// repair. The claim runs while the beneficiary is offered its services.
func (c *caseRun) openWarrantyClaim(ctx workflow.Context) {
	if !c.needsWarrantyClaim() {
		return
	}
	w := c.report.Vehicle.Warranty
	diagnosis, decision := c.settings.WarrantyWindows()
	in := ClaimInput{
		ClaimID: claimIDOf(c), CaseID: c.caseID, MissionID: c.report.MissionID, ClientID: c.report.ClientID,
		Vehicle: c.report.Vehicle, Location: c.report.Location, Abroad: c.report.Abroad(), Nature: c.qualification.Nature,
		Repairer:   c.out.TowDestination,
		ReportedAt: c.report.ReachedAssistanceAt().UTC().Format(time.RFC3339), TowedAt: c.towedAt.UTC().Format(time.RFC3339),
		DiagnosisWindow: diagnosis, DecisionWindow: decision, TimeScale: c.settings.TimeScale,
	}
	childCtx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:          contract.ClaimWorkflowID(c.report.MissionID),
		ParentClosePolicy:   enums.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		WaitForCancellation: true,
		StaticSummary:       "warranty claim of mission " + c.report.MissionID + " with " + w.Manager,
		TypedSearchAttributes: temporal.NewSearchAttributes(contract.AttrMissionID.ValueSet(c.report.MissionID),
			contract.AttrClientID.ValueSet(c.report.ClientID), contract.AttrPlate.ValueSet(c.report.Vehicle.Plate), contract.AttrVIN.ValueSet(c.report.Vehicle.VIN)),
	})
	c.claim = &warrantyClaim{future: workflow.ExecuteChildWorkflow(childCtx, contract.ClaimWorkflowType, in)}
	// Its orders (the repair order, the claim at the manager) are the claim's
	// to withdraw: cancelled with the case, it withdraws them itself.
	c.undos.push(in.ClaimID, undo{
		what: "warranty claim " + contract.ClaimWorkflowID(c.report.MissionID),
		run:  c.closeWarrantyClaim,
		undone: func(ctx workflow.Context) {
			c.trace(ctx, "warranty_claim_withdrawn", "the warranty claim was closed with the case: its repair order and claim withdrawn")
		},
		byHand: "withdraw the warranty claim of mission " + c.report.MissionID + " at " + w.Manager + " and the repair order at " + c.out.TowDestination + " by hand",
	})
	c.out.Warranty = contract.WarrantyPending
	c.trace(ctx, "warranty_claim_opened", "the vehicle is under warranty with %s (%s) and was towed to %s: claim %s opened%s",
		w.Manager, orUnknown(w.Program), c.out.TowDestination, contract.ClaimWorkflowID(c.report.MissionID), abroadNote(c.report.Abroad()))
}

// settleWarranty waits for the claim, tells the client the decision, and has
// the client approve what the warranty leaves to it, like a paid option.
func (c *caseRun) settleWarranty(ctx workflow.Context) error {
	if c.claim == nil {
		return nil
	}
	c.enter(ctx, contract.StageAwaitingWarranty, "waiting for the warranty: the repairer's diagnosis and quote, then "+c.report.Vehicle.Warranty.Manager+"'s decision")
	var claim contract.Claim
	err := c.claim.future.Get(ctx, &claim)
	if isCancel(ctx, err) {
		return err
	}
	c.claim.done = true
	c.undos.drop(claimIDOf(c))
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		claim = contract.Claim{ClaimID: contract.ClaimWorkflowID(c.report.MissionID), Manager: c.report.Vehicle.Warranty.Manager,
			State: contract.WarrantyExpired, Reason: "the claim failed: " + err.Error()}
		c.alertOps(ctx, contract.AlertWarrantyExpired, "the warranty claim of mission %s failed (%v): settle it by hand; the mission is suspended", c.report.MissionID, err)
	}
	c.out.Claim = &claim
	c.out.Warranty, c.out.EventNumber = claim.State, claim.EventNumber
	if claim.EventNumber != "" {
		c.trace(ctx, "event_number", "%s assigned event number %s, sent to %s for its invoices", claim.Manager, claim.EventNumber, claim.Repairer)
	}
	if claim.State == contract.WarrantyExpired {
		c.trace(ctx, "warranty_expired", "%s", claim.Reason)
		if err == nil {
			c.alertOps(ctx, contract.AlertWarrantyExpired, "the warranty of mission %s was not settled in time (%s): the mission is suspended", c.report.MissionID, claim.Reason)
		}
		return nil
	}
	c.trace(ctx, "warranty_decided", "%s: %s", claim.State, claim.Reason)
	c.notify(ctx, contract.NoticeWarrantyDecision, "Warranty decision for %s: %s.", c.report.Vehicle.Plate, claim.Describe())
	if claim.ClientShareEUR <= 0 {
		return nil
	}
	// What the warranty leaves to the client: approved or declined like a paid option.
	c.decision = nil
	options := []contract.Option{{Option: contract.OptionRepair, PriceEUR: float64(claim.ClientShareEUR), Provider: claim.Repairer}}
	c.out.OptionsOffered = options
	c.out.Approval = contract.ApprovalPending
	c.enter(ctx, contract.StageAwaitingApproval, "waiting for the client to approve the repair left to it: "+describeOptions(options))
	c.notify(ctx, contract.NoticeApprovalRequested, "The warranty leaves %d EUR of the repair to you. Options: %s. Please approve or decline.",
		claim.ClientShareEUR, describeOptions(options))
	d, decided, err := c.awaitDecision(ctx, options)
	if err != nil || !decided {
		return err
	}
	if d.Decline {
		c.out.Approval = contract.ApprovalDeclined
		c.trace(ctx, "repair_declined", "the client declined the %d EUR left by the warranty%s: the vehicle is not repaired", claim.ClientShareEUR, by(d.By))
		return nil
	}
	c.out.Approval = contract.Approved(d.Choose)
	c.trace(ctx, "repair_approved", "the client approved the repair%s and pays the %d EUR left by the warranty", by(d.By), claim.ClientShareEUR)
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "program unknown"
	}
	return s
}

func abroadNote(abroad bool) string {
	if abroad {
		return "; abroad: the manager assigns an event number first"
	}
	return ""
}

// closeWarrantyClaim is the undo of a claim still open when the case is
// cancelled: the cancellation reaches the claim with the case's, and the claim
// withdraws its repair order and its claim at the manager itself; this waits
// for it to finish.
func (c *caseRun) closeWarrantyClaim(ctx workflow.Context) error {
	if c.claim == nil || c.claim.done {
		return nil
	}
	var claim contract.Claim
	err := c.claim.future.Get(ctx, &claim)
	c.claim.done = true
	if claim.ClaimID != "" {
		c.out.Claim = &claim
		c.out.EventNumber = claim.EventNumber
	}
	var canceled *temporal.CanceledError
	if err != nil && !errors.As(err, &canceled) {
		return err
	}
	return nil
}

func claimIDOf(c *caseRun) string { return c.caseID + "/warranty" }

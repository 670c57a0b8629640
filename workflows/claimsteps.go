package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// The claim's calls to its parties: the terms, the event number, the repair
// order, the claim at the manager, and their withdrawal.

// loadTerms reads the warranty program's terms; the seed's rules apply
// without them.
func (c *claimRun) loadTerms(ctx workflow.Context) activities.WarrantyTerms {
	var t activities.WarrantyTerms
	program := c.claim.Program
	if err := workflow.ExecuteLocalActivity(withQuickCall(ctx, "terms of "+program), acts.LoadWarrantyTerms, program).Get(ctx, &t); err != nil {
		workflow.GetLogger(ctx).Warn("warranty terms not loaded: the seed's rules apply", "program", program, "error", err)
	}
	return t
}

// assignEventNumber asks the manager for the event number (abroad, before
// any repair); without it, ops get one by phone.
func (c *claimRun) assignEventNumber(ctx workflow.Context) error {
	req := activities.EventNumberRequest{
		IdempotencyKey: c.in.ClaimID + "/event-number", ClaimID: c.in.ClaimID, CaseID: c.in.CaseID, MissionID: c.in.MissionID,
		Manager: c.claim.Manager, Program: c.claim.Program, Vehicle: c.in.Vehicle, Location: c.in.Location, Nature: c.in.Nature, Repairer: c.in.Repairer,
	}
	var n activities.EventNumber
	err := workflow.ExecuteActivity(withProviderCall(ctx, "event number from "+c.claim.Manager), acts.AssignEventNumber, req).Get(ctx, &n)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.alertOps(ctx, contract.AlertWarrantyUnreachable, "%s gave no event number for mission %s (%v): get one by phone before any repair abroad", c.claim.Manager, c.in.MissionID, err)
		return nil
	}
	c.claim.EventNumber = n.EventNumber
	return nil
}

// orderDiagnosis orders the repairer's diagnosis and quote, on the claim's
// undo list.
func (c *claimRun) orderDiagnosis(ctx workflow.Context) error {
	order := activities.RepairOrder{
		IdempotencyKey: c.in.ClaimID + "/repair-order", ClaimID: c.in.ClaimID, CaseID: c.in.CaseID, MissionID: c.in.MissionID,
		Repairer: c.in.Repairer, Vehicle: c.in.Vehicle, Nature: c.in.Nature, Manager: c.claim.Manager, EventNumber: c.claim.EventNumber,
		ReportedAt: c.in.ReportedAt, TowedAt: c.in.TowedAt, DiagnosisDue: c.caseTimeIn(ctx, c.in.DiagnosisWindow),
	}
	var r activities.RepairReceipt
	err := workflow.ExecuteActivity(withProviderCall(ctx, "diagnosis and quote from "+c.in.Repairer), acts.OrderDiagnosis, order).Get(ctx, &r)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.alertOps(ctx, contract.AlertWarrantyUnreachable, "the repairer %s could not be asked for its diagnosis of mission %s (%v): call it", c.in.Repairer, c.in.MissionID, err)
		return nil
	}
	c.placed(activities.Withdrawal{IdempotencyKey: c.in.ClaimID + "/repair-order/withdraw", ClaimID: c.in.ClaimID, MissionID: c.in.MissionID,
		What: activities.WithdrawRepairOrder, Party: c.in.Repairer, Reference: r.Reference}, order.IdempotencyKey)
	return nil
}

// submit passes the diagnosis and quote to the manager, on the claim's undo
// list.
func (c *claimRun) submit(ctx workflow.Context) error {
	d := c.diagnosis
	sub := activities.ClaimSubmission{
		IdempotencyKey: c.in.ClaimID + "/claim", ClaimID: c.in.ClaimID, CaseID: c.in.CaseID, MissionID: c.in.MissionID,
		Manager: c.claim.Manager, Program: c.claim.Program, Vehicle: c.in.Vehicle, Repairer: c.in.Repairer,
		EventNumber: c.claim.EventNumber, Cause: d.Cause, QuoteEUR: d.QuoteEUR,
		ReportedAt: c.in.ReportedAt, SubmittedAt: c.caseTimeIn(ctx, 0), DecisionDue: c.caseTimeIn(ctx, c.in.DecisionWindow),
	}
	var r activities.ClaimReceipt
	err := workflow.ExecuteActivity(withProviderCall(ctx, "claim to "+c.claim.Manager), acts.SubmitClaim, sub).Get(ctx, &r)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.alertOps(ctx, contract.AlertWarrantyUnreachable, "the claim of mission %s could not be passed to %s (%v): send the diagnosis and quote by hand", c.in.MissionID, c.claim.Manager, err)
		return nil
	}
	c.placed(activities.Withdrawal{IdempotencyKey: c.in.ClaimID + "/claim/withdraw", ClaimID: c.in.ClaimID, MissionID: c.in.MissionID,
		What: activities.WithdrawClaim, Party: c.claim.Manager, Reference: r.Reference}, sub.IdempotencyKey)
	return nil
}

// placed registers an order the claim placed (keyed key) on its undo list,
// with the withdrawal that takes it back.
func (c *claimRun) placed(w activities.Withdrawal, key string) {
	c.undos.push(key, undo{
		what: w.What + " at " + w.Party,
		takeBack: func(ctx workflow.Context, reason string) error {
			w.Reason = reason
			return workflow.ExecuteActivity(withCompensation(ctx, "withdraw "+w.What+" at "+w.Party), acts.WithdrawWarrantyOrder, w).Get(ctx, nil)
		},
		byHand: fmt.Sprintf("withdraw the %s of mission %s at %s by hand", w.What, c.in.MissionID, w.Party),
	})
}

// withdrawAll undoes what a cancelled claim placed, the last first (the
// claim at the manager, then the repair order at the repairer), on a
// disconnected context.
func (c *claimRun) withdrawAll(parent workflow.Context) {
	ctx, _ := workflow.NewDisconnectedContext(parent)
	c.undos.undoAll(ctx, "case cancelled")
	if c.claim.State == contract.WarrantyPending {
		c.claim.Reason = "cancelled with its case"
	}
}

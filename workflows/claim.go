package workflows

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/warranty"
)

// WarrantyClaim carries one warranty claim (the warranty company's FAQ, docs/glossary.md): abroad, an event number
// first; the repairer's diagnosis and quote; the manager's decision; the
// settlement between the warranty and the client. It returns the claim; a
// window that closes with nothing leaves the claim expired, ops alerted.
func WarrantyClaim(ctx workflow.Context, in ClaimInput) (contract.Claim, error) {
	w := in.Vehicle.Warranty
	if w == nil {
		return contract.Claim{}, temporal.NewNonRetryableApplicationError("a claim needs the vehicle's warranty", contract.ErrTypeInvalidReport, nil)
	}
	c := &claimRun{in: in, opened: workflow.Now(ctx), claim: contract.Claim{
		ClaimID: in.ClaimID, Manager: w.Manager, Program: w.Program, Repairer: in.Repairer, State: contract.WarrantyPending,
	}}
	c.undos.failed = c
	if err := c.registerClaimHandlers(ctx); err != nil {
		return contract.Claim{}, err
	}
	err := c.carry(ctx)
	if ctx.Err() != nil || (err != nil && isCancel(ctx, err)) {
		c.withdrawAll(ctx)
		return c.claim, temporal.NewCanceledError("claim cancelled with its case")
	}
	done, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.Await(done, func() bool { return workflow.AllHandlersFinished(done) })
	return c.claim, err
}

// carry takes the claim through its steps.
func (c *claimRun) carry(ctx workflow.Context) error {
	c.terms = c.loadTerms(ctx)
	c.show(ctx, "opening the claim")

	// Abroad: the manager assigns an event number before any repair; the
	// case asked for it before the dispatch.
	if c.in.EventNumber != "" {
		c.claim.EventNumber = c.in.EventNumber
	} else if c.terms.Program.NeedsEventNumber(c.in.Abroad) {
		if err := c.assignEventNumber(ctx); err != nil {
			return err
		}
	}
	// The repairer diagnoses and quotes, and sends them to our API.
	if err := c.orderDiagnosis(ctx); err != nil {
		return err
	}
	diagnosisWindow := c.in.DiagnosisWindow
	c.show(ctx, "waiting for the repairer's diagnosis and quote")
	got, err := waitFor(ctx, diagnosisWindow, "repairer's diagnosis and quote ("+diagnosisWindow.String()+")", func() bool { return c.diagnosis != nil })
	if err != nil || !got {
		return c.expireIfNothing(ctx, err, got, fmt.Sprintf("no diagnosis and quote from %s within %s of the tow", c.in.Repairer, diagnosisWindow))
	}
	// The diagnosis goes to the manager, which decides.
	if err := c.submit(ctx); err != nil {
		return err
	}
	decisionWindow := c.in.DecisionWindow
	c.show(ctx, "waiting for the warranty manager's decision")
	got, err = waitFor(ctx, decisionWindow, "warranty manager's decision ("+decisionWindow.String()+")", func() bool { return c.decision != nil })
	if err != nil || !got {
		return c.expireIfNothing(ctx, err, got, fmt.Sprintf("no decision from %s within %s of the quote", c.claim.Manager, decisionWindow))
	}
	s := warranty.Settle(c.terms.Program, c.claim.QuoteEUR, *c.decision)
	c.claim.State, c.claim.CoveredEUR, c.claim.ClientShareEUR, c.claim.Reason = s.State, s.CoveredEUR, s.ClientShareEUR, s.Reason
	c.show(ctx, "settled: "+s.State)
	return nil
}

// expireIfNothing ends a claim whose window closed: expired, ops alerted.
func (c *claimRun) expireIfNothing(ctx workflow.Context, err error, _ bool, why string) error {
	if err != nil {
		return err
	}
	// The case alerts ops (warranty_expired) when it gets the expired claim.
	c.claim.State, c.claim.Reason = contract.WarrantyExpired, why
	c.show(ctx, "expired: "+why)
	return nil
}

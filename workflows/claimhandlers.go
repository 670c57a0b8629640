package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// registerClaimHandlers sets up the claim's Query and its parties' Updates.
func (c *claimRun) registerClaimHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandlerWithOptions(ctx, contract.QueryClaim, func() (contract.Claim, error) { return c.claim, nil },
		workflow.QueryHandlerOptions{Description: "The warranty claim so far: event number, diagnosis, quote, decision."}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateDiagnosis, c.onDiagnosis, workflow.UpdateHandlerOptions{
		Validator: c.validateDiagnosis, Description: "The repairer's diagnosis and quote: {cause, quote_eur, event_number?, repairer?}.",
	}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateWarrantyDecision, c.onDecision, workflow.UpdateHandlerOptions{
		Validator: c.validateDecision, Description: "The warranty manager's decision: {covered_eur} or {refused: REASON}.",
	})
}

// validateDiagnosis accepts one diagnosis while the claim is pending.
func (c *claimRun) validateDiagnosis(_ workflow.Context, d contract.Diagnosis) error {
	if c.diagnosis != nil {
		return errors.New("the diagnosis and quote were already received")
	}
	if c.claim.State != contract.WarrantyPending {
		return fmt.Errorf("the claim is over (%s)", c.claim.State)
	}
	return d.Validate()
}

// onDiagnosis takes the repairer's diagnosis and quote.
func (c *claimRun) onDiagnosis(_ workflow.Context, d contract.Diagnosis) (contract.Claim, error) {
	c.diagnosis = &d
	c.claim.Cause, c.claim.QuoteEUR = d.Cause, d.QuoteEUR
	return c.claim, nil
}

// validateDecision accepts one decision on a diagnosis, within the quote.
func (c *claimRun) validateDecision(_ workflow.Context, d contract.Decision) error {
	switch {
	case c.diagnosis == nil:
		return errors.New("no diagnosis and quote reached the claim yet: there is nothing to decide on")
	case c.decision != nil:
		return errors.New("the warranty manager already decided")
	case c.claim.State != contract.WarrantyPending:
		return fmt.Errorf("the claim is over (%s)", c.claim.State)
	}
	return d.Validate(c.claim.QuoteEUR)
}

// onDecision answers with the claim once the decision has settled it.
func (c *claimRun) onDecision(ctx workflow.Context, d contract.Decision) (contract.Claim, error) {
	c.decision = &d
	err := workflow.Await(ctx, func() bool { return c.claim.State != contract.WarrantyPending })
	return c.claim, err
}

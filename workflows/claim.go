package workflows

import (
	"errors"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/warranty"
)

// ClaimInput is what a claim starts from.
type ClaimInput struct {
	ClaimID   string            `json:"claim_id"`
	CaseID    string            `json:"case_id"`
	MissionID string            `json:"mission_id"`
	ClientID  string            `json:"client_id"`
	Vehicle   contract.Vehicle  `json:"vehicle"`
	Location  contract.Location `json:"location"`
	Abroad    bool              `json:"abroad"`
	Nature    contract.Nature   `json:"nature"`
	Repairer  string            `json:"repairer"`
	// ReportedAt and TowedAt are the case's own times (RFC 3339).
	ReportedAt string `json:"reported_at"`
	TowedAt    string `json:"towed_at"`
	// DiagnosisWindow and DecisionWindow are the client's windows.
	DiagnosisWindow time.Duration `json:"diagnosis_window"`
	DecisionWindow  time.Duration `json:"decision_window"`
	// TimeScale maps the claim's elapsed time back to the case's time (see
	// rules.Settings.CaseTime).
	TimeScale float64 `json:"time_scale,omitempty"`
}

// claimRun is the state of one claim while its workflow runs.
type claimRun struct {
	in        ClaimInput
	claim     contract.Claim
	opened    time.Time
	terms     activities.WarrantyTerms
	diagnosis *contract.Diagnosis
	decision  *contract.Decision
	// orders are what the claim placed and withdraws if it is cancelled.
	repairRef, claimRef string
	ordered, submitted  bool
}

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
	if err := c.registerHandlers(ctx); err != nil {
		return contract.Claim{}, err
	}
	err := c.run(ctx)
	if ctx.Err() != nil || (err != nil && isCancel(ctx, err)) {
		c.withdraw(ctx)
		return c.claim, temporal.NewCanceledError("claim cancelled with its case")
	}
	done, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.Await(done, func() bool { return workflow.AllHandlersFinished(done) })
	return c.claim, err
}

func (c *claimRun) run(ctx workflow.Context) error {
	c.terms = c.loadTerms(ctx)
	c.show(ctx, "opening the claim")

	// Abroad: the manager assigns an event number before any repair.
	if c.terms.Program.NeedsEventNumber(c.in.Abroad) {
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

func (c *claimRun) loadTerms(ctx workflow.Context) activities.WarrantyTerms {
	var t activities.WarrantyTerms
	program := c.claim.Program
	if err := workflow.ExecuteLocalActivity(withQuickCall(ctx, "terms of "+program), acts.LoadWarrantyTerms, program).Get(ctx, &t); err != nil {
		workflow.GetLogger(ctx).Warn("warranty terms not loaded: the seed's rules apply", "program", program, "error", err)
	}
	return t
}

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
	c.ordered, c.repairRef = true, r.Reference
	return nil
}

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
	c.submitted, c.claimRef = true, r.Reference
	return nil
}

// withdraw undoes what a cancelled claim placed: the claim at the manager,
// then the repair order at the repairer, on a disconnected context.
func (c *claimRun) withdraw(parent workflow.Context) {
	ctx, _ := workflow.NewDisconnectedContext(parent)
	var undo []activities.Withdrawal
	if c.submitted {
		undo = append(undo, activities.Withdrawal{IdempotencyKey: c.in.ClaimID + "/claim/withdraw", ClaimID: c.in.ClaimID, MissionID: c.in.MissionID,
			What: activities.WithdrawClaim, Party: c.claim.Manager, Reference: c.claimRef, Reason: "case cancelled"})
	}
	if c.ordered {
		undo = append(undo, activities.Withdrawal{IdempotencyKey: c.in.ClaimID + "/repair-order/withdraw", ClaimID: c.in.ClaimID, MissionID: c.in.MissionID,
			What: activities.WithdrawRepairOrder, Party: c.in.Repairer, Reference: c.repairRef, Reason: "case cancelled"})
	}
	for _, w := range undo {
		if err := workflow.ExecuteActivity(withCompensation(ctx, "withdraw "+w.What+" at "+w.Party), acts.WithdrawWarrantyOrder, w).Get(ctx, nil); err != nil {
			c.alertOps(ctx, contract.AlertCompensationFailed, "withdraw the %s of mission %s at %s by hand (%v)", w.What, c.in.MissionID, w.Party, err)
		}
	}
	if c.claim.State == contract.WarrantyPending {
		c.claim.Reason = "cancelled with its case"
	}
}

// caseTimeIn is the case's time d from now, as RFC 3339.
func (c *claimRun) caseTimeIn(ctx workflow.Context, d time.Duration) string {
	s := rules.Settings{TimeScale: c.in.TimeScale}
	towed, _ := time.Parse(time.RFC3339, c.in.TowedAt)
	now := s.CaseTime(towed, c.opened, workflow.Now(ctx))
	if c.in.TimeScale > 1 {
		d = time.Duration(float64(d) * c.in.TimeScale)
	}
	return now.Add(d).UTC().Format(time.RFC3339)
}

// alertOps raises an alert for ops staff about the claim, in the case's name.
func (c *claimRun) alertOps(ctx workflow.Context, kind contract.AlertKind, format string, args ...any) {
	a := activities.OpsAlert{CaseID: c.in.CaseID, MissionID: c.in.MissionID, Kind: kind, NeedsPerson: kind.NeedsPerson(),
		Reason: fmt.Sprintf(format, args...)}
	if err := workflow.ExecuteLocalActivity(withQuickCall(ctx, "alert ops"), acts.AlertOps, a).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("ops not alerted", "reason", a.Reason, "error", err)
	}
}

// show says in the Web UI where the claim stands.
func (c *claimRun) show(ctx workflow.Context, step string) {
	number := "none"
	if c.claim.EventNumber != "" {
		number = c.claim.EventNumber
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**warranty claim** — %s\n\nMission %s, vehicle %s at %s; manager %s (%s); event number %s",
		step, c.in.MissionID, c.in.Vehicle.Plate, c.in.Repairer, c.claim.Manager, c.claim.Program, number))
}

func (c *claimRun) registerHandlers(ctx workflow.Context) error {
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

func (c *claimRun) validateDiagnosis(_ workflow.Context, d contract.Diagnosis) error {
	if c.diagnosis != nil {
		return errors.New("the diagnosis and quote were already received")
	}
	if c.claim.State != contract.WarrantyPending {
		return fmt.Errorf("the claim is over (%s)", c.claim.State)
	}
	return d.Validate()
}

func (c *claimRun) onDiagnosis(_ workflow.Context, d contract.Diagnosis) (contract.Claim, error) {
	c.diagnosis = &d
	c.claim.Cause, c.claim.QuoteEUR = d.Cause, d.QuoteEUR
	return c.claim, nil
}

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

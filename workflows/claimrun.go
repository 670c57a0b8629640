package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
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
	// EventNumber is the event number the case got before the dispatch
	// (abroad): the claim does not ask for it again.
	EventNumber string `json:"event_number,omitempty"`
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

// claimRun is one warranty claim while its workflow runs: a child workflow
// of the case (warranty.go), with its own undo list.
type claimRun struct {
	in        ClaimInput
	claim     contract.Claim
	opened    time.Time
	terms     activities.WarrantyTerms
	diagnosis *contract.Diagnosis
	decision  *contract.Decision
	// undos are the orders the claim placed (the repair order, the claim at
	// the manager), withdrawn if it is cancelled.
	undos undoList
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

// undoFailed hands a withdrawal that failed to ops.
func (c *claimRun) undoFailed(ctx workflow.Context, u undo, err error) {
	c.alertOps(ctx, contract.AlertCompensationFailed, "%s (%v)", u.byHand, err)
}

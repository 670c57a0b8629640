package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/caseid"
	"github.com/valetops/assistance/rules/coverage"
)

// acts names the activities by their Go methods; the worker registers a real
// *activities.Activities under the same names.
var acts *activities.Activities

// assignment is an order a provider holds for this case.
type assignment struct {
	Provider     string
	ID           string
	DispatchKey  string
	Open         bool
	ETASeconds   int
	Service      string
	AcceptedAt   time.Time
	LastProgress breakdown.MilestoneKind
	// RequestedAt is when the request that became this assignment was sent.
	RequestedAt time.Time
	// Pending: an acknowledged offer the provider has not answered yet.
	Pending bool
}

// caseRun is the state of one breakdown case while its workflow runs. The
// workflow's code is the only writer; handlers and the Query read it.
type caseRun struct {
	report   breakdown.Report
	caseID   string
	settings breakdown.Settings
	out      breakdown.Outcome

	proposal      breakdown.Qualification
	qualification *breakdown.Qualification
	opsQualify    *breakdown.Qualification
	route         breakdown.Route

	decision *breakdown.DecideRequest

	inbox      []breakdown.Milestone
	seenEvents map[string]bool
	current    *assignment
	// promise is the followed assignment's promise (promise.go).
	promise promise
	// ranked are the operator's partners ranked for the case, asked holds
	// the providers already asked (partners.go).
	ranked []string
	asked  map[string]bool
	// undos are the orders to take back if the case is cancelled (undo.go).
	undos      undoList
	final      breakdown.MilestoneKind
	unassisted bool
	repairDays int
	towedAt    time.Time
	// positionAsked is when the position link was sent (a report without one).
	positionAsked time.Time
	opened        time.Time

	coverage    *activities.CoverageVerdict
	entitlement *coverage.Entitlement
	choices     []breakdown.Service
	chosen      []breakdown.Service

	indexed indexed
	lazy    lazyIndex

	links breakdown.CaseLinks

	claim *warrantyClaim

	missionFinal bool
	override     *breakdown.OverrideRequest

	reports     int
	cancelBy    string
	cancelWhy   string
	cancelCase  workflow.CancelFunc
	opsCanceled bool

	// opsInbox is the version of the ops-inbox change for this case, asked at its
	// first alert (opsInboxKnown); 1: alerts are kept for ops (opsinbox.go).
	opsInbox        workflow.Version
	opsInboxKnown   bool
	opsIndexed      []breakdown.AlertKind
	overrideApplied bool
}

// newCaseRun makes the state of a case from its validated report.
func newCaseRun(ctx workflow.Context, r breakdown.Report) *caseRun {
	info := workflow.GetInfo(ctx)
	c := &caseRun{
		report:     r,
		caseID:     caseid.New(info.WorkflowExecution.ID, info.WorkflowExecution.RunID),
		settings:   breakdown.DefaultSettings(),
		seenEvents: map[string]bool{},
		opened:     workflow.Now(ctx),
	}
	c.out = breakdown.Outcome{
		CaseID:         c.caseID,
		MissionID:      r.MissionID,
		ClientID:       r.ClientID,
		Stage:          breakdown.StageReported,
		Approval:       breakdown.ApprovalNotRequired,
		Drivable:       r.Drivable,
		Services:       []breakdown.Service{},
		Entitlements:   []breakdown.Service{},
		ClientNotified: []breakdown.NoticeKind{},
		Timeline:       []breakdown.TimelineEntry{},
	}
	return c
}

// trace records a step of the case, with its time and reason.
func (c *caseRun) trace(ctx workflow.Context, step, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	c.out.Timeline = append(c.out.Timeline, breakdown.TimelineEntry{
		At:     workflow.Now(ctx).UTC().Format(time.RFC3339),
		Stage:  c.out.Stage,
		Step:   step,
		Reason: reason,
	})
	workflow.GetLogger(ctx).Info(step, "case", c.caseID, "reason", reason)
}

// enter moves the case to a stage and says where it stands.
func (c *caseRun) enter(ctx workflow.Context, stage breakdown.Stage, summary string) {
	c.out.Stage = stage
	c.out.Summary = summary
	c.indexSoon(ctx)
	details := fmt.Sprintf("**%s** — %s\n\nMission %s, vehicle %s (%s %s)",
		stage, summary, c.report.MissionID, c.report.Vehicle.Plate, c.report.Vehicle.Make, c.report.Vehicle.Model)
	if c.links.Tracking != "" {
		details += "\n\n[What the client sees (tracking page)](" + c.links.Tracking + ")"
	}
	workflow.SetCurrentDetails(ctx, details)
}

// addService records a service the case provided, once.
func (c *caseRun) addService(s breakdown.Service) {
	if !c.out.HasService(s) {
		c.out.Services = append(c.out.Services, s)
	}
}

// cancelled reports whether the case is being cancelled (by Update or by a
// cancellation request).
func (c *caseRun) cancelled(ctx workflow.Context) bool {
	return c.cancelBy != "" || ctx.Err() != nil
}

// snapshot is the outcome as the Query shows it.
func (c *caseRun) snapshot() breakdown.Outcome {
	o := c.out
	o.Services = append([]breakdown.Service{}, c.out.Services...)
	o.Entitlements = append([]breakdown.Service{}, c.out.Entitlements...)
	o.ClientNotified = append([]breakdown.NoticeKind{}, c.out.ClientNotified...)
	o.Timeline = append([]breakdown.TimelineEntry{}, c.out.Timeline...)
	o.OptionsOffered = append([]breakdown.Option(nil), c.out.OptionsOffered...)
	o.TrackingURL, o.ReportURL = c.links.Tracking, c.links.Report
	if c.out.Approval == breakdown.ApprovalPending {
		o.ApprovalURL = c.links.Approval
	}
	if !c.promise.at.IsZero() {
		o.ETA = c.promise.at.UTC().Format(time.RFC3339)
	}
	o.Scorecard = append([]breakdown.ProviderTimes(nil), c.out.Scorecard...)
	o.OpsAlerts = append([]breakdown.OpsAlertRecord(nil), c.out.OpsAlerts...)
	return o
}

package workflows

import (
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
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
	LastProgress contract.MilestoneKind
	// RequestedAt is when the request that became this assignment was sent.
	RequestedAt time.Time
	// Pending: an acknowledged offer the provider has not answered yet.
	Pending bool
}

// caseRun is the state of one breakdown case while its workflow runs. The
// workflow's code is the only writer; handlers and the Query read it.
type caseRun struct {
	report   contract.Report
	caseID   string
	settings rules.Settings
	out      contract.Outcome

	proposal      contract.Qualification
	qualification *contract.Qualification
	opsQualify    *contract.Qualification
	route         rules.Route

	decision *contract.DecideRequest

	inbox      []contract.Milestone
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
	final      contract.MilestoneKind
	unassisted bool
	repairDays int
	towedAt    time.Time
	// positionAsked is when the position link was sent (a report without one).
	positionAsked time.Time
	opened        time.Time

	coverage    *activities.CoverageVerdict
	entitlement *coverage.Entitlement
	choices     []contract.Service
	chosen      []contract.Service

	indexed indexed
	lazy    lazyIndex

	links contract.CaseLinks

	claim *warrantyClaim

	missionFinal bool
	override     *contract.OverrideRequest

	reports     int
	cancelBy    string
	cancelWhy   string
	cancelCase  workflow.CancelFunc
	opsCanceled bool

	opsIndexed      []contract.AlertKind
	overrideApplied bool
}

// newCaseRun makes the state of a case from its validated report.
func newCaseRun(ctx workflow.Context, r contract.Report) *caseRun {
	info := workflow.GetInfo(ctx)
	c := &caseRun{
		report:     r,
		caseID:     contract.NewCaseID(info.WorkflowExecution.ID, info.WorkflowExecution.RunID),
		settings:   rules.DefaultSettings(),
		seenEvents: map[string]bool{},
		opened:     workflow.Now(ctx),
	}
	c.out = contract.Outcome{
		CaseID:         c.caseID,
		MissionID:      r.MissionID,
		ClientID:       r.ClientID,
		Stage:          contract.StageReported,
		Approval:       contract.ApprovalNotRequired,
		Drivable:       r.Drivable,
		Services:       []contract.Service{},
		Entitlements:   []contract.Service{},
		ClientNotified: []contract.NoticeKind{},
		Timeline:       []contract.TimelineEntry{},
	}
	return c
}

// trace records a step of the case, with its time and reason.
func (c *caseRun) trace(ctx workflow.Context, step, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	c.out.Timeline = append(c.out.Timeline, contract.TimelineEntry{
		At:     workflow.Now(ctx).UTC().Format(time.RFC3339),
		Stage:  c.out.Stage,
		Step:   step,
		Reason: reason,
	})
	workflow.GetLogger(ctx).Info(step, "case", c.caseID, "reason", reason)
}

// enter moves the case to a stage and says where it stands.
func (c *caseRun) enter(ctx workflow.Context, stage contract.Stage, summary string) {
	c.out.Stage = stage
	c.out.Summary = summary
	c.indexSoon()
	details := fmt.Sprintf("**%s** — %s\n\nMission %s, vehicle %s (%s %s)",
		stage, summary, c.report.MissionID, c.report.Vehicle.Plate, c.report.Vehicle.Make, c.report.Vehicle.Model)
	if c.links.Tracking != "" {
		details += "\n\n[What the client sees (tracking page)](" + c.links.Tracking + ")"
	}
	workflow.SetCurrentDetails(ctx, details)
}

// addService records a service the case provided, once.
func (c *caseRun) addService(s contract.Service) {
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
func (c *caseRun) snapshot() contract.Outcome {
	o := c.out
	o.Services = append([]contract.Service{}, c.out.Services...)
	o.Entitlements = append([]contract.Service{}, c.out.Entitlements...)
	o.ClientNotified = append([]contract.NoticeKind{}, c.out.ClientNotified...)
	o.Timeline = append([]contract.TimelineEntry{}, c.out.Timeline...)
	o.OptionsOffered = append([]contract.Option(nil), c.out.OptionsOffered...)
	o.TrackingURL, o.ReportURL = c.links.Tracking, c.links.Report
	if c.out.Approval == contract.ApprovalPending {
		o.ApprovalURL = c.links.Approval
	}
	if !c.promise.at.IsZero() {
		o.ETA = c.promise.at.UTC().Format(time.RFC3339)
	}
	o.Scorecard = append([]contract.ProviderTimes(nil), c.out.Scorecard...)
	o.OpsAlerts = append([]contract.OpsAlertRecord(nil), c.out.OpsAlerts...)
	return o
}

package workflows

import (
	"fmt"
	"maps"
	"math"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// caseFile is what every part of a case reads: the valet's report, the case's
// id, the client's settings, when it opened, the links to its pages, and the
// outcome with its timeline. The parts write the outcome, each its own fields:
//
//	the case file        stage, summary, timeline, services (addService)
//	report (step 1)      assistance_informed, assistance_informed_at_report
//	qualification        origin, nature, drivable, qualified_by, non_compliance
//	re-qualification     the same, and the route's fields, through their parts
//	position             located_by
//	routing              handler, provider, payer, liability, fallback
//	coverage and services coverage, entitlements, replacement_vehicle_until,
//	                     service_providers
//	approval             approval, approval_reason, options_offered
//	dispatch             tow_destination, tow_address, eta_breached, scorecard
//	notices              client_notified, valet_notified
//	ops inbox            ops_alerts
//	warranty             warranty, event_number, event_number_before_tow, claim
//	closing              mission, mission_reason, cancelled
//
// The tracking and report links and the promise's ETA are added by snapshot,
// for the Query.
type caseFile struct {
	report   contract.Report
	caseID   string
	settings rules.Settings
	opened   time.Time
	links    contract.CaseLinks
	out      contract.Outcome
	// stages hears of every stage the case enters (the indexer).
	stages stageWatcher
}

// stageWatcher hears that the case entered a stage.
type stageWatcher interface {
	stageChanged()
}

// newCaseFile opens the file of a case from its validated report.
func newCaseFile(ctx workflow.Context, r contract.Report, stages stageWatcher) *caseFile {
	info := workflow.GetInfo(ctx)
	f := &caseFile{
		report:   r,
		caseID:   contract.NewCaseID(info.WorkflowExecution.ID, info.WorkflowExecution.RunID),
		settings: rules.DefaultSettings(),
		opened:   workflow.Now(ctx),
		stages:   stages,
	}
	f.out = contract.Outcome{
		CaseID:         f.caseID,
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
	return f
}

// trace records a step of the case, with its time and reason.
func (f *caseFile) trace(ctx workflow.Context, step, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	f.out.Timeline = append(f.out.Timeline, contract.TimelineEntry{
		At:     workflow.Now(ctx).UTC().Format(time.RFC3339),
		Stage:  f.out.Stage,
		Step:   step,
		Reason: reason,
	})
	workflow.GetLogger(ctx).Info(step, "case", f.caseID, "reason", reason)
}

// enter moves the case to a stage and says where it stands.
func (f *caseFile) enter(ctx workflow.Context, stage contract.Stage, summary string) {
	f.out.Stage = stage
	f.out.Summary = summary
	f.stages.stageChanged()
	details := fmt.Sprintf("**%s** — %s\n\nMission %s, vehicle %s (%s %s)",
		stage, summary, f.report.MissionID, f.report.Vehicle.Plate, f.report.Vehicle.Make, f.report.Vehicle.Model)
	if f.links.Tracking != "" {
		details += "\n\n[What the client sees (tracking page)](" + f.links.Tracking + ")"
	}
	workflow.SetCurrentDetails(ctx, details)
}

// addService records a service the case provided, once.
func (f *caseFile) addService(s contract.Service) {
	if !f.out.HasService(s) {
		f.out.Services = append(f.out.Services, s)
	}
}

// now is a workflow moment in the case's own time.
func (f *caseFile) now(ctx workflow.Context) time.Time {
	return f.settings.CaseTime(f.report.ReachedAssistanceAt(), f.opened, workflow.Now(ctx))
}

// caseMinutes is a workflow duration in minutes of the case's own time (a
// demo's scaled seconds counted back), rounded, at least 1 when d is positive.
func (f *caseFile) caseMinutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	if s := f.settings.TimeScale; s > 1 {
		d = time.Duration(float64(d) * s)
	}
	return max(1, int(math.Round(d.Minutes())))
}

// arrivalFacts are a notice's facts of an arrival expected in after the
// workflow moment at: when, and in how many minutes, in the case's own time.
func (f *caseFile) arrivalFacts(at time.Time, in time.Duration) contract.NoticeFacts {
	if in <= 0 {
		return contract.NoticeFacts{}
	}
	return contract.NoticeFacts{ETA: f.caseTime(at.Add(in)), ETAMinutes: f.caseMinutes(in)}
}

// caseTime is a workflow moment in the case's own time (RFC 3339).
func (f *caseFile) caseTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return f.settings.CaseTime(f.report.ReachedAssistanceAt(), f.opened, t).UTC().Format(time.RFC3339)
}

// closed refuses a change to a closed case.
func (f *caseFile) closed() error {
	if f.out.Stage == contract.StageClosed {
		return errClosed
	}
	return nil
}

// errClosed is the refusal of a change to a closed case.
var errClosed = fmt.Errorf("the case is closed")

// snapshot is the outcome as the Query shows it, with the promise in force
// (promised, zero when none).
func (f *caseFile) snapshot(promised time.Time) contract.Outcome {
	o := f.out
	o.Services = append([]contract.Service{}, f.out.Services...)
	o.Entitlements = append([]contract.Service{}, f.out.Entitlements...)
	o.ClientNotified = append([]contract.NoticeKind{}, f.out.ClientNotified...)
	o.ValetNotified = append([]contract.ValetNoticeKind(nil), f.out.ValetNotified...)
	o.ServiceProviders = maps.Clone(f.out.ServiceProviders)
	if f.out.AssistanceInformed != nil {
		informed := *f.out.AssistanceInformed
		o.AssistanceInformed = &informed
	}
	o.Timeline = append([]contract.TimelineEntry{}, f.out.Timeline...)
	o.OptionsOffered = append([]contract.Option(nil), f.out.OptionsOffered...)
	// Never the approval link: it goes only to the party that approves, in
	// the approval notices (docs/security.md, "Pages").
	o.TrackingURL, o.ReportURL = f.links.Tracking, f.links.Report
	if !promised.IsZero() {
		o.ETA = promised.UTC().Format(time.RFC3339)
	}
	o.Scorecard = append([]contract.ProviderTimes(nil), f.out.Scorecard...)
	o.OpsAlerts = append([]contract.OpsAlertRecord(nil), f.out.OpsAlerts...)
	return o
}

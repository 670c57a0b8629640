package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/coverage"
)

// twinWorkflowType is the registered name of the shape twin.
const twinWorkflowType = "BenchShapeTwin"

// twinActs names the real activities by their Go methods, as the saga does.
var twinActs *activities.Activities

// ShapeTwin has exactly the conversation of a happy-path case (the benchmark's
// template: a new vehicle, its assistance informed at the report, ops qualify,
// the manufacturer's assistance accepts (the client and the valet told), is
// on site, tows; no additional service): the same Updates (report,
// qualify), the same Signals (the provider's milestones, from the webhook
// API), the same timers (the qualification window, the follow window, the
// decision window) and the same activities and local activities with real
// inputs, in the same order, on the same task queue and the same workers. It
// applies no rule (what a rule would decide is taken as the happy path
// decides it), writes no search attribute, and keeps no trace. The saga's
// throughput over the twin's is the saga's own overhead: what its rules,
// search attributes and bookkeeping cost. The benchmark checks that both
// histories have the same events apart from search-attribute upserts and
// version markers (compareShapes), so the twin cannot drift from the saga.
func ShapeTwin(ctx workflow.Context, input json.RawMessage) (contract.Outcome, error) {
	var r contract.Report
	if err := json.Unmarshal(input, &r); err != nil {
		return contract.Outcome{}, temporal.NewNonRetryableApplicationError("report: "+err.Error(), "InvalidReport", err)
	}
	info := workflow.GetInfo(ctx)
	caseID := info.WorkflowExecution.ID + "/" + info.WorkflowExecution.RunID
	out := contract.Outcome{CaseID: caseID, MissionID: r.MissionID, ClientID: r.ClientID, Stage: contract.StageReported}
	// step keeps a line per step, so that the record the twin writes at the
	// close is as long as the saga's (its timeline's rows, its sealed outcome).
	step := func(name, reason string) {
		out.Timeline = append(out.Timeline, contract.TimelineEntry{At: workflow.Now(ctx).UTC().Format(time.RFC3339), Stage: out.Stage, Step: name, Reason: reason})
	}

	var qualification *contract.Qualification
	var milestones []contract.Milestone
	if err := workflow.SetUpdateHandler(ctx, contract.UpdateReport, func(workflow.Context, json.RawMessage) (contract.ReportReceipt, error) {
		return contract.ReportReceipt{CaseID: caseID, Stage: out.Stage}, nil
	}); err != nil {
		return out, err
	}
	if err := workflow.SetUpdateHandler(ctx, contract.UpdateQualify, func(_ workflow.Context, q contract.QualifyRequest) (contract.Qualification, error) {
		qualification = &contract.Qualification{Origin: q.Origin, Nature: q.Nature, Drivable: r.Drivable, By: q.Operator}
		return *qualification, nil
	}); err != nil {
		return out, err
	}
	if err := workflow.SetQueryHandler(ctx, contract.QueryOutcome, func() (contract.Outcome, error) { return out, nil }); err != nil {
		return out, err
	}
	signals := workflow.GetSignalChannel(ctx, contract.SignalMilestone)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var m contract.Milestone
			signals.Receive(ctx, &m)
			milestones = append(milestones, m)
		}
	})

	quick := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
	call := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second})
	notify := func(kind contract.NoticeKind) error {
		n := activities.ClientNotice{CaseID: caseID, MissionID: r.MissionID, ClientID: r.ClientID, Kind: kind, Message: string(kind)}
		step("client_notified", string(kind)+": the client is told")
		return workflow.ExecuteLocalActivity(quick, twinActs.NotifyClient, n).Get(ctx, nil)
	}

	// Report: the client's windows, the client told.
	var settings rules.Settings
	if err := workflow.ExecuteLocalActivity(quick, twinActs.LoadSettings, r.ClientID).Get(ctx, &settings); err != nil {
		return out, err
	}
	// The links to the case's pages, signed once when the case opens.
	var links contract.CaseLinks
	if err := workflow.ExecuteLocalActivity(quick, twinActs.SignLinks, caseID).Get(ctx, &links); err != nil {
		return out, err
	}
	if err := notify(contract.NoticeBreakdownReported); err != nil {
		return out, err
	}
	// The vehicle's own assistance informed at the report, before the qualification.
	informed := activities.AssistanceNotice{
		IdempotencyKey: caseID + "/informed", CaseID: caseID, MissionID: r.MissionID, Provider: r.Vehicle.Assistance.Provider,
		Program: r.Vehicle.Assistance.Program, Vehicle: r.Vehicle, Location: r.Location, Symptoms: r.Symptoms, Drivable: r.Drivable,
		BrokeDownAt: r.BrokeDownAt().UTC().Format(time.RFC3339), ReportedAt: r.ReachedAssistanceAt().UTC().Format(time.RFC3339),
	}
	if err := workflow.ExecuteActivity(call, twinActs.InformAssistance, informed).Get(ctx, nil); err != nil {
		return out, err
	}
	// Qualify: ops' Update within the qualification window.
	if ok, err := workflow.AwaitWithTimeout(ctx, settings.QualificationWindow, func() bool { return qualification != nil }); err != nil || !ok {
		return out, fmt.Errorf("shape twin: no qualification (%v)", err)
	}
	if err := notify(contract.NoticeQualified); err != nil {
		return out, err
	}
	// Route and coverage: the vehicle's own assistance, under its program.
	var verdict activities.CoverageVerdict
	if err := workflow.ExecuteLocalActivity(quick, twinActs.EvaluateCoverage, r, *qualification).Get(ctx, &verdict); err != nil {
		return out, err
	}
	// Dispatch: one request, accepted.
	provider := r.Vehicle.Assistance.Provider
	order := activities.DispatchOrder{
		IdempotencyKey: caseID + "/dispatch/" + provider + "/1", CaseID: caseID, Provider: provider, Service: "assistance",
		MissionID: r.MissionID, Vehicle: r.Vehicle, Location: r.Location, Nature: qualification.Nature, Symptoms: r.Symptoms,
		Payer: contract.PayerManufacturer, TowTo: verdict.Result.TowTo,
	}
	var answer activities.DispatchAnswer
	if err := workflow.ExecuteActivity(call, twinActs.Dispatch, order).Get(ctx, &answer); err != nil {
		return out, err
	}
	if err := notify(contract.NoticeAssistanceDispatched); err != nil {
		return out, err
	}
	// The valet's app: the assistance on its way, with the tracking link.
	valet := activities.ValetNotice{CaseID: caseID, MissionID: r.MissionID, ValetID: r.ValetID, Kind: contract.ValetAssistanceDispatched,
		Facts: &contract.NoticeFacts{MissionID: r.MissionID, Plate: r.Vehicle.Plate, Provider: provider}, Link: links.Tracking}
	if err := workflow.ExecuteLocalActivity(quick, twinActs.NotifyValet, valet).Get(ctx, nil); err != nil {
		return out, err
	}
	// Follow: the milestones under one timer, the client told of each.
	followCtx, stopFollow := workflow.WithCancel(ctx)
	follow := workflow.NewTimer(followCtx, settings.FollowTimeout)
	var towedAt time.Time
	for seen := 0; towedAt.IsZero(); seen++ {
		if err := workflow.Await(ctx, func() bool { return len(milestones) > seen || follow.IsReady() }); err != nil {
			return out, err
		}
		if len(milestones) <= seen {
			return out, fmt.Errorf("shape twin: the provider did not finish within %s", settings.FollowTimeout)
		}
		m := milestones[seen]
		if err := notify(contract.NoticeKind(m.Kind)); err != nil {
			return out, err
		}
		if m.Kind == contract.MilestoneTowed {
			towedAt = workflow.Now(ctx)
		}
	}
	stopFollow()
	// After the tow: what the program owes.
	var ent coverage.Entitlement
	if err := workflow.ExecuteLocalActivity(quick, twinActs.EntitlementsAfterTow, verdict, coverage.Tow{At: towedAt}).Get(ctx, &ent); err != nil {
		return out, err
	}
	// Decide: ops' override window, then the mission system and the client told.
	if err := workflow.Sleep(ctx, settings.DecisionWindow); err != nil {
		return out, err
	}
	u := activities.MissionUpdate{IdempotencyKey: caseID + "/mission/reorganised", CaseID: caseID, MissionID: r.MissionID,
		Mission: contract.MissionReorganised, Reason: "towed"}
	if err := workflow.ExecuteLocalActivity(quick, twinActs.UpdateMission, u).Get(ctx, nil); err != nil {
		return out, err
	}
	if err := notify(contract.NoticeMissionDecision); err != nil {
		return out, err
	}
	if err := notify(contract.NoticeCaseClosed); err != nil {
		return out, err
	}
	out.Stage, out.Mission = contract.StageClosed, contract.MissionReorganised
	out.Origin, out.Nature, out.Handler, out.Provider = qualification.Origin, qualification.Nature, contract.HandlerManufacturer, provider
	out.Coverage, out.Services = verdict.Result.Coverage, []contract.Service{contract.ServiceTow}
	step("closed", "case closed")
	// The record, as the saga writes it when it closes (workflows/record.go).
	rec := activities.CaseRecord{Outcome: out, Report: r, ClosedAt: workflow.Now(ctx).UTC().Format(time.RFC3339Nano),
		CoverageReason: verdict.Result.Reason}
	var receipt activities.RecordReceipt
	if err := workflow.ExecuteActivity(withTwinRecord(ctx), twinActs.RecordCase, rec).Get(ctx, &receipt); err != nil {
		return out, err
	}
	return out, nil
}

// withTwinRecord sets the options of the saga's RecordCase (workflows/record.go).
func withTwinRecord(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 5 * time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{activities.ErrTypeInvalidRecord}},
	})
}

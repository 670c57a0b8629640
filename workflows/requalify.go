package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// requalifying is a re-qualification by ops after the window, while the case
// is open (seed 000 §2: the origin "conditionne la prise en charge"): the
// rules plan it (rules.Requalify) and this part applies the plan through the
// parts that own what it changes. An assistance not yet at the vehicle is
// withdrawn and the case routed anew: the assistance under way (steps 3 to 5
// in case.go's run) stops and starts again with the new route. A new valet
// error stops the mission at once; the client is told qualified again.
type requalifying struct {
	file     *caseFile
	notices  *notifier
	qual     *qualification
	routing  *routing
	services *additionalServices
	approval *approval
	dispatch *dispatch
	closing  *closing
	// stopAssisting stops the assistance under way, while one runs.
	stopAssisting workflow.CancelFunc
	// started: the assistance started once; applying: a re-qualification
	// is being applied; routeAnew: it stopped the assistance, to start it
	// again.
	started, applying, routeAnew bool
}

// assisting returns the context the assistance runs in, once any
// re-qualification under way is applied: a re-qualification that routes the
// case anew cancels it.
func (rq *requalifying) assisting(ctx workflow.Context) (workflow.Context, error) {
	if err := workflow.Await(ctx, func() bool { return !rq.applying }); err != nil {
		return ctx, err
	}
	rq.started, rq.routeAnew = true, false
	ctx, rq.stopAssisting = workflow.WithCancel(ctx)
	return ctx, nil
}

// routedAnew reports whether the assistance stopped because a
// re-qualification routes the case anew, once that is applied; false: the
// assistance is over.
func (rq *requalifying) routedAnew(ctx workflow.Context) bool {
	if !rq.routeAnew || ctx.Err() != nil {
		rq.stopAssisting = nil
		return false
	}
	return workflow.Await(ctx, func() bool { return !rq.applying }) == nil
}

// busy reports whether a re-qualification is being applied.
func (rq *requalifying) busy() bool { return rq.applying }

// requalify applies ops' new qualification next (its compliance checked).
func (rq *requalifying) requalify(ctx workflow.Context, next contract.Qualification) {
	f := rq.file
	rq.applying = true
	defer func() { rq.applying = false }()
	plan := rules.Requalify(rules.RequalifyFacts{
		Current: *rq.qual.result, New: next, Route: rq.routing.route, Vehicle: f.report.Vehicle,
		Assistance: rq.assistance(), MissionStopped: rq.closing.missionStopped(), Fallback: f.out.Fallback,
	})
	// The assistance under way stops first: nothing of it goes on meanwhile.
	if (plan.Reroute || plan.Withdraw) && rq.stopAssisting != nil {
		rq.routeAnew = true
		rq.stopAssisting()
	}
	rq.qual.record(ctx, plan.Qualification)
	f.trace(ctx, "requalified", "%s", plan.Reason)
	if plan.OriginChanged {
		rq.routing.reroute(ctx, plan.Route, plan.Fallback)
	}
	if plan.Reroute || plan.Withdraw {
		rq.approval.withdrawRequest(ctx)
		rq.services.forgetCoverage()
	}
	if plan.Withdraw {
		rq.dispatch.release(ctx, reasonRequalified)
	}
	if plan.StopMission {
		rq.closing.stopMissionAtOnce(ctx)
	}
	if plan.NotifyQualified {
		rq.qual.notifyQualified(ctx)
	}
}

// reasonRequalified is why an assignment is withdrawn when a re-qualification
// routes the case anew (the scorecard's replaced, the withdrawal's reason).
const reasonRequalified = "requalified"

// assistance is where the assistance stands for a re-qualification: over
// once the assistance steps are (the provider's work ended, or nothing was
// sent and the mission is being decided); else where the dispatch stands.
func (rq *requalifying) assistance() rules.AssistanceStage {
	if rq.started && rq.stopAssisting == nil {
		return rules.AssistanceDone
	}
	return rq.dispatch.assistanceStage()
}

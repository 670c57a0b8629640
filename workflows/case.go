// Package workflows holds the breakdown case: one Temporal workflow per
// breakdown, from the valet's report to the decision on the mission. It reads
// like the steps of the conveying operator's procedure (docs/glossary.md); the
// rules it applies live in package rules, and it reaches the outside world
// only through package activities.
//
// The case is made of parts, each owning its state and behaviour in its own
// files, wired together here; a part calls only the parts below it:
//
//	case.go                          the procedure, step by step (run, assist)
//	re-qualification                 ops re-qualify after the window: the plan applied
//	closing, cancel, record          the decision, the wait for ops, the close, the record; cancellation
//	warranty side                    the claim opened and settled (the claim itself: claim.go)
//	dispatch                         requests, offers, promise, following the provider, scorecard
//	coverage and services            what the program owes, additional services, the taxi
//	approval                         paid options and what a warranty leaves to the client
//	routing, qualification, position the route and the partners; step 2; the vehicle's position
//	report                           step 1: the report, safety, the assistance informed
//	notices                          the client, the valet, the mission system
//	ops inbox                        alerts kept for ops, their handling
//	indexer, undo list               search attributes; the orders to take back
//	case file, calls                 the report, settings, links and outcome; activity options
package workflows

import (
	"encoding/json"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// BreakdownCase carries one breakdown case from the valet's report to the
// decision on the mission, and returns its outcome. Its input is the report's
// JSON, read as strictly as the valet's app's is (unknown fields, missing
// fields, nulls and wrong values refused), whatever language started it.
func BreakdownCase(ctx workflow.Context, input json.RawMessage) (contract.Outcome, error) {
	// A report that slipped past the caller's validation starts nothing. The
	// report Update sent with the start (update-with-start) is refused with the
	// same field and reason, before the run fails.
	report, err := contract.ParseReport(input) //workflowcheck:ignore pure decoding: encoding/json and map keys sorted before use
	if err != nil {
		if rerr := refuseReports(ctx, err); rerr != nil {
			return contract.Outcome{}, rerr
		}
		return contract.Outcome{}, temporal.NewNonRetryableApplicationError("invalid report: "+err.Error(), contract.ErrTypeInvalidReport, err)
	}
	c := newCaseRun(ctx, report)
	c.index.start(ctx)
	caseCtx, cancelCase := workflow.WithCancel(ctx)
	c.closing.cancelCase = cancelCase
	if err := c.registerHandlers(ctx); err != nil {
		return contract.Outcome{}, err
	}
	c.dispatch.receiveMilestones(ctx)
	c.ops.watchHistory(ctx)

	err = c.run(caseCtx)
	if c.closing.cancelled(caseCtx) && !c.closing.closed() {
		err = c.closing.compensate(ctx)
	}
	// Let running Update handlers (a cancel waiting for the close) answer first.
	done, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.Await(done, func() bool { return workflow.AllHandlersFinished(done) })
	return c.snapshot(), err
}

// run plays the steps of the conveying operator's procedure
// (docs/glossary.md). It returns early when the case ends sooner (the vehicle
// drives on, the client declines, no assistance can be had).
func (c *caseRun) run(ctx workflow.Context) error {
	f := c.file
	// 1. Report and secure: the case opens with the valet's report; safety
	// first, the client told, the vehicle's own assistance informed at once.
	ctx = f.open(ctx, c.calls)
	f.trace(ctx, "reported", "valet %s reported a breakdown of %s at %s: %v, drivable=%t",
		f.report.ValetID, f.report.Vehicle.Plate, f.report.Location.Describe(), f.report.Symptoms, f.report.Drivable)
	c.reports.secure(ctx)

	// No position in the report: a position link goes to the valet at once.
	c.position.ask(ctx)

	// 2. Qualify: origin, nature, drivable.
	if err := c.qual.qualify(ctx); err != nil {
		return err
	}
	if c.qual.valetError() {
		c.closing.stopMissionAtOnce(ctx)
	}

	// 3 to 5. The assistance, from the route to the provider's last
	// milestone; ops re-qualifying the case after the window may route it
	// anew: the assistance then starts again.
	end, err := c.assist(ctx)
	for c.requal.routedAnew(ctx) {
		end, err = c.assist(ctx)
	}
	if err != nil {
		return err
	}
	switch end {
	case endGoesOn, endNotApproved:
		return c.closing.decideAndClose(ctx)
	case endUnassisted:
		return c.closing.closeUnassisted(ctx)
	}
	q := *c.qual.result
	tow, towed := c.dispatch.tow()

	// A vehicle under warranty towed to a repairer: the claim opens at once.
	c.warranty.open(ctx, q, tow.At, towed)

	// After a tow not repairable the same day: the services the program owes.
	if err := c.services.offerAfterTow(ctx, tow, towed); err != nil {
		return err
	}

	// The mission decision waits for the warranty to be settled.
	if err := c.warranty.settle(ctx); err != nil {
		return err
	}

	// 6. Decide the rest of the mission; 7. tell the client and close.
	return c.closing.decideAndClose(ctx)
}

// assistanceEnd is how the assistance steps ended.
type assistanceEnd int

const (
	// endAssisted: a provider's work is over.
	endAssisted assistanceEnd = iota
	// endGoesOn: drivable and compliant, the vehicle needs no assistance.
	endGoesOn
	// endNotApproved: the client declined the paid options, or did not answer.
	endNotApproved
	// endUnassisted: no assistance could be had.
	endUnassisted
)

// assist plays steps 3 to 5 of the procedure for the qualification in force:
// route, coverage, the client's approval of paid options, the dispatch with
// its exceptions, and the provider followed to the end of its work. A
// re-qualification that routes the case anew stops it (requalify.go).
func (c *caseRun) assist(ctx workflow.Context) (assistanceEnd, error) {
	f := c.file
	ctx, err := c.requal.assisting(ctx)
	if err != nil {
		return endUnassisted, err
	}
	q := *c.qual.result

	// 5 (first case). Drivable and compliant: the mission goes on, no assistance.
	if c.qual.goesOnWithoutAssistance(ctx) {
		f.trace(ctx, "no_assistance", "the vehicle is drivable and compliant: no assistance is called")
		return endGoesOn, nil
	}

	// Abroad, under a warranty that lists the nature: the event number first.
	if err := c.warranty.eventNumberFirst(ctx, q); err != nil {
		return endUnassisted, err
	}

	// Routing and dispatch need the vehicle's position.
	if located, err := c.position.await(ctx); err != nil || !located {
		return endUnassisted, err
	}

	// 3. Route: origin first, then the vehicle; the vehicle's program says what it covers.
	c.routing.routeCase(ctx, q)
	if c.services.hasProgram(q) {
		if err := c.services.evaluateCoverage(ctx, q); err != nil {
			return endUnassisted, err
		}
	}

	// 4. Vehicle with no assistance of its own, or not covered: paid options
	// for the client to approve.
	service := serviceAssistance
	if c.routing.route.PaidOptions {
		option, unquoted, err := c.approval.askApproval(ctx)
		switch {
		case err != nil:
			return endUnassisted, err
		case unquoted:
			return endUnassisted, nil
		case option == "":
			return endNotApproved, nil
		}
		service = option
	}

	// 4 (exceptions). Dispatch, retrying a busy assistance, falling back when saturated.
	if ok, err := c.dispatch.send(ctx, service); err != nil || !ok {
		return endUnassisted, err
	}

	// Follow the provider until the vehicle is repaired or towed.
	return endAssisted, c.dispatch.follow(ctx)
}

// registerHandlers sets up the case's Query, and each part its Updates.
// Validators only read the case; they refuse with a message naming the field
// and the reason, and a refused Update leaves no trace in the case's history.
func (c *caseRun) registerHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandlerWithOptions(ctx, contract.QueryOutcome, func() (contract.Outcome, error) {
		return c.snapshot(), nil
	}, workflow.QueryHandlerOptions{Description: "The case's outcome so far: stage, qualification, handler, services, notices and timeline."}); err != nil {
		return err
	}
	for _, register := range []func(workflow.Context) error{
		c.reports.register, c.qual.register, c.approval.register, c.services.register,
		c.position.register, c.closing.register, c.ops.register,
	} {
		if err := register(ctx); err != nil {
			return err
		}
	}
	return nil
}

// snapshot is the outcome as the Query shows it.
func (c *caseRun) snapshot() contract.Outcome {
	return c.file.snapshot(c.dispatch.promise.at)
}

// Package workflows holds the breakdown case: one Temporal workflow per
// breakdown, from the valet's report to the decision on the mission. It reads
// like the steps of the conveying operator's procedure (docs/glossary.md); the rules it applies live in package rules,
// and it reaches the outside world only through package activities.
package workflows

import (
	"encoding/json"
	"errors"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
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
	c.startIndexer(ctx)
	caseCtx, cancelCase := workflow.WithCancel(ctx)
	c.cancelCase = cancelCase
	if err := c.registerHandlers(ctx); err != nil {
		return contract.Outcome{}, err
	}
	c.receiveMilestones(ctx)

	err = c.run(caseCtx)
	if c.cancelled(caseCtx) && !c.closedAfterOps() {
		c.opsCanceled = ctx.Err() != nil
		c.compensate(ctx)
		err = nil
		if c.opsCanceled {
			err = temporal.NewCanceledError("case cancelled by ops")
		}
	}
	// Let running Update handlers (a cancel waiting for the close) answer first.
	done, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.Await(done, func() bool { return workflow.AllHandlersFinished(done) })
	return c.snapshot(), err
}

// run plays the steps of the conveying operator's procedure (docs/glossary.md). It returns early when the case ends sooner (the
// vehicle drives on, the client declines, no assistance can be had).
func (c *caseRun) run(ctx workflow.Context) error {
	// 1. Report and secure: the case opens with the valet's report.
	c.settings = c.loadSettings(ctx)
	ctx = withTimeScale(ctx, c.settings.TimeScale)
	c.signLinks(ctx)
	c.trace(ctx, "reported", "valet %s reported a breakdown of %s at %s: %v, drivable=%t",
		c.report.ValetID, c.report.Vehicle.Plate, c.report.Location.Describe(), c.report.Symptoms, c.report.Drivable)
	c.notify(ctx, contract.NoticeBreakdownReported, "Your vehicle %s broke down during mission %s; it is secured and we are on it.",
		c.report.Vehicle.Plate, c.report.MissionID)

	// No position in the report: a position link goes to the valet at once.
	c.askPosition(ctx)

	// 2. Qualify: origin, nature, drivable.
	if err := c.qualify(ctx); err != nil {
		return err
	}
	if c.qualification.Origin == contract.OriginValetError {
		c.stopMissionAtOnce(ctx)
	}

	// 5 (first case). Drivable and compliant: the mission goes on, no assistance.
	if c.goesOnWithoutAssistance(ctx) {
		c.trace(ctx, "no_assistance", "the vehicle is drivable and compliant: no assistance is called")
		return c.decideAndClose(ctx)
	}

	// Routing and dispatch need the vehicle's position.
	if located, err := c.awaitPosition(ctx); err != nil || !located {
		if err != nil {
			return err
		}
		return c.decideAndClose(ctx)
	}

	// 3. Route: origin first, then the vehicle; the vehicle's program says what it covers.
	c.routeCase(ctx)
	if c.hasProgram() {
		if err := c.evaluateCoverage(ctx); err != nil {
			return err
		}
	}

	// 4. Vehicle with no assistance of its own: paid options for the client to approve.
	service := "assistance"
	if c.route.PaidOptions {
		option, approved, err := c.askApproval(ctx)
		if err != nil {
			return err
		}
		if !approved {
			return c.decideAndClose(ctx)
		}
		service = option
	}

	// 4 (exceptions). Dispatch, retrying a busy assistance, falling back when saturated.
	if err := c.dispatch(ctx, service); err != nil {
		return err
	}
	if c.unassisted {
		return c.decideAndClose(ctx)
	}

	// Follow the provider until the vehicle is repaired or towed.
	if err := c.follow(ctx); err != nil {
		return err
	}

	// A vehicle under warranty towed to a repairer: the claim opens at once.
	c.openWarrantyClaim(ctx)

	// After a tow not repairable the same day: the services the program owes.
	if err := c.offerAdditionalServices(ctx); err != nil {
		return err
	}

	// The mission decision waits for the warranty to be settled.
	if err := c.settleWarranty(ctx); err != nil {
		return err
	}

	// 6. Decide the rest of the mission; 7. tell the client and close.
	return c.decideAndClose(ctx)
}

// goesOnWithoutAssistance reports whether the vehicle may go on as it is:
// drivable and compliant ("roulant et conforme"). A valet error never does: the
// valet no longer drives it and the operator's partner takes it away.
func (c *caseRun) goesOnWithoutAssistance(ctx workflow.Context) bool {
	if !c.qualification.CanGoOn() {
		return false
	}
	if c.qualification.Origin == contract.OriginValetError {
		c.trace(ctx, "valet_error_assisted", "valet error: the vehicle still drives, but the valet no longer drives it; the operator's partner takes it to a suitable destination")
		return false
	}
	return true
}

// closedAfterOps reports whether the case closed after waiting for ops, a
// cancellation arriving meanwhile ending the wait, not the case's decision.
func (c *caseRun) closedAfterOps() bool {
	return c.out.Stage == contract.StageClosed
}

// isCancel reports whether err comes from the case being cancelled.
func isCancel(ctx workflow.Context, err error) bool {
	var canceled *temporal.CanceledError
	return ctx.Err() != nil || errors.As(err, &canceled) || errors.Is(err, workflow.ErrCanceled)
}

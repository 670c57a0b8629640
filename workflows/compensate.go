package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/breakdown"
)

// compensate undoes what a cancelled case had ordered: any assignment still
// open with a provider (or a request whose answer had not come back) is
// cancelled at the provider. It runs on a disconnected context, so it completes
// even while the workflow itself is being cancelled.
func (c *caseRun) compensate(parent workflow.Context) {
	ctx, _ := workflow.NewDisconnectedContext(parent)
	if c.cancelBy == "" {
		c.cancelBy, c.cancelWhy = breakdown.CancelledByOps, "cancellation requested"
	}
	c.out.Cancelled = true
	c.trace(ctx, "cancelled", "case cancelled by %s: %s", c.cancelBy, c.cancelWhy)

	if order, ok := c.openOrder(); ok {
		if err := workflow.ExecuteActivity(withCompensation(ctx, "cancel "+order.Provider+" assignment"), acts.CancelAssignment, order).Get(ctx, nil); err != nil {
			c.trace(ctx, "compensation_failed", "could not cancel %s at %s: %v", order.AssignmentID, order.Provider, err)
			c.alertOps(ctx, breakdown.AlertCompensationFailed, "cancel assignment %s at %s by hand (mission %s)", order.AssignmentID, order.Provider, c.report.MissionID)
		} else {
			c.trace(ctx, "assignment_cancelled", "assignment %s cancelled at %s", order.AssignmentID, order.Provider)
			if c.current != nil {
				c.current.Open = false
			}
		}
	}
	c.out.Approval = cancelledApproval(c.out.Approval)
	c.applyDecision(ctx, breakdown.DecideMission(c.facts()))
	c.closeCase(ctx)
}

// openOrder is the cancellation of what a provider still holds, if anything.
func (c *caseRun) openOrder() (activities.CancelOrder, bool) {
	reason := "case cancelled by " + c.cancelBy + ": " + c.cancelWhy
	switch {
	case c.current != nil && c.current.Open:
		return activities.CancelOrder{IdempotencyKey: c.current.DispatchKey + "/cancel", CaseID: c.caseID, MissionID: c.report.MissionID,
			Provider: c.current.Provider, AssignmentID: c.current.ID, DispatchKey: c.current.DispatchKey, Reason: reason}, true
	case c.inFlight != nil:
		return activities.CancelOrder{IdempotencyKey: c.inFlight.IdempotencyKey + "/cancel", CaseID: c.caseID, MissionID: c.report.MissionID,
			Provider: c.inFlight.Provider, DispatchKey: c.inFlight.IdempotencyKey, Reason: reason}, true
	}
	return activities.CancelOrder{}, false
}

// cancelledApproval ends a pending approval with the case.
func cancelledApproval(a string) string {
	if a == breakdown.ApprovalPending {
		return breakdown.ApprovalDeclined
	}
	return a
}

package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// compensate undoes what a cancelled case had ordered: it walks the undo list
// (undo.go) in reverse, so an assignment still open with a provider (or a
// request whose answer had not come back) and the additional services ordered
// are cancelled at their providers. It runs on a disconnected context, so it
// completes even while the workflow itself is being cancelled.
func (c *caseRun) compensate(parent workflow.Context) {
	ctx, _ := workflow.NewDisconnectedContext(parent)
	if c.cancelBy == "" {
		c.cancelBy, c.cancelWhy = contract.CancelledByOps, "cancellation requested"
	}
	c.out.Cancelled = true
	c.trace(ctx, "cancelled", "case cancelled by %s: %s", c.cancelBy, c.cancelWhy)

	c.undoAll(ctx)
	c.out.Approval = cancelledApproval(c.out.Approval)
	c.applyDecision(ctx, rules.DecideMission(c.facts()))
	if !c.opsCanceled {
		// Cancelled by Update: what could not be undone waits for ops.
		c.awaitOps(ctx)
	}
	c.closeCase(ctx)
}

// cancelledApproval ends a pending approval with the case.
func cancelledApproval(a string) string {
	if a == contract.ApprovalPending {
		return contract.ApprovalDeclined
	}
	return a
}

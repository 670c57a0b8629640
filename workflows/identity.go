package workflows

import (
	"strconv"

	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// Who sent an Update (docs/contract.md, "Who did what"): in the cluster shape
// the frontend authenticates every caller and puts its principal in the
// Update's header (contract.HeaderPrincipal), overwriting whatever the caller
// put there; the handlers read it from their context. Without the header the
// server has no authorizer (the loopback-only default, the test
// environment): the trace says so.

// principal is the authenticated sender of the Update being handled; false
// when the server authenticated nobody.
func principal(ctx workflow.Context) (contract.Principal, bool) {
	return contract.PrincipalOf(interceptor.WorkflowHeader(ctx))
}

// sender names the sender of the Update being handled for the trace: the
// authenticated identity (or "unauthenticated"), with what the sender typed
// (operator, by) beside it, never instead of it.
func sender(ctx workflow.Context, typed string) string {
	who := "unauthenticated"
	if p, ok := principal(ctx); ok {
		who = p.Identity()
	}
	if typed != "" {
		who += " (typed " + strconv.Quote(typed) + ")"
	}
	return who
}

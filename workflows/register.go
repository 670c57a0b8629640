package workflows

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
)

// Registry is what a worker (or a test environment) registers on.
type Registry interface {
	RegisterWorkflowWithOptions(w any, options workflow.RegisterOptions)
	RegisterActivityWithOptions(a any, options activity.RegisterOptions)
}

// Register registers the case workflow and its warranty claim (a child
// workflow) under their contract names, and the activities they call.
func Register(r Registry, a *activities.Activities) {
	r.RegisterWorkflowWithOptions(BreakdownCase, workflow.RegisterOptions{Name: contract.WorkflowType})
	r.RegisterWorkflowWithOptions(WarrantyClaim, workflow.RegisterOptions{Name: contract.ClaimWorkflowType})
	r.RegisterActivityWithOptions(a, activity.RegisterOptions{})
}

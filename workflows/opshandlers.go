package workflows

import (
	"errors"
	"fmt"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract/strictjson"
)

// The resolve and acknowledge Updates: ops handle the case's alerts
// (docs/ops.md). A refusal names the field and the reason.

func (c *caseRun) validateResolve(_ workflow.Context, r contract.ResolveRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return c.checkOpen(r.Kind)
}

func (c *caseRun) onResolve(ctx workflow.Context, r contract.ResolveRequest) (contract.OpsReceipt, error) {
	c.handle(ctx, r.Kind, contract.HandledResolved, r.Operator, r.Action, r.Note)
	c.trace(ctx, "ops_resolved_alert", "%s resolved %s: %s%s", r.Operator, r.Kind, r.Action, note(r.Note))
	c.indexAlerts(ctx)
	return contract.OpsReceipt{Stage: c.out.Stage, OpsAttention: nonNil(c.openKinds())}, nil
}

func (c *caseRun) validateAcknowledge(_ workflow.Context, r contract.AcknowledgeRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return c.checkOpen(r.Kind)
}

func (c *caseRun) onAcknowledge(ctx workflow.Context, r contract.AcknowledgeRequest) (contract.OpsReceipt, error) {
	c.handle(ctx, r.Kind, contract.HandledAcknowledged, r.Operator, "", r.Note)
	c.trace(ctx, "ops_acknowledged", "%s acknowledged %s%s", r.Operator, r.Kind, note(r.Note))
	c.indexAlerts(ctx)
	return contract.OpsReceipt{Stage: c.out.Stage, OpsAttention: nonNil(c.openKinds())}, nil
}

// checkOpen refuses to handle a kind the case has no open alert of.
func (c *caseRun) checkOpen(kind contract.AlertKind) error {
	if err := closedError(c); err != nil {
		return err
	}
	open := c.openKinds()
	for _, k := range open {
		if k == kind {
			return nil
		}
	}
	if len(open) == 0 {
		return &strictjson.FieldError{Field: "kind", Reason: fmt.Sprintf("the case has no open %s alert: it has no alert waiting for ops", kind)}
	}
	return &strictjson.FieldError{Field: "kind", Reason: fmt.Sprintf("the case has no open %s alert; open: %s", kind, joinKinds(open))}
}

// refuseAwaitingOps refuses a change that comes too late for a case whose
// decision is made and told.
func refuseAwaitingOps(c *caseRun, what string) error {
	if c.out.Stage == contract.StageAwaitingOps {
		return errors.New("the mission is already decided (" + string(c.out.Mission) + ") and told: " + what)
	}
	return nil
}

func note(n string) string {
	if n == "" {
		return ""
	}
	return " (" + n + ")"
}

func nonNil(k []contract.AlertKind) []contract.AlertKind {
	if k == nil {
		return []contract.AlertKind{}
	}
	return k
}

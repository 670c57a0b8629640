package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
)

// Ops handle the case's alerts: the resolve and acknowledge Updates
// (docs/ops.md), and the Updates of other parts that answer an alert
// (answered). A refusal names the field and the reason.

// register sets up the resolve and acknowledge Updates.
func (o *opsInbox) register(ctx workflow.Context) error {
	if err := workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateResolve, o.onResolve, workflow.UpdateHandlerOptions{
		Validator: o.validateResolve, Description: "Ops say what they did about an alert that needs a person: {kind, operator, action, note?}.",
	}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateAcknowledge, o.onAcknowledge, workflow.UpdateHandlerOptions{
		Validator: o.validateAcknowledge, Description: "Ops have seen an informative alert: {kind, operator, note?}.",
	})
}

// handle marks the open alerts of a kind as handled; it returns how many.
func (o *opsInbox) handle(ctx workflow.Context, kind contract.AlertKind, how, operator, action, note string) int {
	n := 0
	for i := range o.file.out.OpsAlerts {
		a := &o.file.out.OpsAlerts[i]
		if a.Open() && a.Kind == kind {
			a.Handled, a.HandledAt = how, workflow.Now(ctx).UTC().Format(time.RFC3339)
			a.Operator, a.Action, a.Note = operator, action, note
			n++
		}
	}
	return n
}

// answered clears the open alerts that an Update ops already send answers
// (contract.AlertKind.AnsweredBy), e.g. an override answers an expired approval.
func (o *opsInbox) answered(ctx workflow.Context, answer contract.OpsAnswer, operator, why string) {
	var cleared []contract.AlertKind
	for _, k := range o.openKinds() {
		if k.AnsweredBy(answer) && o.handle(ctx, k, contract.HandledAnsweredPrefix+string(answer), operator, string(answer), why) > 0 {
			cleared = append(cleared, k)
		}
	}
	if len(cleared) == 0 {
		return
	}
	o.file.trace(ctx, "ops_answered", "%s%s answers the alerts %s", answer, by(operator), joinKinds(cleared))
	o.show(ctx)
}

// validateResolve accepts a resolution of an open alert.
func (o *opsInbox) validateResolve(_ workflow.Context, r contract.ResolveRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return o.checkOpen(r.Kind)
}

// onResolve records what ops did about the alerts of a kind.
func (o *opsInbox) onResolve(ctx workflow.Context, r contract.ResolveRequest) (contract.OpsReceipt, error) {
	o.handle(ctx, r.Kind, contract.HandledResolved, r.Operator, r.Action, r.Note)
	o.file.trace(ctx, "ops_resolved_alert", "%s resolved %s: %s%s", sender(ctx, r.Operator), r.Kind, r.Action, note(r.Note))
	o.show(ctx)
	return contract.OpsReceipt{Stage: o.file.out.Stage, OpsAttention: nonNil(o.openKinds())}, nil
}

// validateAcknowledge accepts an acknowledgement of an open alert.
func (o *opsInbox) validateAcknowledge(_ workflow.Context, r contract.AcknowledgeRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return o.checkOpen(r.Kind)
}

// onAcknowledge records that ops saw the alerts of a kind.
func (o *opsInbox) onAcknowledge(ctx workflow.Context, r contract.AcknowledgeRequest) (contract.OpsReceipt, error) {
	o.handle(ctx, r.Kind, contract.HandledAcknowledged, r.Operator, "", r.Note)
	o.file.trace(ctx, "ops_acknowledged", "%s acknowledged %s%s", sender(ctx, r.Operator), r.Kind, note(r.Note))
	o.show(ctx)
	return contract.OpsReceipt{Stage: o.file.out.Stage, OpsAttention: nonNil(o.openKinds())}, nil
}

// checkOpen refuses to handle a kind the case has no open alert of.
func (o *opsInbox) checkOpen(kind contract.AlertKind) error {
	if err := o.file.closed(); err != nil {
		return err
	}
	open := o.openKinds()
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

// note is an operator's note, in brackets, or nothing.
func note(n string) string {
	if n == "" {
		return ""
	}
	return " (" + n + ")"
}

// nonNil is kinds, an empty list rather than none.
func nonNil(k []contract.AlertKind) []contract.AlertKind {
	if k == nil {
		return []contract.AlertKind{}
	}
	return k
}

// by names who did something, in brackets, or nothing.
func by(who string) string {
	if who == "" {
		return ""
	}
	return " (" + who + ")"
}

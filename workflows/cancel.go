package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// register sets up the override_decision and cancel Updates.
func (k *closing) register(ctx workflow.Context) error {
	if err := workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateOverrideDecision, k.onOverride, workflow.UpdateHandlerOptions{
		Validator: k.validateOverride, Description: "Ops override the proposed mission decision: {mission, reason, operator?}.",
	}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateCancel, k.onCancel, workflow.UpdateHandlerOptions{
		Validator:   k.validateCancel,
		Description: "Cancel the case: {by: client|ops, reason}. Open assignments and the services ordered are cancelled at their providers.",
	})
}

// cancelled reports whether the case is being cancelled (by Update or by a
// cancellation request).
func (k *closing) cancelled(ctx workflow.Context) bool {
	return k.cancelBy != "" || ctx.Err() != nil
}

// compensate undoes what a cancelled case had ordered: it walks the undo list
// (undo.go) in reverse, so an assignment still open with a provider (or a
// request whose answer had not come back), the additional services ordered and
// the warranty claim are cancelled; then the mission is decided and the case
// closes. It runs on a disconnected context, so it completes even while the
// workflow itself is being cancelled (by a cancellation request: it then
// returns the cancellation).
func (k *closing) compensate(parent workflow.Context) error {
	k.opsCanceled = parent.Err() != nil
	ctx, _ := workflow.NewDisconnectedContext(parent)
	f := k.file
	if k.cancelBy == "" {
		k.cancelBy, k.cancelWhy = contract.CancelledByOps, "cancellation requested"
	}
	f.out.Cancelled = true
	f.trace(ctx, "cancelled", "case cancelled by %s: %s", k.cancelBy, k.cancelWhy)

	k.undos.undoAll(ctx, "case cancelled by "+k.cancelBy+": "+k.cancelWhy)
	k.approval.cancel()
	k.applyDecision(ctx, rules.DecideMission(k.missionFacts()))
	if !k.opsCanceled {
		// Cancelled by Update: what could not be undone waits for ops.
		k.awaitOps(ctx)
	}
	k.closeCase(ctx)
	if k.opsCanceled {
		return temporal.NewCanceledError("case cancelled by ops")
	}
	return nil
}

// validateCancel accepts one cancellation of an open case not yet decided.
func (k *closing) validateCancel(_ workflow.Context, r contract.CancelRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if k.cancelBy != "" {
		return fmt.Errorf("the case is already being cancelled by %s", k.cancelBy)
	}
	if k.file.out.Stage == contract.StageAwaitingOps {
		return errors.New("the mission is already decided (" + string(k.file.out.Mission) + ") and told: resolve its alerts, or override the decision")
	}
	return k.file.closed()
}

// onCancel cancels the case and answers once it closed (or waits for ops).
func (k *closing) onCancel(ctx workflow.Context, r contract.CancelRequest) (contract.Outcome, error) {
	k.cancelBy, k.cancelWhy = r.By, r.Reason
	k.file.trace(ctx, "cancel_received", "%s cancels the case for the %s", sender(ctx, ""), r.By)
	k.ops.answered(ctx, contract.AnswerCancel, r.By, r.Reason)
	k.cancelCase()
	if err := workflow.Await(ctx, func() bool {
		return k.file.out.Stage == contract.StageClosed || k.file.out.Stage == contract.StageAwaitingOps
	}); err != nil {
		return k.file.snapshot(k.dispatch.promise.at), err
	}
	return k.file.snapshot(k.dispatch.promise.at), nil
}

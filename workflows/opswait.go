package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// awaitOps keeps a case whose decision is made and told open while an alert
// needs a person: ops resolve it (Update resolve), or override the decision
// (applied at once), or the ops window ends. Ops are reminded every
// OpsReminderEvery. It reports whether the case waited.
func (k *closing) awaitOps(ctx workflow.Context) bool {
	f, ops := k.file, k.ops
	if !ops.needsPerson() {
		return false
	}
	window, every := f.settings.OpsWindows()
	deadline := workflow.Now(ctx).Add(window)
	kinds := joinKinds(ops.openKinds())
	f.enter(ctx, contract.StageAwaitingOps, "decision made and told; waiting for ops to resolve: "+kinds)
	f.trace(ctx, "awaiting_ops", "mission %s; alerts waiting for a person: %s (ops window %s)", f.out.Mission, kinds, window)
	for reminder := 1; ; reminder++ {
		wait := min(every, deadline.Sub(workflow.Now(ctx)))
		woke, err := waitFor(ctx, wait, "ops resolve "+joinKinds(ops.openKinds()), func() bool {
			return !ops.needsPerson() || k.overridePending()
		})
		if err != nil {
			f.trace(ctx, "ops_window_ended", "the case was cancelled while waiting for ops; alerts kept: %s", joinKinds(ops.openKinds()))
			return true
		}
		if woke && k.overridePending() {
			k.applyOverride(ctx)
			reminder--
			continue
		}
		if woke {
			f.trace(ctx, "ops_resolved", "every alert that needed a person is handled")
			return true
		}
		if !workflow.Now(ctx).Before(deadline) {
			f.trace(ctx, "ops_window_ended", "nobody handled %s within %s: the case closes as it is, the alerts kept for the record",
				joinKinds(ops.openKinds()), window)
			return true
		}
		ops.remind(ctx, reminder)
	}
}

// overridePending reports whether ops overrode the decision after it was applied.
func (k *closing) overridePending() bool { return k.override != nil && !k.overrideApplied }

// applyOverride applies ops' decision on the mission, told like any decision.
func (k *closing) applyOverride(ctx workflow.Context) {
	o := k.override
	k.overrideApplied = true
	k.applyDecision(ctx, contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps})
	k.file.enter(ctx, contract.StageAwaitingOps, "ops decided "+string(o.Mission)+"; waiting for ops to resolve: "+joinKinds(k.ops.openKinds()))
}

// validateOverride accepts one override of a qualified case's decision.
func (k *closing) validateOverride(_ workflow.Context, o contract.OverrideRequest) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if k.qual.result == nil {
		return errors.New("the case is not qualified yet: there is no decision to override")
	}
	if k.override != nil {
		return fmt.Errorf("ops already overrode the decision (%s)", k.override.Mission)
	}
	if k.file.out.Stage == contract.StageAwaitingOps && k.cancelBy != "" {
		return errors.New("the case was cancelled: there is no decision left to override")
	}
	return k.file.closed()
}

// onOverride takes ops' decision on the mission.
func (k *closing) onOverride(ctx workflow.Context, o contract.OverrideRequest) (contract.MissionDecision, error) {
	k.override = &o
	k.file.trace(ctx, "decision_overridden", "%s decided %s: %s", sender(ctx, o.Operator), o.Mission, o.Reason)
	k.ops.answered(ctx, contract.AnswerOverride, o.Operator, o.Reason)
	return contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps}, nil
}

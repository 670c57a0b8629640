package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// Ops' inbox (docs/ops.md): every alert is kept on the case, its kind listed in
// search attribute OpsAttention until ops handle it. A case with an alert that
// needs a person waits in stage awaiting_ops, once its decision is made and
// told, for ops to resolve it; ops are reminded meanwhile. Nobody in the ops
// window: the case closes as it would have, the alert kept for the record.

// keepAlert records a raised alert on the case and shows its kind to ops.
func (c *caseRun) keepAlert(ctx workflow.Context, kind contract.AlertKind, reason string) {
	c.out.OpsAlerts = append(c.out.OpsAlerts, contract.OpsAlertRecord{
		Kind: kind, Reason: reason, RaisedAt: workflow.Now(ctx).UTC().Format(time.RFC3339),
	})
	c.indexAlerts(ctx)
}

// openKinds lists the kinds of the alerts not handled yet, sorted, once each.
func (c *caseRun) openKinds() []contract.AlertKind {
	var kinds []contract.AlertKind
	for _, a := range c.out.OpsAlerts {
		if a.Open() && !slices.Contains(kinds, a.Kind) {
			kinds = append(kinds, a.Kind)
		}
	}
	slices.Sort(kinds)
	return kinds
}

// needsPerson reports whether an open alert keeps the case waiting for ops.
func (c *caseRun) needsPerson() bool {
	for _, k := range c.openKinds() {
		if k.NeedsPerson() {
			return true
		}
	}
	return false
}

// indexAlerts sets OpsAttention and OpsSince from the open alerts, or unsets
// them when none is left; it writes only when the open kinds changed.
func (c *caseRun) indexAlerts(ctx workflow.Context) {
	kinds := c.openKinds()
	if slices.Equal(kinds, c.opsIndexed) {
		return
	}
	var updates []temporal.SearchAttributeUpdate
	if len(kinds) == 0 {
		updates = append(updates, contract.AttrOpsAttention.ValueUnset(), contract.AttrOpsSince.ValueUnset())
	} else {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		updates = append(updates, contract.AttrOpsAttention.ValueSet(names), contract.AttrOpsSince.ValueSet(c.oldestOpen()))
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		workflow.GetLogger(ctx).Warn("ops search attributes not updated", "error", err)
		return
	}
	c.opsIndexed = kinds
}

// oldestOpen is when the oldest open alert was raised.
func (c *caseRun) oldestOpen() time.Time {
	var oldest time.Time
	for _, a := range c.out.OpsAlerts {
		at, err := time.Parse(time.RFC3339, a.RaisedAt)
		if a.Open() && err == nil && (oldest.IsZero() || at.Before(oldest)) {
			oldest = at
		}
	}
	return oldest
}

// handle marks the open alerts of a kind as handled.
func (c *caseRun) handle(ctx workflow.Context, kind contract.AlertKind, how, operator, action, note string) int {
	n := 0
	for i := range c.out.OpsAlerts {
		a := &c.out.OpsAlerts[i]
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
func (c *caseRun) answered(ctx workflow.Context, answer contract.OpsAnswer, operator, why string) {
	var cleared []string
	for _, k := range c.openKinds() {
		if k.AnsweredBy(answer) && c.handle(ctx, k, contract.HandledAnsweredPrefix+string(answer), operator, string(answer), why) > 0 {
			cleared = append(cleared, string(k))
		}
	}
	if len(cleared) == 0 {
		return
	}
	c.trace(ctx, "ops_answered", "%s%s answers the alerts %s", answer, by(operator), strings.Join(cleared, ", "))
	c.indexAlerts(ctx)
}

// awaitOps keeps a case whose decision is made and told open while an alert
// needs a person: ops resolve it (Update resolve), or override the decision, or
// the ops window ends. Ops are reminded every OpsReminderEvery. It reports
// whether the case waited.
func (c *caseRun) awaitOps(ctx workflow.Context) bool {
	if !c.needsPerson() {
		return false
	}
	window, every := c.settings.OpsWindows()
	deadline := workflow.Now(ctx).Add(window)
	kinds := joinKinds(c.openKinds())
	c.enter(ctx, contract.StageAwaitingOps, "decision made and told; waiting for ops to resolve: "+kinds)
	c.trace(ctx, "awaiting_ops", "mission %s; alerts waiting for a person: %s (ops window %s)", c.out.Mission, kinds, window)
	for reminder := 1; ; reminder++ {
		wait := min(every, deadline.Sub(workflow.Now(ctx)))
		woke, err := waitFor(ctx, wait, "ops resolve "+joinKinds(c.openKinds()), func() bool {
			return !c.needsPerson() || c.overridePending()
		})
		if err != nil {
			c.trace(ctx, "ops_window_ended", "the case was cancelled while waiting for ops; alerts kept: %s", joinKinds(c.openKinds()))
			return true
		}
		if woke && c.overridePending() {
			c.applyOverride(ctx)
			reminder--
			continue
		}
		if woke {
			c.trace(ctx, "ops_resolved", "every alert that needed a person is handled")
			return true
		}
		if !workflow.Now(ctx).Before(deadline) {
			c.trace(ctx, "ops_window_ended", "nobody handled %s within %s: the case closes as it is, the alerts kept for the record",
				joinKinds(c.openKinds()), window)
			return true
		}
		c.remindOps(ctx, reminder)
	}
}

// overridePending reports whether ops overrode the decision after it was applied.
func (c *caseRun) overridePending() bool { return c.override != nil && !c.overrideApplied }

// applyOverride applies ops' decision on the mission, told like any decision.
func (c *caseRun) applyOverride(ctx workflow.Context) {
	o := c.override
	c.overrideApplied = true
	c.applyDecision(ctx, contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps})
	c.enter(ctx, contract.StageAwaitingOps, "ops decided "+string(o.Mission)+"; waiting for ops to resolve: "+joinKinds(c.openKinds()))
}

// remindOps sends the open alerts that need a person again.
func (c *caseRun) remindOps(ctx workflow.Context, n int) {
	for _, a := range c.out.OpsAlerts {
		if !a.Open() || !a.Kind.NeedsPerson() {
			continue
		}
		r := activities.OpsAlert{CaseID: c.caseID, MissionID: c.report.MissionID, Kind: a.Kind, NeedsPerson: true,
			Reason: a.Reason, Reminder: n}
		if err := c.quick(ctx, fmt.Sprintf("remind ops: %s", a.Kind), nil, acts.AlertOps, r); err != nil {
			if isCancel(ctx, err) {
				return
			}
			c.trace(ctx, "ops_not_reminded", "could not remind ops of %s (%v)", a.Kind, err)
			continue
		}
		c.trace(ctx, "ops_reminded", "reminder %d: %s waits since %s: %s", n, a.Kind, a.RaisedAt, a.Reason)
	}
}

func joinKinds(kinds []contract.AlertKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// opsInbox is ops' inbox on a case (docs/ops.md): every alert raised is sent
// to ops and kept on the case, its kind listed in search attribute
// OpsAttention (with OpsSince) until ops handle it (opshandlers.go). Closing
// the case waits for ops while an alert needs a person (opswait.go).
type opsInbox struct {
	file  *caseFile
	calls *calls
	// shown are the open kinds the search attributes last listed.
	shown []contract.AlertKind
}

// alert raises an alert of a kind for ops staff (contract.AlertKind says which
// kinds need a person). Sent or not, the alert stays on the case, where ops
// see it in the Web UI.
func (o *opsInbox) alert(ctx workflow.Context, kind contract.AlertKind, format string, args ...any) {
	a := activities.OpsAlert{CaseID: o.file.caseID, MissionID: o.file.report.MissionID, Kind: kind, NeedsPerson: kind.NeedsPerson(),
		Reason: fmt.Sprintf(format, args...)}
	if err := o.calls.quick(ctx, "alert ops: "+string(kind), nil, acts.AlertOps, a); err != nil {
		o.file.trace(ctx, "ops_not_alerted", "could not alert ops of %s (%v): %s", kind, err, a.Reason)
	} else {
		o.file.trace(ctx, "ops_alerted", "%s: %s", kind, a.Reason)
	}
	o.file.out.OpsAlerts = append(o.file.out.OpsAlerts, contract.OpsAlertRecord{
		Kind: kind, Reason: a.Reason, RaisedAt: workflow.Now(ctx).UTC().Format(time.RFC3339),
	})
	o.show(ctx)
}

// undoFailed reports an order of the case that could not be taken back: it
// is traced and handed to ops.
func (o *opsInbox) undoFailed(ctx workflow.Context, u undo, err error) {
	o.file.trace(ctx, "compensation_failed", "could not cancel %s: %v", u.what, err)
	o.alert(ctx, contract.AlertCompensationFailed, "%s", u.byHand)
}

// openKinds lists the kinds of the alerts not handled yet, sorted, once each.
func (o *opsInbox) openKinds() []contract.AlertKind {
	var kinds []contract.AlertKind
	for _, a := range o.file.out.OpsAlerts {
		if a.Open() && !slices.Contains(kinds, a.Kind) {
			kinds = append(kinds, a.Kind)
		}
	}
	slices.Sort(kinds)
	return kinds
}

// needsPerson reports whether an open alert keeps the case waiting for ops.
func (o *opsInbox) needsPerson() bool {
	for _, k := range o.openKinds() {
		if k.NeedsPerson() {
			return true
		}
	}
	return false
}

// show sets OpsAttention and OpsSince from the open alerts, or unsets them
// when none is left; it writes only when the open kinds changed.
func (o *opsInbox) show(ctx workflow.Context) {
	kinds := o.openKinds()
	if slices.Equal(kinds, o.shown) {
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
		updates = append(updates, contract.AttrOpsAttention.ValueSet(names), contract.AttrOpsSince.ValueSet(o.oldestOpen()))
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		workflow.GetLogger(ctx).Warn("ops search attributes not updated", "error", err)
		return
	}
	o.shown = kinds
}

// oldestOpen is when the oldest open alert was raised.
func (o *opsInbox) oldestOpen() time.Time {
	var oldest time.Time
	for _, a := range o.file.out.OpsAlerts {
		at, err := time.Parse(time.RFC3339, a.RaisedAt)
		if a.Open() && err == nil && (oldest.IsZero() || at.Before(oldest)) {
			oldest = at
		}
	}
	return oldest
}

// remind sends the open alerts that need a person again (reminder n).
func (o *opsInbox) remind(ctx workflow.Context, n int) {
	for _, a := range o.file.out.OpsAlerts {
		if !a.Open() || !a.Kind.NeedsPerson() {
			continue
		}
		r := activities.OpsAlert{CaseID: o.file.caseID, MissionID: o.file.report.MissionID, Kind: a.Kind, NeedsPerson: true,
			Reason: a.Reason, Reminder: n}
		if err := o.calls.quick(ctx, fmt.Sprintf("remind ops: %s", a.Kind), nil, acts.AlertOps, r); err != nil {
			if isCancel(ctx, err) {
				return
			}
			o.file.trace(ctx, "ops_not_reminded", "could not remind ops of %s (%v)", a.Kind, err)
			continue
		}
		o.file.trace(ctx, "ops_reminded", "reminder %d: %s waits since %s: %s", n, a.Kind, a.RaisedAt, a.Reason)
	}
}

// joinKinds names alert kinds, comma-separated.
func joinKinds(kinds []contract.AlertKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// watchHistory alerts ops once when the case's history passes
// contract.HistoryLargeEvents events or contract.HistoryLargeBytes bytes,
// long before Temporal cuts it off (docs/security.md, "Limits"). The server
// gives both figures at each workflow task, and the condition is checked at
// each one: whatever fills the history, a flood of Signals or a case that
// never ends, ops hear of it.
func (o *opsInbox) watchHistory(ctx workflow.Context) {
	workflow.Go(ctx, func(ctx workflow.Context) {
		large := func() bool {
			info := workflow.GetInfo(ctx)
			return info.GetCurrentHistoryLength() > contract.HistoryLargeEvents || info.GetCurrentHistorySize() > contract.HistoryLargeBytes
		}
		if err := workflow.Await(ctx, large); err != nil {
			return
		}
		info := workflow.GetInfo(ctx)
		o.alert(ctx, contract.AlertHistoryLarge, "the history of mission %s's case holds %d events, %.1f MiB (alert past %d events or %d MiB; Temporal ends a case at 51,200 events or 50 MiB): find what fills it",
			o.file.report.MissionID, info.GetCurrentHistoryLength(), float64(info.GetCurrentHistorySize())/(1<<20),
			contract.HistoryLargeEvents, contract.HistoryLargeBytes>>20)
	})
}

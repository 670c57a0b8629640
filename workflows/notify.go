package workflows

import (
	"fmt"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// loadSettings reads the client's windows once, when the case opens.
func (c *caseRun) loadSettings(ctx workflow.Context) rules.Settings {
	var s rules.Settings
	if err := c.quick(ctx, "settings of "+c.report.ClientID, &s, acts.LoadSettings, c.report.ClientID); err != nil {
		c.trace(ctx, "settings_default", "could not load the client's settings (%v): default windows apply", err)
		return rules.DefaultSettings()
	}
	return s
}

// signLinks gets the signed links to the case's pages, once, when the case
// opens (the workflow signs nothing itself). Without them the case goes on and
// its notices carry no links.
func (c *caseRun) signLinks(ctx workflow.Context) {
	var l contract.CaseLinks
	if err := c.quick(ctx, "sign the links to the case's pages", &l, acts.SignLinks, c.caseID); err != nil {
		if isCancel(ctx, err) {
			return
		}
		c.trace(ctx, "links_not_signed", "the links to the case's pages could not be signed (%v): notices go without them", err)
		return
	}
	c.links = l
}

// notify tells the client a key step. A notice that cannot be delivered is
// traced and alerted, never allowed to stop the assistance.
func (c *caseRun) notify(ctx workflow.Context, kind contract.NoticeKind, format string, args ...any) {
	n := activities.ClientNotice{
		CaseID: c.caseID, MissionID: c.report.MissionID, ClientID: c.report.ClientID,
		Kind: kind, Message: fmt.Sprintf(format, args...), TrackingURL: c.links.Tracking,
	}
	if kind == contract.NoticeApprovalRequested || kind == contract.NoticeApprovalReminder {
		n.ApprovalURL = c.links.Approval
	}
	if err := c.quick(ctx, "tell the client: "+string(kind), nil, acts.NotifyClient, n); err != nil {
		if isCancel(ctx, err) {
			return
		}
		c.trace(ctx, "client_not_notified", "could not send %s to the client: %v", kind, err)
		return
	}
	c.out.ClientNotified = append(c.out.ClientNotified, kind)
	c.trace(ctx, "client_notified", "%s: %s", kind, n.Message)
}

// alertOps raises an alert of a kind for ops staff (contract.AlertKind says
// which kinds need a person).
func (c *caseRun) alertOps(ctx workflow.Context, kind contract.AlertKind, format string, args ...any) {
	a := activities.OpsAlert{CaseID: c.caseID, MissionID: c.report.MissionID, Kind: kind, NeedsPerson: kind.NeedsPerson(),
		Reason: fmt.Sprintf(format, args...)}
	if err := c.quick(ctx, "alert ops: "+string(kind), nil, acts.AlertOps, a); err != nil {
		c.trace(ctx, "ops_not_alerted", "could not alert ops of %s (%v): %s", kind, err, a.Reason)
	} else {
		c.trace(ctx, "ops_alerted", "%s: %s", kind, a.Reason)
	}
	// Sent or not, the alert stays on the case, where ops see it in the Web UI.
	c.keepAlert(ctx, kind, a.Reason)
}

// updateMission tells the mission system what becomes of the mission.
func (c *caseRun) updateMission(ctx workflow.Context, d contract.MissionDecision) {
	u := activities.MissionUpdate{
		IdempotencyKey: c.caseID + "/mission/" + string(d.Mission),
		CaseID:         c.caseID, MissionID: c.report.MissionID, Mission: d.Mission, Reason: d.Reason,
	}
	if err := c.quick(ctx, "mission "+string(d.Mission), nil, acts.UpdateMission, u); err != nil {
		c.alertOps(ctx, contract.AlertMissionNotUpdated, "the mission system did not take the decision %s (%v): update mission %s by hand", d.Mission, err, c.report.MissionID)
	}
}

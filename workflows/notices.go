package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// notifier tells the people and systems around the case: the client (every key
// step, step 7 of the procedure), the valet (a position link, the services on
// offer) and the mission system (what becomes of the mission). A notice that
// cannot be delivered never stops the assistance.
type notifier struct {
	file  *caseFile
	calls *calls
	ops   *opsInbox
}

// notify tells the client a key step. A notice that cannot be delivered is
// traced.
func (n *notifier) notify(ctx workflow.Context, kind contract.NoticeKind, format string, args ...any) {
	f := n.file
	c := activities.ClientNotice{
		CaseID: f.caseID, MissionID: f.report.MissionID, ClientID: f.report.ClientID,
		Kind: kind, Message: fmt.Sprintf(format, args...), TrackingURL: f.links.Tracking,
	}
	if kind == contract.NoticeApprovalRequested || kind == contract.NoticeApprovalReminder {
		c.ApprovalURL = f.links.Approval
	}
	if err := n.calls.quick(ctx, "tell the client: "+string(kind), nil, acts.NotifyClient, c); err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "client_not_notified", "could not send %s to the client: %v", kind, err)
		return
	}
	f.out.ClientNotified = append(f.out.ClientNotified, kind)
	f.trace(ctx, "client_notified", "%s: %s", kind, c.Message)
}

// sendPositionLink sends the valet a link to share where the vehicle stands.
func (n *notifier) sendPositionLink(ctx workflow.Context) error {
	f := n.file
	v := activities.ValetNotice{
		CaseID: f.caseID, MissionID: f.report.MissionID, ValetID: f.report.ValetID,
		Kind:    contract.ValetNoticePositionRequested,
		Message: "Open this link to send us where the vehicle " + f.report.Vehicle.Plate + " stands.",
	}
	return n.calls.quick(ctx, "send the valet a position link", nil, acts.RequestPosition, v)
}

// offerServices offers the valet, the program's beneficiary, the additional
// services it may choose from.
func (n *notifier) offerServices(ctx workflow.Context, offer activities.ServiceOffer) error {
	return n.calls.quick(ctx, "offer services to the beneficiary", nil, acts.OfferServices, offer)
}

// updateMission tells the mission system what becomes of the mission; ops
// are alerted when it does not take it.
func (n *notifier) updateMission(ctx workflow.Context, d contract.MissionDecision) {
	f := n.file
	u := activities.MissionUpdate{
		IdempotencyKey: f.caseID + "/mission/" + string(d.Mission),
		CaseID:         f.caseID, MissionID: f.report.MissionID, Mission: d.Mission, Reason: d.Reason,
	}
	if err := n.calls.quick(ctx, "mission "+string(d.Mission), nil, acts.UpdateMission, u); err != nil {
		n.ops.alert(ctx, contract.AlertMissionNotUpdated, "the mission system did not take the decision %s (%v): update mission %s by hand", d.Mission, err, f.report.MissionID)
	}
}

package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// notifier tells the people and systems around the case: the client (every key
// step, step 7 of the procedure), the valet (a position link, each dispatch,
// each service ordered, the services on offer) and the mission system (what
// becomes of the mission). A notice is a kind and its facts
// (contract.NoticeFacts), never prose: the activity writes it in the reader's
// language. A notice that cannot be delivered never stops the assistance.
type notifier struct {
	file  *caseFile
	calls *calls
	ops   *opsInbox
}

// notify tells the client a key step: kind, with facts (the mission and the
// plate are added). A notice the client's endpoint does not take after the
// notifier's retries is traced, and ops are alerted once per case
// (client_not_notified) to reach the client another way.
func (n *notifier) notify(ctx workflow.Context, kind contract.NoticeKind, facts contract.NoticeFacts) {
	f := n.file
	facts.MissionID, facts.Plate = f.report.MissionID, f.report.Vehicle.Plate
	c := activities.ClientNotice{
		CaseID: f.caseID, MissionID: f.report.MissionID, ClientID: f.report.ClientID,
		Kind: kind, Facts: &facts, Language: f.settings.Language, TrackingURL: f.links.Tracking,
	}
	if kind == contract.NoticeApprovalRequested || kind == contract.NoticeApprovalReminder {
		c.ApprovalURL = f.links.Approval
	}
	var receipt activities.NoticeReceipt
	if err := n.calls.quick(ctx, "tell the client: "+string(kind), &receipt, acts.NotifyClient, c); err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "client_not_notified", "could not send %s to the client: %v", kind, err)
		if !contract.AlertClientNotNotified.OncePerCase() || !f.out.Alerted(contract.AlertClientNotNotified) {
			n.ops.alert(ctx, contract.AlertClientNotNotified, "the client of mission %s did not take the notice %s (%v): reach the client another way",
				f.report.MissionID, kind, err)
		}
		return
	}
	f.out.ClientNotified = append(f.out.ClientNotified, kind)
	f.trace(ctx, "client_notified", "%s: %s", kind, receipt.Message)
}

// notifyValet sends the valet's app a notice: kind, with facts (the mission
// and the plate are added) and the link the valet opens. A notice that cannot
// be delivered is traced.
func (n *notifier) notifyValet(ctx workflow.Context, kind contract.ValetNoticeKind, facts contract.NoticeFacts, link string) {
	f := n.file
	facts.MissionID, facts.Plate = f.report.MissionID, f.report.Vehicle.Plate
	v := activities.ValetNotice{
		CaseID: f.caseID, MissionID: f.report.MissionID, ValetID: f.report.ValetID,
		Kind: kind, Facts: &facts, Link: link,
	}
	var receipt activities.NoticeReceipt
	if err := n.calls.quick(ctx, "tell the valet: "+string(kind), &receipt, acts.NotifyValet, v); err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "valet_not_notified", "could not send %s to valet %s: %v", kind, f.report.ValetID, err)
		return
	}
	f.out.ValetNotified = append(f.out.ValetNotified, kind)
	f.trace(ctx, "valet_notified", "%s: %s", kind, receipt.Message)
}

// sendPositionLink sends the valet a link to share where the vehicle stands.
func (n *notifier) sendPositionLink(ctx workflow.Context) error {
	f := n.file
	v := activities.ValetNotice{
		CaseID: f.caseID, MissionID: f.report.MissionID, ValetID: f.report.ValetID,
		Kind:  contract.ValetPositionRequested,
		Facts: &contract.NoticeFacts{MissionID: f.report.MissionID, Plate: f.report.Vehicle.Plate},
	}
	if err := n.calls.quick(ctx, "send the valet a position link", nil, acts.RequestPosition, v); err != nil {
		return err
	}
	f.out.ValetNotified = append(f.out.ValetNotified, contract.ValetPositionRequested)
	return nil
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

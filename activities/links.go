package activities

import (
	"context"
	"fmt"

	"github.com/valetops/assistance/contract"
)

// LinkSigner signs the links to a case's pages (package links implements it).
// The workflow never signs anything itself: it asks this activity once, when
// the case opens, and hands out what it got.
type LinkSigner interface {
	// CaseLinks signs the client's tracking and approval links and the owner's report link.
	CaseLinks(caseID string) (contract.CaseLinks, error)
	// PositionURL signs the valet's position link.
	PositionURL(caseID string) (string, error)
}

// SignLinks returns the signed links to the case's pages the case hands out
// (tracking, report); with no signer configured (no pages served), no
// links. Run as a local activity. Never the approval link: what an activity
// returns stays in the case's history, which ops read in the Web UI; the
// approval notices sign it themselves (approvalLink).
func (a *Activities) SignLinks(_ context.Context, caseID string) (contract.CaseLinks, error) {
	if a.Links == nil {
		return contract.CaseLinks{}, nil
	}
	l, err := a.Links.CaseLinks(caseID)
	l.Approval = ""
	return l, err
}

// approvalLink gives an approval notice (approval_requested,
// approval_reminder) its approval link, signed now: the link goes only to
// the party that approves, never through the case's history.
func (a *Activities) approvalLink(n *ClientNotice) error {
	if a.Links == nil || n.ApprovalURL != "" ||
		(n.Kind != contract.NoticeApprovalRequested && n.Kind != contract.NoticeApprovalReminder) {
		return nil
	}
	l, err := a.Links.CaseLinks(n.CaseID)
	if err != nil {
		return fmt.Errorf("sign the approval link: %w", err)
	}
	n.ApprovalURL = l.Approval
	return nil
}

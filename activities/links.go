package activities

import (
	"context"

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

// SignLinks returns the signed links to the case's pages; with no signer
// configured (no pages served), no links. Run as a local activity.
func (a *Activities) SignLinks(_ context.Context, caseID string) (contract.CaseLinks, error) {
	if a.Links == nil {
		return contract.CaseLinks{}, nil
	}
	return a.Links.CaseLinks(caseID)
}

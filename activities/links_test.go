package activities

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract"
)

type fakeSigner struct{}

func (fakeSigner) CaseLinks(caseID string) (contract.CaseLinks, error) {
	return contract.CaseLinks{Tracking: "https://p.test/track/" + caseID, Approval: "https://p.test/approve/" + caseID,
		Report: "https://p.test/report/" + caseID}, nil
}

func (fakeSigner) PositionURL(caseID string) (string, error) {
	return "https://p.test/position/" + caseID, nil
}

// The approval link never goes through the case (SignLinks' result is kept in
// its history, which ops read in the Web UI): the approval notices sign it
// when they are sent, and only they carry it.
func TestTheApprovalLinkGoesOnlyInTheApprovalNotices(t *testing.T) {
	s := &sink{}
	a := &Activities{Notifier: s, Links: fakeSigner{}}
	l, err := a.SignLinks(context.Background(), "breakdown-M-1/r1")
	require.NoError(t, err)
	assert.Equal(t, contract.CaseLinks{Tracking: "https://p.test/track/breakdown-M-1/r1", Report: "https://p.test/report/breakdown-M-1/r1"}, l)

	for _, kind := range []contract.NoticeKind{contract.NoticeApprovalRequested, contract.NoticeApprovalReminder, contract.NoticeTowed} {
		_, err := a.NotifyClient(context.Background(), ClientNotice{CaseID: "breakdown-M-1/r1", Kind: kind, Message: "m", TrackingURL: l.Tracking})
		require.NoError(t, err)
	}
	require.Len(t, s.client, 3)
	assert.Equal(t, "https://p.test/approve/breakdown-M-1/r1", s.client[0].ApprovalURL)
	assert.Equal(t, "https://p.test/approve/breakdown-M-1/r1", s.client[1].ApprovalURL)
	assert.Empty(t, s.client[2].ApprovalURL, "no other notice carries it")
}

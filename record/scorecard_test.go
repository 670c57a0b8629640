package record_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/record"
)

// scorecardEntriesOfAPeriod: every request of a case is a row, read back
// with its answer, reason, first ETA and end, by the time it was sent and by
// provider; entries written before answers were kept read as acceptances
// whose first ETA is their promise.
func scorecardEntriesOfAPeriod(t *testing.T, s store) {
	st := s.open(t, keysFor(t, "k1"))
	ctx := context.Background()
	at := time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)
	ts := func(d time.Duration) string { return at.Add(d).Format(time.RFC3339) }
	_, err := st.Record(ctx, closedCase("M-OLD", "C-DEALER", "LGXCE4CB0P0000021", at)) // byd-assistance then partner-sud, no answers
	require.NoError(t, err)
	_, err = st.Record(ctx, closedCase("M-NEW", "C-DEALER", "LGXCE4CB0P0000022", at.Add(24*time.Hour), func(r *activities.CaseRecord) {
		r.Outcome.Scorecard = []contract.ProviderTimes{
			{Provider: "byd-assistance", AssignmentID: "O-1", Service: "assistance", RequestedAt: ts(24*time.Hour + 2*time.Minute),
				Answer: contract.AnswerRefused, AnsweredAt: ts(24*time.Hour + 4*time.Minute), Reason: "no_truck"},
			{Provider: "partner-sud", AssignmentID: "O-2", Service: "assistance", RequestedAt: ts(24*time.Hour + 4*time.Minute),
				Answer: contract.AnswerAccepted, AcceptedAt: ts(24*time.Hour + 5*time.Minute), ETASeconds: 1800,
				PromisedAt: ts(24*time.Hour + 45*time.Minute), OnSiteAt: ts(24*time.Hour + 44*time.Minute),
				UnsuccessfulAt: ts(24*time.Hour + 60*time.Minute), Ended: contract.MilestoneTowed, EndedAt: ts(24*time.Hour + 90*time.Minute)},
		}
	}))
	require.NoError(t, err)

	all, err := st.ScorecardEntries(ctx, record.ScorecardQuery{From: at, To: at.Add(48 * time.Hour)})
	require.NoError(t, err)
	require.Len(t, all, 4)
	old := all[0]
	assert.Equal(t, "byd-assistance", old.Provider)
	assert.Equal(t, contract.AnswerAccepted, old.Answer, "written before answers were kept: an acceptance")
	assert.Equal(t, 47*time.Minute, old.ETA, "its first ETA is its promise")
	assert.Equal(t, "eta_breached", old.Replaced)
	assert.Equal(t, contract.NatureHVBatteryDischarged, old.Nature)
	refused, accepted := all[2], all[3]
	assert.Equal(t, record.ScorecardEntry{CaseID: refused.CaseID, Seq: 0, Provider: "byd-assistance", AssignmentID: "O-1",
		Service: "assistance", Answer: contract.AnswerRefused, Reason: "no_truck", RequestedAt: at.Add(24*time.Hour + 2*time.Minute),
		AnsweredAt: at.Add(24*time.Hour + 4*time.Minute), Nature: contract.NatureHVBatteryDischarged}, refused)
	assert.Equal(t, 30*time.Minute, accepted.ETA)
	assert.Equal(t, at.Add(24*time.Hour+35*time.Minute), accepted.FirstPromise())
	assert.Equal(t, at.Add(24*time.Hour+44*time.Minute), accepted.OnSiteAt)
	assert.Equal(t, contract.MilestoneTowed, accepted.Ended)
	assert.Equal(t, at.Add(24*time.Hour+90*time.Minute), accepted.EndedAt)
	assert.Equal(t, at.Add(24*time.Hour+60*time.Minute), accepted.UnsuccessfulAt)

	day2, err := st.ScorecardEntries(ctx, record.ScorecardQuery{From: at.Add(24 * time.Hour), To: at.Add(48 * time.Hour), Provider: "partner-sud"})
	require.NoError(t, err)
	require.Len(t, day2, 1)
	assert.Equal(t, "O-2", day2[0].AssignmentID)
}

package scorecard

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/rules/partners"
)

// week is the period of the hand-counted cases: 2 to 8 March 2026.
var week = record.ScorecardQuery{From: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)}

// request is a scorecard entry written in minutes after its case's report.
type request struct {
	provider, answer, reason, replaced, service string
	requested, answered, accepted, eta          int // minutes; eta: the first ETA
	promised, onSite, unsuccessful, ended       int // minutes; 0: none (promised 0: accepted + eta)
	end                                         contract.MilestoneKind
}

// handCases are the cases of the test, each reported at its own hour, and the
// requests of each to alpha and beta. Cases 0 and 9 fall outside the week.
var handCases = []struct {
	at       time.Time
	requests []request
}{
	{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), []request{ // before the week
		{provider: "alpha", answer: "refused", reason: "no_driver", requested: 0, answered: 1}}},
	{time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), []request{ // 1: alpha on time, repaired
		{provider: "alpha", answer: "accepted", requested: 0, accepted: 2, eta: 30, onSite: 30, ended: 60, end: contract.MilestoneRepaired}}},
	{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), []request{ // 2: alpha refuses; beta late on its first promise, on time on its renewed one, tows
		{provider: "alpha", answer: "refused", reason: "no_driver", requested: 0, answered: 1},
		{provider: "beta", answer: "accepted", requested: 1, accepted: 4, eta: 20, promised: 40, onSite: 45, ended: 90, end: contract.MilestoneTowed}}},
	{time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC), []request{ // 3: alpha lets its offer expire; beta breaches, fails to repair, tows
		{provider: "alpha", answer: "expired", reason: "offer_expired", requested: 0},
		{provider: "beta", answer: "accepted", requested: 5, accepted: 6, eta: 24, onSite: 65, unsuccessful: 80, ended: 110, end: contract.MilestoneTowed}}},
	{time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC), []request{ // 4: alpha replaced for its broken promise; beta solves it by phone
		{provider: "alpha", answer: "accepted", requested: 0, accepted: 1, eta: 30, replaced: "eta_breached"},
		{provider: "beta", answer: "accepted", requested: 91, accepted: 92, eta: 10, onSite: 100, ended: 100, end: contract.MilestoneFixedByPhone}}},
	{time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC), []request{ // 5: alpha saturated; beta out of its area
		{provider: "alpha", answer: "saturated", requested: 0, answered: 30},
		{provider: "beta", answer: "refused", reason: "out_of_area", requested: 30, answered: 30}}},
	{time.Date(2026, 3, 6, 8, 0, 0, 0, time.UTC), []request{ // 6: beta unreachable; alpha on site on the minute of its promise, no vehicle there
		{provider: "beta", answer: "unreachable", requested: 0},
		{provider: "alpha", answer: "accepted", requested: 2, accepted: 3, eta: 40, onSite: 43, ended: 43, end: contract.MilestoneGoneOnArrival}}},
	{time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC), []request{ // 7: alpha's ETA too long, superseded by beta, on time, repaired
		{provider: "alpha", answer: "accepted", requested: 0, accepted: 1, eta: 150, replaced: "superseded"},
		{provider: "beta", answer: "accepted", requested: 1, accepted: 2, eta: 30, onSite: 32, ended: 60, end: contract.MilestoneRepaired}}},
	{time.Date(2026, 3, 8, 23, 0, 0, 0, time.UTC), []request{ // 8: beta refuses; alpha 2 min late, within the grace, repairs (the client's option)
		{provider: "beta", answer: "refused", reason: "no_driver", requested: 0, answered: 0},
		{provider: "alpha", answer: "accepted", service: "on_site_repair", requested: 1, accepted: 3, eta: 15, onSite: 20, ended: 50, end: contract.MilestoneRepaired}}},
	{time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC), []request{ // after the week
		{provider: "alpha", answer: "accepted", requested: 0, accepted: 1, eta: 10, onSite: 11, ended: 20, end: contract.MilestoneRepaired}}},
}

// handStore records handCases in a new SQLite store.
func handStore(t *testing.T) *record.Store {
	t.Helper()
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	keys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), record.SQLiteURL(t.TempDir()), record.Options{Keys: keys})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	for i, c := range handCases {
		at := func(min int) string {
			if min == 0 {
				return ""
			}
			return c.at.Add(time.Duration(min) * time.Minute).Format(time.RFC3339)
		}
		var score []contract.ProviderTimes
		for j, r := range c.requests {
			service := r.service
			if service == "" {
				service = "assistance"
			}
			e := contract.ProviderTimes{Provider: r.provider, AssignmentID: fmt.Sprintf("A-%d-%d", i, j), Service: service,
				RequestedAt: c.at.Add(time.Duration(r.requested) * time.Minute).Format(time.RFC3339), Answer: r.answer,
				AnsweredAt: at(r.answered), Reason: r.reason, AcceptedAt: at(r.accepted), ETASeconds: r.eta * 60,
				OnSiteAt: at(r.onSite), Replaced: r.replaced, UnsuccessfulAt: at(r.unsuccessful), Ended: r.end, EndedAt: at(r.ended)}
			if r.answered == 0 && r.answer == contract.AnswerRefused {
				e.AnsweredAt = e.RequestedAt
			}
			if r.accepted > 0 {
				e.PromisedAt = at(r.accepted + r.eta)
				if r.promised > 0 {
					e.PromisedAt = at(r.promised)
				}
			}
			score = append(score, e)
		}
		mission := fmt.Sprintf("M-%d", i)
		_, err := st.Record(context.Background(), activities.CaseRecord{
			Report: contract.Report{MissionID: mission, ClientID: "C-DEALER", ValetID: "V-1", At: c.at.Format(time.RFC3339),
				Vehicle: contract.Vehicle{VIN: fmt.Sprintf("VR3FCYHZ0MY1000%02d", i), Plate: "GH-333-CC", Kind: contract.KindNew}},
			Outcome: contract.Outcome{CaseID: contract.WorkflowID(mission) + "/run", Stage: contract.StageClosed,
				Nature: contract.NatureEngine, Scorecard: score},
		})
		require.NoError(t, err)
	}
	return st
}

func m(n float64) time.Duration { return time.Duration(n * float64(time.Minute)) }

// TestScorecardCountedByHand computes the week's scorecards from the recorded
// cases and checks every figure against the count made by hand from the
// comments of handCases.
func TestScorecardCountedByHand(t *testing.T) {
	st := handStore(t)
	entries, err := st.ScorecardEntries(context.Background(), week)
	require.NoError(t, err)
	require.Len(t, entries, 15, "8 requests to alpha and 7 to beta in the week; cases 0 and 9 are outside it")
	cards := Compute(entries, Options{})
	require.Len(t, cards, 2)
	alpha, beta := cards[0], cards[1]

	assert.Equal(t, Card{Provider: "alpha",
		// cases 1-8: accepted in 1, 4, 6, 7, 8; refused in 2; expired in 3; saturated in 5
		Offers: 8, Accepted: 5, Refused: 1, Expired: 1, Saturated: 1, Unreachable: 0, RefusedBy: map[string]int{"no_driver": 1},
		// request → acceptance: 2 (1), 1 (4), 1 (6), 1 (7), 2 (8); ETAs 30, 30, 40, 150, 15
		ToAccept: []time.Duration{m(2), m(1), m(1), m(1), m(2)}, ETAs: []time.Duration{m(30), m(30), m(40), m(150), m(15)},
		// on site in 1 (30 ≤ 32), 6 (43 ≤ 43), 8 (20 > 18, but within the grace on 18): 2 within the promise;
		// the breach: replaced late in 4
		Arrivals: 3, WithinPromise: 2, Breaches: 1,
		Replaced: 2, ReplacedLate: 1, Superseded: 1,
		// request → on site, roadside: 30 (1), 41 (6), 19 (8); no tow
		RoadsideArrivals: []time.Duration{m(30), m(41), m(19)},
		Ended:            map[contract.MilestoneKind]int{contract.MilestoneRepaired: 2, contract.MilestoneGoneOnArrival: 1},
		Unsuccessful:     0, Unfinished: 2, // 4 and 7 never ended: replaced
	}, alpha)
	assert.Equal(t, Card{Provider: "beta",
		// accepted in 2, 3, 4, 7; refused in 5 (out_of_area) and 8 (no_driver); unreachable in 6
		Offers: 7, Accepted: 4, Refused: 2, Unreachable: 1, RefusedBy: map[string]int{"out_of_area": 1, "no_driver": 1},
		// request → acceptance: 3 (2), 1 (3), 1 (4), 1 (7); ETAs 20, 24, 10, 30
		ToAccept: []time.Duration{m(3), m(1), m(1), m(1)}, ETAs: []time.Duration{m(20), m(24), m(10), m(30)},
		// on site: 2 (45 > 24: late on the first promise, within the grace on the renewed 40), 3 (65 > 30 + 30: a breach),
		// 4 (100 ≤ 102), 7 (32 ≤ 32)
		Arrivals: 4, WithinPromise: 2, Breaches: 1,
		// request → on site, towed: 44 (2), 60 (3); roadside: 9 (4), 31 (7)
		TowArrivals: []time.Duration{m(44), m(60)}, RoadsideArrivals: []time.Duration{m(9), m(31)},
		Ended:        map[contract.MilestoneKind]int{contract.MilestoneTowed: 2, contract.MilestoneFixedByPhone: 1, contract.MilestoneRepaired: 1},
		Unsuccessful: 1, // 3
	}, beta)

	// The figures the table and the report print.
	assert.InDelta(t, 5.0/8, alpha.AcceptRate(), 1e-9)
	assert.InDelta(t, 2.0/3, alpha.WithinPromiseRate(), 1e-9)
	assert.InDelta(t, 2.0/5, alpha.ReassignRate(), 1e-9)
	assert.Equal(t, 4, alpha.Promises(), "3 arrivals and 1 replaced late")
	assert.InDelta(t, 0.5, alpha.Reliability(), 1e-9)
	assert.Equal(t, m(1), P(alpha.ToAccept, 50), "1 1 1 2 2: the 3rd")
	assert.Equal(t, m(2), P(alpha.ToAccept, 90), "the 5th")
	assert.Equal(t, m(30), P(alpha.ETAs, 50), "15 30 30 40 150: the 3rd")
	assert.Equal(t, m(150), P(alpha.ETAs, 90))
	assert.Equal(t, m(30), Mean(alpha.RoadsideArrivals), "(30 + 41 + 19) / 3")
	assert.Zero(t, Mean(alpha.TowArrivals))

	assert.InDelta(t, 4.0/7, beta.AcceptRate(), 1e-9)
	assert.InDelta(t, 2.0/4, beta.WithinPromiseRate(), 1e-9)
	assert.InDelta(t, 0, beta.ReassignRate(), 1e-9)
	assert.Equal(t, 4, beta.Promises())
	assert.InDelta(t, 0.5, beta.Reliability(), 1e-9)
	assert.Equal(t, m(1), P(beta.ToAccept, 50), "1 1 1 3: the 2nd")
	assert.Equal(t, m(3), P(beta.ToAccept, 90), "the 4th")
	assert.Equal(t, m(20), P(beta.ETAs, 50), "10 20 24 30: the 2nd")
	assert.Equal(t, m(30), P(beta.ETAs, 90))
	assert.Equal(t, m(52), Mean(beta.TowArrivals), "(44 + 60) / 2")
	assert.Equal(t, m(20), Mean(beta.RoadsideArrivals), "(9 + 31) / 2")

	one, err := st.ScorecardEntries(context.Background(), record.ScorecardQuery{From: week.From, To: week.To, Provider: "beta"})
	require.NoError(t, err)
	assert.Equal(t, []Card{beta}, Compute(one, Options{}), "one provider's entries give its card alone")
}

// TestMeasureNeedsEnoughPromises: the week's record gives alpha and beta four
// promises each; with a minimum of four both are measured (half kept), with
// five neither is, and a window that ends before the week measures nobody.
func TestMeasureNeedsEnoughPromises(t *testing.T) {
	st := handStore(t)
	ctx := context.Background()
	got, err := (&Measure{Entries: st, Window: 7 * 24 * time.Hour, MinPromises: 4}).Measured(ctx, week.To)
	require.NoError(t, err)
	assert.Equal(t, map[string]partners.Measured{"alpha": {Reliability: 0.5, Promises: 4}, "beta": {Reliability: 0.5, Promises: 4}}, got)
	got, err = (&Measure{Entries: st, Window: 7 * 24 * time.Hour, MinPromises: 5}).Measured(ctx, week.To)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = (&Measure{Entries: st, MinPromises: 1}).Measured(ctx, week.From)
	require.NoError(t, err)
	assert.Empty(t, got, "case 0 only refused")
}

// countingEntries counts the reads of the record.
type countingEntries struct {
	Entries
	reads int
}

func (c *countingEntries) ScorecardEntries(ctx context.Context, q record.ScorecardQuery) ([]record.ScorecardEntry, error) {
	c.reads++
	return c.Entries.ScorecardEntries(ctx, q)
}

// TestMeasureOncePerHour: the rankings of one hour share one reading of the
// record, whose window ends at the start of the hour; the next hour reads it
// again.
func TestMeasureOncePerHour(t *testing.T) {
	entries := &countingEntries{Entries: handStore(t)}
	m := &Measure{Entries: entries, Window: 7 * 24 * time.Hour, MinPromises: 4}
	ctx := context.Background()
	for _, at := range []time.Duration{5 * time.Minute, 30 * time.Minute, 59 * time.Minute} {
		got, err := m.Measured(ctx, week.To.Add(at))
		require.NoError(t, err)
		assert.Len(t, got, 2)
	}
	assert.Equal(t, 1, entries.reads)
	got, err := m.Measured(ctx, week.To.Add(24*time.Hour+time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 2, entries.reads)
	assert.Equal(t, map[string]partners.Measured{"alpha": {Reliability: 0.5, Promises: 4}}, got,
		"a day later, beta's first promise (case 2) is out of the window; alpha's case 1 too, its case 9 in")
}

package fit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/network"
)

var t0 = time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)

// evenly are n durations spread evenly over [lo, hi], each in the middle of
// its n-th of the span (as n draws would fall on average).
func evenly(n int, lo, hi time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = lo + time.Duration(float64(hi-lo)*(float64(i)+0.5)/float64(n))
	}
	return out
}

// partnerRecord is res-assistance's record made to measure: 80 acceptances
// answered 1–4 min after the request, 16 refusals for want of a driver and 4
// out of its area, 4 offers expired; 20 of the 80 on site 15–50 min after
// their promise (8 of them announced it), the others on it; 60 engines (48
// towed at once, 6 failed repairs then towed, 6 repaired), 10 flat tyres and
// 10 flat 12 V batteries repaired; repairs (and failed attempts) take 30–70
// min, on site → towed 30–60 min.
func partnerRecord() []record.ScorecardEntry {
	var out []record.ScorecardEntry
	delays := evenly(80, time.Minute, 4*time.Minute)
	extras := evenly(20, 15*time.Minute, 50*time.Minute)
	repairs := evenly(32, 30*time.Minute, 70*time.Minute)
	tows := evenly(54, 30*time.Minute, 60*time.Minute)
	r, w := 0, 0
	for i, d := range delays {
		req := t0.Add(time.Duration(i) * time.Hour)
		e := record.ScorecardEntry{Provider: "res-assistance", Service: "assistance", Answer: contract.AnswerAccepted,
			RequestedAt: req, AcceptedAt: req.Add(d), ETA: 30 * time.Minute, Nature: contract.NatureEngine}
		e.PromisedAt = e.FirstPromise()
		e.OnSiteAt = e.PromisedAt
		if i%4 == 0 { // 20 late, 8 of them announced
			e.OnSiteAt = e.PromisedAt.Add(extras[i/4])
			if i/4 < 8 {
				e.PromisedAt = e.OnSiteAt
			}
		}
		switch {
		case i < 48:
			e.Ended, e.EndedAt = contract.MilestoneTowed, e.OnSiteAt.Add(tows[w])
			w++
		case i < 54:
			e.UnsuccessfulAt = e.OnSiteAt.Add(repairs[r])
			e.Ended, e.EndedAt = contract.MilestoneTowed, e.UnsuccessfulAt.Add(tows[w])
			r, w = r+1, w+1
		default:
			if i >= 70 {
				e.Nature = contract.NatureBattery12V
			} else if i >= 60 {
				e.Nature = contract.NatureFlatTyre
			}
			e.Ended, e.EndedAt = contract.MilestoneRepaired, e.OnSiteAt.Add(repairs[r])
			r++
		}
		out = append(out, e)
	}
	for i := range 24 {
		req := t0.Add(time.Duration(100+i) * time.Hour)
		e := record.ScorecardEntry{Provider: "res-assistance", Service: "assistance", Answer: contract.AnswerRefused,
			Reason: "no_driver_available", RequestedAt: req, AnsweredAt: req.Add(2 * time.Minute)}
		switch {
		case i >= 20:
			e.Answer, e.Reason, e.AnsweredAt = contract.AnswerExpired, "offer_expired", time.Time{}
		case i >= 16:
			e.Reason = "out_of_area"
		}
		out = append(out, e)
	}
	return out
}

// TestFitLearnsEveryParameter fits the partner's made-to-measure record and
// finds what it was made with; a provider with too few requests keeps the
// base's values.
func TestFitLearnsEveryParameter(t *testing.T) {
	base, err := network.Default()
	require.NoError(t, err)
	entries := partnerRecord()
	entries = append(entries, record.ScorecardEntry{Provider: "byd-assistance", Answer: contract.AnswerRefused, Reason: "no_ev_truck_free",
		RequestedAt: t0, AnsweredAt: t0.Add(time.Minute)})
	m, changes, err := Fit(entries, base, Options{})
	require.NoError(t, err)
	res, _ := m.Provider("res-assistance")
	a := res.Answer
	assert.Equal(t, network.AnswerAcknowledge, a.Mode)
	near := func(want, got time.Duration, what string) {
		assert.InDelta(t, want.Seconds(), got.Seconds(), want.Seconds()*0.05+10, what)
	}
	near(time.Minute, time.Duration(a.Delay.Min), "answer.delay.min")
	near(4*time.Minute, time.Duration(a.Delay.Max), "answer.delay.max")
	assert.InDelta(t, 4.0/104, a.SilentShare, 0.001, "4 expired of 104 offers")
	assert.InDelta(t, 80.0/96, res.AcceptShare, 0.001, "80 accepted of 96: the 4 out of its area are its geography's")
	assert.Equal(t, []string{"no_driver_available"}, res.RejectReasons)
	assert.InDelta(t, 0.25, res.Late.Share, 0.001)
	near(15*time.Minute, time.Duration(res.Late.Extra.Min), "late.extra.min")
	near(50*time.Minute, time.Duration(res.Late.Extra.Max), "late.extra.max")
	assert.InDelta(t, 0.4, res.Late.AnnounceShare, 0.001)
	assert.InDelta(t, 48.0/60, res.TowShareByNature["engine"], 0.001, "48 engines towed at once of 60 (6 failed repairs were repairs)")
	assert.InDelta(t, 0.15, res.TowShareByNature["flat_tyre"], 0.001, "10 flat tyres: too few, the base's share stays")
	assert.InDelta(t, 0.5, res.TowShare, 0.001, "every nature has a share of its own: the base's stays")
	assert.InDelta(t, 6.0/32, res.Repair.FailShare, 0.001, "6 of 32 repairs failed")
	near(30*time.Minute, time.Duration(res.Repair.Duration.Min), "repair.duration.min")
	near(70*time.Minute, time.Duration(res.Repair.Duration.Max), "repair.duration.max")
	// on site → towed, 30–60 min evenly: the drive over 5–30 km at 60 km/h
	// (5–30 min) leaves a hookup of mean 27.5 min, √(75 − 52) × √12 ≈ 16.6 min wide.
	near(19*time.Minute+12*time.Second, time.Duration(res.Tow.Hookup.Min), "tow.hookup.min")
	near(35*time.Minute+48*time.Second, time.Duration(res.Tow.Hookup.Max), "tow.hookup.max")

	byd, _ := m.Provider("byd-assistance")
	baseBYD, _ := base.Provider("byd-assistance")
	assert.Equal(t, *baseBYD, *byd, "one request: nothing to learn")
	for _, c := range changes {
		assert.Equal(t, "res-assistance", c.Provider, c.Parameter)
	}
	assert.NoError(t, m.Validate())
}

// TestFitAtOnce: a provider answering in the response is fitted so.
func TestFitAtOnce(t *testing.T) {
	base, err := network.Default()
	require.NoError(t, err)
	var entries []record.ScorecardEntry
	for i := range 25 {
		req := t0.Add(time.Duration(i) * time.Hour)
		entries = append(entries, record.ScorecardEntry{Provider: "mutual-assistance", Answer: contract.AnswerAccepted, RequestedAt: req,
			AcceptedAt: req.Add(300 * time.Millisecond)})
	}
	m, _, err := Fit(entries, base, Options{})
	require.NoError(t, err)
	p, _ := m.Provider("mutual-assistance")
	assert.Equal(t, network.Answer{Mode: network.AnswerAtOnce}, p.Answer)
	assert.Equal(t, 1.0, p.AcceptShare)
}

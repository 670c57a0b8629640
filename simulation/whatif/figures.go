package whatif

import (
	"sort"
	"time"

	"github.com/valetops/assistance/contract"
)

// Figures are the what-if's answers, for one hour of reports or for the day.
type Figures struct {
	Label  string
	Opened int
	// Dispatched counts the cases an assistance accepted; ToDispatch and
	// ToOnSite are the waits from the report, of those that had one.
	Dispatched int
	ToDispatch []time.Duration
	ToOnSite   []time.Duration
	Fallbacks  int
	// OffersExpired counts the offers that went unanswered past their window.
	OffersExpired int
	EtaBreaches   int
	// ApprovalsAsked counts the clients asked to approve a paid option;
	// ApprovalsWaiting, those still waiting at the end of the hour.
	ApprovalsAsked   int
	ApprovalsWaiting int
	Missions         map[contract.MissionStatus]int
	Unassisted       int
}

// P is the p-th percentile of ds (nearest rank); 0 when empty.
func P(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Figures returns the figures of each hour (by the hour of the report) and
// of the whole day.
func (r *Result) Figures() (hours [24]Figures, day Figures) {
	day = Figures{Label: "day", Missions: map[contract.MissionStatus]int{}}
	for h := range hours {
		hours[h] = Figures{Label: r.Day.Date.Add(time.Duration(h) * time.Hour).Format("15:04"), Missions: map[contract.MissionStatus]int{}}
	}
	for i, out := range r.Outcomes {
		a := r.Plan[i]
		reported := r.Day.Date.Add(a.After)
		h := int(a.After / time.Hour)
		for _, f := range []*Figures{&hours[h], &day} {
			f.add(out, reported)
		}
	}
	// Approvals: asked when the client was asked; waiting until the client's
	// answer (ClientAfter later, as the day's client answers).
	for _, asked := range r.Asked {
		h := int(asked.Sub(r.Day.Date) / time.Hour)
		if h >= 0 && h < 24 {
			hours[h].ApprovalsAsked++
		}
		day.ApprovalsAsked++
		answered := asked.Add(r.Day.ClientAfter)
		for end := range hours {
			endOf := r.Day.Date.Add(time.Duration(end+1) * time.Hour)
			if !asked.After(endOf) && answered.After(endOf) {
				hours[end].ApprovalsWaiting++
			}
		}
	}
	for _, f := range hours {
		day.ApprovalsWaiting = max(day.ApprovalsWaiting, f.ApprovalsWaiting)
	}
	return hours, day
}

func (f *Figures) add(out contract.Outcome, reported time.Time) {
	f.Opened++
	if out.Fallback {
		f.Fallbacks++
	}
	if out.EtaBreached {
		f.EtaBreaches++
	}
	if out.Mission != "" {
		f.Missions[out.Mission]++
	}
	for _, e := range out.Timeline {
		switch e.Step {
		case "offer_expired":
			f.OffersExpired++
		case "unassisted":
			f.Unassisted++
		}
	}
	var accepted, onSite time.Time
	for _, s := range out.Scorecard {
		if t, err := time.Parse(time.RFC3339, s.AcceptedAt); err == nil && accepted.IsZero() {
			accepted = t
		}
		if t, err := time.Parse(time.RFC3339, s.OnSiteAt); err == nil {
			onSite = t
		}
	}
	if !accepted.IsZero() {
		f.Dispatched++
		f.ToDispatch = append(f.ToDispatch, accepted.Sub(reported))
	}
	if !onSite.IsZero() {
		f.ToOnSite = append(f.ToOnSite, onSite.Sub(reported))
	}
}

// RanOutFirst is the provider that first answered busy for want of a free
// truck, and when; "" when none did.
func (r *Result) RanOutFirst() (string, time.Time) {
	var who string
	var when time.Time
	for p, t := range r.FirstBusy {
		if who == "" || t.Before(when) || (t.Equal(when) && p < who) {
			who, when = p, t
		}
	}
	return who, when
}

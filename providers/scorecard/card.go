package scorecard

import (
	"math"
	"sort"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/record"
)

// Card is one provider's scorecard over a period.
type Card struct {
	Provider string
	// Offers counts the requests sent to the provider; each ended one way:
	// Accepted, Refused (by reason in RefusedBy), Expired (an acknowledged
	// offer left unanswered past the offer window), Saturated (busy past the
	// saturation window) or Unreachable.
	Offers, Accepted, Refused, Expired, Saturated, Unreachable int
	RefusedBy                                                  map[string]int
	// ToAccept are the times from the request to the acceptance; ETAs the
	// ETAs promised with the acceptances.
	ToAccept, ETAs []time.Duration
	// Arrivals counts the accepted jobs the provider reached the vehicle on;
	// WithinPromise those on site no later than the promise given with the
	// acceptance (to the minute: PromiseTolerance). Breaches counts the accepted jobs on site more than the
	// grace after the promise in force, or replaced for it (eta_breached):
	// the case's own ETA breach.
	Arrivals, WithinPromise, Breaches int
	// Replaced counts the accepted jobs the case reassigned: ReplacedLate
	// for a broken promise (eta_breached), Superseded for a sooner arrival.
	Replaced, ReplacedLate, Superseded int
	// TowArrivals and RoadsideArrivals are the times from the request to on
	// site of the jobs that ended towed, and of the others (roadside help).
	TowArrivals, RoadsideArrivals []time.Duration
	// Ended counts the accepted jobs by the milestone that ended them
	// (repaired, towed, fixed_by_phone, goa); Unsuccessful the on-site
	// repairs that failed first (a tow followed); Unfinished the accepted
	// jobs that never ended (replaced, cancelled, not finished in time).
	Ended        map[contract.MilestoneKind]int
	Unsuccessful int
	Unfinished   int
}

// Options tune how entries are counted.
type Options struct {
	// Grace is how late on its promise in force a provider may be before its
	// arrival is a breach (the case's EtaGrace); zero: 30 min, the default.
	Grace time.Duration
}

// DefaultGrace is the case's default grace on a promise (rules.DefaultSettings).
const DefaultGrace = 30 * time.Minute

// PromiseTolerance is how late on its promise an arrival still counts as
// within it: promises are given to the minute (an ETA in whole minutes), and
// the provider's on_site takes a moment to reach the case.
const PromiseTolerance = time.Minute

// Compute adds the entries up, one card per provider, by provider id.
func Compute(entries []record.ScorecardEntry, o Options) []Card {
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	cards := map[string]*Card{}
	for _, e := range entries {
		c := cards[e.Provider]
		if c == nil {
			c = &Card{Provider: e.Provider, RefusedBy: map[string]int{}, Ended: map[contract.MilestoneKind]int{}}
			cards[e.Provider] = c
		}
		c.add(e, o.Grace)
	}
	out := make([]Card, 0, len(cards))
	for _, c := range cards {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Provider < out[j].Provider })
	return out
}

func (c *Card) add(e record.ScorecardEntry, grace time.Duration) {
	c.Offers++
	switch e.Answer {
	case contract.AnswerRefused:
		c.Refused++
		c.RefusedBy[e.Reason]++
		return
	case contract.AnswerExpired:
		c.Expired++
		return
	case contract.AnswerSaturated:
		c.Saturated++
		return
	case contract.AnswerUnreachable:
		c.Unreachable++
		return
	}
	c.Accepted++
	c.ToAccept = append(c.ToAccept, e.AcceptedAt.Sub(e.RequestedAt))
	if e.ETA > 0 {
		c.ETAs = append(c.ETAs, e.ETA)
	}
	switch e.Replaced {
	case "eta_breached":
		c.Replaced++
		c.ReplacedLate++
	case "superseded":
		c.Replaced++
		c.Superseded++
	}
	if !e.OnSiteAt.IsZero() {
		c.Arrivals++
		if first := e.FirstPromise(); !first.IsZero() && !e.OnSiteAt.After(first.Add(PromiseTolerance)) {
			c.WithinPromise++
		}
		arrival := e.OnSiteAt.Sub(e.RequestedAt)
		if e.Ended == contract.MilestoneTowed {
			c.TowArrivals = append(c.TowArrivals, arrival)
		} else {
			c.RoadsideArrivals = append(c.RoadsideArrivals, arrival)
		}
	}
	late := !e.OnSiteAt.IsZero() && !e.PromisedAt.IsZero() && e.OnSiteAt.After(e.PromisedAt.Add(grace))
	if late || e.Replaced == "eta_breached" {
		c.Breaches++
	}
	if !e.UnsuccessfulAt.IsZero() {
		c.Unsuccessful++
	}
	if e.Ended != "" {
		c.Ended[e.Ended]++
	} else {
		c.Unfinished++
	}
}

// AcceptRate is the share of the offers accepted (within the offer window:
// a later answer is an expired offer); NaN without offers.
func (c Card) AcceptRate() float64 { return ratio(c.Accepted, c.Offers) }

// WithinPromiseRate is the share of the arrivals no later than the promise
// given with the acceptance; NaN without arrivals.
func (c Card) WithinPromiseRate() float64 { return ratio(c.WithinPromise, c.Arrivals) }

// ReassignRate is the share of the accepted jobs the case reassigned; NaN
// without acceptances.
func (c Card) ReassignRate() float64 { return ratio(c.Replaced, c.Accepted) }

// Promises counts the promises that were put to the test: the arrivals, and
// the jobs replaced before arriving for a broken promise.
func (c Card) Promises() int { return c.Arrivals + c.ReplacedLate }

// Reliability is the share of its promises the provider kept — on site no
// later than the promise given with the acceptance — over Promises; NaN
// without promises. It is what ranks the operator's partners (Measure).
func (c Card) Reliability() float64 { return ratio(c.WithinPromise, c.Promises()) }

func ratio(n, of int) float64 {
	if of == 0 {
		return math.NaN()
	}
	return float64(n) / float64(of)
}

// P is the p-th percentile of ds (nearest rank); 0 when empty.
func P(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(float64(len(s))*p/100)) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Mean is the mean of ds; 0 when empty.
func Mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

package network

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Network plays a model. It keeps every provider's trucks, the assignments it
// accepted and how many orders each mission sent each provider. It is safe
// for concurrent use.
type Network struct {
	model *Model
	seed  uint64

	mu      sync.Mutex
	fleets  map[string]*fleet // provider id → its trucks
	orders  map[string]int    // provider+mission → orders so far
	jobs    map[string]*job   // assignment id → job
	outages []outage
	stats   Stats
	// promises are the ETAs promised, in order.
	promises []time.Duration
}

// fleet is one provider's trucks.
type fleet struct {
	id      string
	profile *Profile
	depots  []depotState
}

// depotState is a depot and when each of its trucks is free again.
type depotState struct {
	Depot
	freeAt []time.Time
}

// job is an assignment holding a truck.
type job struct {
	provider  string
	depot     int
	truck     int
	events    []Event
	cancelled bool
}

// outage is a validated Outage.
type outage struct {
	provider    string
	from, to    int // minutes after midnight UTC
	unreachable bool
}

// New returns a network playing m; the seed fixes every draw. m must be
// valid (Parse and Default validate it).
func New(m *Model, seed uint64) *Network {
	n := &Network{model: m, seed: seed, fleets: map[string]*fleet{}, orders: map[string]int{}, jobs: map[string]*job{}}
	for _, o := range m.Outages {
		from, _ := clockMinutes(o.From)
		to, _ := clockMinutes(o.To)
		n.outages = append(n.outages, outage{provider: o.Provider, from: from, to: to, unreachable: o.Answer == "unreachable"})
	}
	return n
}

// Model returns the model the network plays.
func (n *Network) Model() *Model { return n.model }

// fleetLocked returns the provider's trucks, created on first use; nil when
// the model does not play the provider. Called with n.mu held.
func (n *Network) fleetLocked(provider string) *fleet {
	if f, ok := n.fleets[provider]; ok {
		return f
	}
	p, ok := n.model.Provider(provider)
	if !ok {
		return nil
	}
	f := &fleet{id: provider, profile: p}
	for _, d := range p.Depots {
		f.depots = append(f.depots, depotState{Depot: d, freeAt: make([]time.Time, d.Trucks)})
	}
	n.fleets[provider] = f
	return f
}

// Offer answers an order placed at now (model time). Each call is a new order:
// a caller that retries the same order (same idempotency key) gives back its
// first decision instead of calling again.
func (n *Network) Offer(now time.Time, o Order) Decision {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stats.Orders++
	d := n.offerLocked(now, o)
	switch d.Verdict {
	case Accepted:
		n.stats.Accepted++
	case Rejected:
		n.stats.Rejected++
	case Busy:
		n.stats.Busy++
	case Unreachable:
		n.stats.Unreachable++
	case Acknowledged:
		n.stats.Acknowledged++
	}
	return d
}

func (n *Network) offerLocked(now time.Time, o Order) Decision {
	f := n.fleetLocked(o.Provider)
	if f == nil {
		return Decision{Verdict: Unreachable, Reason: "not in the network model"}
	}
	p := f.profile
	if down, unreachable, until := n.downLocked(o.Provider, now); down {
		if unreachable {
			return Decision{Verdict: Unreachable, Reason: "down (outage)"}
		}
		return Decision{Verdict: Busy, RetryAfter: clamp(until, p.BusyRetry)}
	}
	key := o.Provider + "\x00" + o.MissionID
	n.orders[key]++
	seq := n.orders[key]
	r := n.draws(o.Provider, o.MissionID, seq)
	id := fmt.Sprintf("%s-%s-%d", o.Provider, o.MissionID, seq)

	nearest := math.Inf(1)
	for _, d := range f.depots {
		nearest = math.Min(nearest, distanceKm(d.Lat, d.Lon, o.Lat, o.Lon))
	}
	if nearest > p.ReachKm {
		return n.refuse(now, p, r, id, "out_of_area")
	}
	if p.MaxWeightKg > 0 && o.WeightKg > p.MaxWeightKg {
		return n.refuse(now, p, r, id, "vehicle_too_heavy")
	}
	di, ti, km, ok := f.freeTruck(now, o.Lat, o.Lon)
	if !ok {
		return Decision{Verdict: Busy, RetryAfter: clamp(f.firstBack(now, o.Lat, o.Lon).Sub(now), p.BusyRetry)}
	}
	accept := r.chance(p.AcceptShare)
	reason := ""
	if !accept {
		reason = p.RejectReasons[r.intn(len(p.RejectReasons))]
	}
	answerAt := now
	if p.Answer.Mode == AnswerAcknowledge {
		if r.chance(p.Answer.SilentShare) {
			n.stats.Silent++
			return Decision{Verdict: Acknowledged, AssignmentID: id}
		}
		answerAt = now.Add(r.span(p.Answer.Delay))
	}
	if !accept {
		return n.refuse(now, p, r, id, reason)
	}
	if p.Answer.Mode == AnswerAcknowledge {
		n.stats.Accepted++ // accepted by webhook: Offer counts the acknowledgement
	}
	plan := planAssignment(p, o, r, answerAt, km)
	f.depots[di].freeAt[ti] = plan.truckBack
	n.count(plan)
	n.jobs[id] = &job{provider: o.Provider, depot: di, truck: ti, events: plan.events}
	if p.Answer.Mode == AnswerAcknowledge {
		accepted := Event{At: answerAt, Kind: OfferAccepted, ETA: plan.promise}
		return Decision{Verdict: Acknowledged, AssignmentID: id, Events: append([]Event{accepted}, plan.events...)}
	}
	return Decision{Verdict: Accepted, AssignmentID: id, ETA: plan.promise, Events: plan.events}
}

// refuse rejects an order, at once or (acknowledge mode) by a later event.
func (n *Network) refuse(now time.Time, p *Profile, r *draws, id, reason string) Decision {
	if p.Answer.Mode != AnswerAcknowledge {
		return Decision{Verdict: Rejected, Reason: reason}
	}
	n.stats.Rejected++ // refused by webhook: Offer counts the acknowledgement
	at := now.Add(r.span(p.Answer.Delay))
	return Decision{Verdict: Acknowledged, AssignmentID: id, Events: []Event{{At: at, Kind: OfferRejected, Note: reason}}}
}

// Cancel withdraws an assignment at now: its truck is free again and its
// events not yet delivered are no longer due. It returns false for an unknown
// id (a refused or silent offer holds no truck).
func (n *Network) Cancel(now time.Time, assignmentID string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	j, ok := n.jobs[assignmentID]
	if !ok {
		return false
	}
	if !j.cancelled {
		j.cancelled = true
		n.stats.Cancelled++
		back := &n.fleets[j.provider].depots[j.depot].freeAt[j.truck]
		if back.After(now) {
			*back = now
		}
	}
	return true
}

// Quotes prices the provider's paid options for a case at lat, lon; false when
// the model does not play the provider or it is down. An out-of-area case or a
// provider with no prices gets no options.
func (n *Network) Quotes(now time.Time, provider string, lat, lon float64) ([]Quote, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	f := n.fleetLocked(provider)
	if f == nil {
		return nil, false
	}
	if down, unreachable, _ := n.downLocked(provider, now); down && unreachable {
		return nil, false
	}
	nearest := math.Inf(1)
	for _, d := range f.depots {
		nearest = math.Min(nearest, distanceKm(d.Lat, d.Lon, lat, lon))
	}
	out := []Quote{}
	if nearest > f.profile.ReachKm {
		return out, true
	}
	roadKm := nearest * f.profile.RoadFactor
	for _, q := range f.profile.Quotes {
		out = append(out, Quote{Option: q.Option, PriceEUR: math.Round(q.BaseEUR + q.PerKmEUR*roadKm)})
	}
	return out, true
}

// downLocked says whether an outage covers now, whether it makes the provider
// unreachable, and how long until it ends.
func (n *Network) downLocked(provider string, now time.Time) (down, unreachable bool, left time.Duration) {
	u := now.UTC()
	minute := u.Hour()*60 + u.Minute()
	for _, o := range n.outages {
		if o.provider != provider {
			continue
		}
		in, end := false, o.to
		switch {
		case o.from <= o.to:
			in = minute >= o.from && minute < o.to
		default: // spans midnight
			in = minute >= o.from || minute < o.to
			if minute >= o.from {
				end += 24 * 60
			}
		}
		if in {
			midnight := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
			return true, o.unreachable, midnight.Add(time.Duration(end) * time.Minute).Sub(u)
		}
	}
	return false, false, 0
}

// clamp bounds d by a span.
func clamp(d time.Duration, s Span) time.Duration {
	return min(max(d, time.Duration(s.Min)), time.Duration(s.Max))
}

// count adds an accepted plan to the counters. Called with n.mu held.
func (n *Network) count(p plan) {
	n.promises = append(n.promises, p.promise)
	if p.late {
		n.stats.Late++
	}
	if p.events[len(p.events)-1].Kind == Towed {
		n.stats.Tows++
	} else {
		n.stats.Repairs++
	}
}

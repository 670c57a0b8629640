package network

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// plan is an accepted assignment: the promise, the events, when the truck is
// back at its depot.
type plan struct {
	promise   time.Duration
	events    []Event
	truckBack time.Time
	late      bool
}

// planAssignment times an accepted assignment answered at answerAt, its truck
// km (straight line) from the vehicle: the truck leaves after its turnout,
// drives at the provider's speed, arrives on its promise or late, then repairs
// or tows; it is back at its depot after driving back.
func planAssignment(p *Profile, o Order, r *draws, answerAt time.Time, km float64) plan {
	travel := roadTime(km*p.RoadFactor, p.SpeedKmh)
	turnout := r.span(p.Turnout)
	promise := (turnout + travel).Round(time.Minute)
	if promise < turnout+travel {
		promise += time.Minute
	}
	promisedAt := answerAt.Add(promise)
	arrival := promisedAt
	late := r.chance(p.Late.Share)
	if late {
		arrival = arrival.Add(r.span(p.Late.Extra))
	}
	leaves := answerAt.Add(turnout)
	events := []Event{{At: leaves, Kind: EnRoute, ETA: promisedAt.Sub(leaves)}}
	if late && r.chance(p.Late.AnnounceShare) {
		announce := promisedAt.Add(-10 * time.Minute)
		if announce.Before(leaves) {
			announce = leaves
		}
		events = append(events, Event{At: announce, Kind: NewETA, ETA: arrival.Sub(announce)})
	}
	events = append(events, Event{At: arrival, Kind: OnSite})

	tow := false
	switch o.Service {
	case "tow":
		tow = true
	case "on_site_repair":
	default:
		share := p.TowShare
		if s, ok := p.TowShareByNature[o.Nature]; ok {
			share = s
		}
		tow = r.chance(share)
	}
	back := travel
	done := arrival
	if !tow {
		done = arrival.Add(r.span(p.Repair.Duration))
		if o.Service != "on_site_repair" && r.chance(p.Repair.FailShare) {
			events = append(events, Event{At: done, Kind: Unsuccessful})
			tow = true
		} else {
			events = append(events, Event{At: done, Kind: Repaired})
		}
	}
	if tow {
		towKm := r.float(p.Tow.DistanceKm.Min, p.Tow.DistanceKm.Max)
		done = done.Add(r.span(p.Tow.Hookup) + roadTime(towKm, p.SpeedKmh))
		towed := Event{At: done, Kind: Towed, Destination: destination(p, o), RepairDays: r.intRange(p.Tow.RepairDays.Min, p.Tow.RepairDays.Max)}
		if p.Tow.SeatShare != nil {
			seats := 0
			if r.chance(*p.Tow.SeatShare) {
				seats = 1
			}
			towed.Seats = &seats
		}
		events = append(events, towed)
		back = max(back, roadTime(towKm, p.SpeedKmh))
	}
	return plan{promise: promise, events: events, truckBack: done.Add(back), late: late}
}

// destination is where a tow goes: where the order says, else where the
// payer wants it, else the provider's usual destination.
func destination(p *Profile, o Order) string {
	if o.TowTo != "" {
		return o.TowTo
	}
	if d, ok := p.Tow.DestinationByPayer[o.Payer]; ok {
		return d
	}
	return p.Tow.Destination
}

// freeTruck finds the nearest free truck within reach: depot, truck, and the
// straight-line km from the depot to the vehicle.
func (f *fleet) freeTruck(now time.Time, lat, lon float64) (depot, truck int, km float64, ok bool) {
	best := math.Inf(1)
	for i, d := range f.depots {
		dist := distanceKm(d.Lat, d.Lon, lat, lon)
		if dist > f.profile.ReachKm || dist >= best {
			continue
		}
		for j, t := range d.freeAt {
			if !t.After(now) {
				depot, truck, km, ok, best = i, j, dist, true, dist
				break
			}
		}
	}
	return depot, truck, km, ok
}

// firstBack is when the first truck within reach is back.
func (f *fleet) firstBack(now time.Time, lat, lon float64) time.Time {
	var first time.Time
	for _, d := range f.depots {
		if distanceKm(d.Lat, d.Lon, lat, lon) > f.profile.ReachKm {
			continue
		}
		for _, t := range d.freeAt {
			if first.IsZero() || t.Before(first) {
				first = t
			}
		}
	}
	if first.IsZero() {
		return now
	}
	return first
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	return geo.Distance(orb.Point{lon1, lat1}, orb.Point{lon2, lat2}) / 1000
}

// roadTime is the time to drive km at kmh.
func roadTime(km, kmh float64) time.Duration {
	return time.Duration(km / kmh * float64(time.Hour))
}

// draws is the random source of one order: seeded by the network's seed, the
// provider, the mission and the order's rank for that mission, so an order's
// draws do not depend on the other cases.
type draws struct{ r *rand.Rand }

func (n *Network) draws(provider, mission string, seq int) *draws {
	h := fnv.New64a()
	_, _ = h.Write([]byte(provider + "\x00" + mission + "\x00"))
	_, _ = h.Write([]byte{byte(seq), byte(seq >> 8), byte(seq >> 16), byte(seq >> 24)})
	return &draws{r: rand.New(rand.NewPCG(n.seed, h.Sum64()))}
}

// chance is true with probability share.
func (d *draws) chance(share float64) bool { return d.r.Float64() < share }

// span draws a duration evenly in s.
func (d *draws) span(s Span) time.Duration {
	lo, hi := time.Duration(s.Min), time.Duration(s.Max)
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(d.r.Int64N(int64(hi-lo)+1))
}

// float draws evenly in [lo, hi].
func (d *draws) float(lo, hi float64) float64 { return lo + d.r.Float64()*(hi-lo) }

// intRange draws evenly in [lo, hi].
func (d *draws) intRange(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + d.r.IntN(hi-lo+1)
}

// intn draws evenly in [0, n).
func (d *draws) intn(n int) int { return d.r.IntN(n) }

package partners

import (
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Need is what a case needs of a partner.
type Need struct {
	Lat, Lon float64
	// At is when the request goes out (the partner must be open then).
	At       time.Time
	WeightKg float64
	Electric bool
	// Seats is the seats the valet needs in the truck (1 when towed with the valet).
	Seats int
	// Exclude are partners not to rank (already asked).
	Exclude []string
}

// Ranked is a partner able to take the case, with its estimates and why it
// stands where it does; or (Passed) a partner passed over, and why.
type Ranked struct {
	ID          string  `json:"id"`
	Depot       string  `json:"depot"`
	DistanceKm  float64 `json:"distance_km"`
	ArrivalMin  float64 `json:"arrival_min"`
	PriceEUR    float64 `json:"price_eur"`
	Reliability float64 `json:"reliability"`
	// Promises is how many promises the reliability was measured over (the
	// partner's record); 0: the network file's value.
	Promises int `json:"promises,omitempty"`
	// ExpectedMin is the estimated arrival plus the expected cost of a broken
	// promise: ArrivalMin + (1 − Reliability) × BrokenPromiseMinutes.
	ExpectedMin float64 `json:"expected_min,omitempty"`
	// Why says why the partner stands where it does in the ranking, or why
	// it was passed over.
	Why string `json:"why,omitempty"`
	// Passed: the partner cannot take the case (capabilities, hours, already
	// asked); it is listed after the ranked ones and never asked.
	Passed bool `json:"passed,omitempty"`
}

// Measured is a partner's reliability measured from its record: the share of
// its promises kept over a rolling window (package scorecard), and how many
// promises that counts.
type Measured struct {
	Reliability float64 `json:"reliability"`
	Promises    int     `json:"promises"`
}

// RoadFactor turns a great-circle distance into a road distance.
const RoadFactor = 1.3

// ArrivalStep is the precision of the arrival estimates compared: two
// expected arrivals within the same step are a tie, decided by price then
// reliability.
const ArrivalStep = 5 * time.Minute

// BrokenPromiseMinutes is what a broken promise costs a case, in minutes of
// expected arrival: the give-up after the promise (rules' EtaGiveUp, an hour
// by default), how long a case waits for a late provider before it sends the
// alternative. A partner keeping 60 % of its promises is expected 24 min
// later than its estimate; one keeping them all, on its estimate.
const BrokenPromiseMinutes = 60

// Rank ranks the partners with the reliabilities of the network file.
func (n Network) Rank(need Need) []Ranked { return n.RankMeasured(need, nil) }

// RankMeasured returns the partners able to take the case and open at
// need.At, the soonest expected arrival first (by steps of ArrivalStep), then
// the lowest price, then the highest reliability, then the order of the
// file; then the partners passed over (Passed), in the order of the file.
// The expected arrival is the estimate (answering time, and the road from the
// nearest depot at the partner's speed) plus the expected cost of a broken
// promise; the reliability is the measured one where measured has the
// partner, the file's otherwise.
func (n Network) RankMeasured(need Need, measured map[string]Measured) []Ranked {
	excluded := map[string]bool{}
	for _, id := range need.Exclude {
		excluded[id] = true
	}
	var out, passed []Ranked
	for _, p := range n.Partners {
		if why := p.passedOver(need, excluded[p.ID]); why != "" {
			passed = append(passed, Ranked{ID: p.ID, Reliability: p.Reliability, Why: why, Passed: true})
			continue
		}
		depot, km := p.nearest(need.Lat, need.Lon)
		r := Ranked{ID: p.ID, Depot: depot.Name, DistanceKm: round1(km), ArrivalMin: round1(p.AnswerMinutes + km/p.SpeedKmh*60),
			PriceEUR: p.PriceEUR, Reliability: p.Reliability}
		if m, ok := measured[p.ID]; ok {
			r.Reliability, r.Promises = round2(m.Reliability), m.Promises
		}
		r.ExpectedMin = round1(r.ArrivalMin + (1-r.Reliability)*BrokenPromiseMinutes)
		out = append(out, r)
	}
	step := ArrivalStep.Minutes()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := math.Floor(a.ExpectedMin/step), math.Floor(b.ExpectedMin/step); sa != sb {
			return sa < sb
		}
		if a.PriceEUR != b.PriceEUR {
			return a.PriceEUR < b.PriceEUR
		}
		return a.Reliability > b.Reliability
	})
	for i := range out {
		out[i].Why = why(out, i)
	}
	return append(out, passed...)
}

// Able reports whether the partner's trucks can take the vehicle and the valet.
func (p Partner) Able(need Need) bool {
	c := p.Capabilities
	switch {
	case need.WeightKg > HeavyVehicleKg && !c.HeavyVehicles:
		return false
	case need.Electric && !c.Electric:
		return false
	case need.Seats > c.Seats:
		return false
	}
	return true
}

// nearest is the partner's depot nearest to a point, and its road distance in km.
func (p Partner) nearest(lat, lon float64) (Depot, float64) {
	var best Depot
	bestKm := math.Inf(1)
	for _, d := range p.Depots {
		km := geo.Distance(orb.Point{lon, lat}, orb.Point{d.Lon, d.Lat}) / 1000 * RoadFactor
		if km < bestKm {
			best, bestKm = d, km
		}
	}
	return best, bestKm
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func round2(x float64) float64 { return math.Round(x*100) / 100 }

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

// Ranked is a partner able to take the case, with its estimates.
type Ranked struct {
	ID          string  `json:"id"`
	Depot       string  `json:"depot"`
	DistanceKm  float64 `json:"distance_km"`
	ArrivalMin  float64 `json:"arrival_min"`
	PriceEUR    float64 `json:"price_eur"`
	Reliability float64 `json:"reliability"`
}

// RoadFactor turns a great-circle distance into a road distance.
const RoadFactor = 1.3

// ArrivalStep is the precision of the arrival estimates compared: two
// arrivals within the same step are a tie, decided by price then reliability.
const ArrivalStep = 5 * time.Minute

// Rank returns the partners able to take the case and open at need.At, the
// soonest estimated arrival first (by steps of ArrivalStep), then the lowest
// price, then the highest reliability, then the order of the file.
func (n Network) Rank(need Need) []Ranked {
	excluded := map[string]bool{}
	for _, id := range need.Exclude {
		excluded[id] = true
	}
	var out []Ranked
	for _, p := range n.Partners {
		if excluded[p.ID] || !p.Able(need) || !p.Hours.OpenAt(need.At) {
			continue
		}
		depot, km := p.nearest(need.Lat, need.Lon)
		out = append(out, Ranked{ID: p.ID, Depot: depot.Name, DistanceKm: round1(km),
			ArrivalMin: round1(p.AnswerMinutes + km/p.SpeedKmh*60), PriceEUR: p.PriceEUR, Reliability: p.Reliability})
	}
	step := ArrivalStep.Minutes()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := math.Floor(a.ArrivalMin/step), math.Floor(b.ArrivalMin/step); sa != sb {
			return sa < sb
		}
		if a.PriceEUR != b.PriceEUR {
			return a.PriceEUR < b.PriceEUR
		}
		return a.Reliability > b.Reliability
	})
	return out
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

package partners

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// passedOver says why the partner cannot take the case; "" when it can.
func (p Partner) passedOver(need Need, asked bool) string {
	c := p.Capabilities
	switch {
	case asked:
		return "already asked"
	case need.WeightKg > HeavyVehicleKg && !c.HeavyVehicles:
		return fmt.Sprintf("takes no vehicle over %.1f t (this one weighs %.0f kg)", float64(HeavyVehicleKg)/1000, need.WeightKg)
	case need.Electric && !c.Electric:
		return "has no trucks for electric vehicles"
	case need.Seats > c.Seats:
		return fmt.Sprintf("has %d passenger seats in its trucks, the case needs %d", c.Seats, need.Seats)
	case !p.Hours.OpenAt(need.At):
		return "closed at " + p.Hours.describeAt(need.At)
	}
	return ""
}

// describeAt is the local time of t and the hours, for a partner closed then:
// "06:15 Europe/Paris (open 07:00–20:00 mon, tue)".
func (h Hours) describeAt(t time.Time) string {
	zone := h.Zone
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	open := "always"
	if !h.Always {
		open = h.Open + "–" + h.Close
	}
	if len(h.Days) > 0 {
		open += " " + strings.Join(h.Days, ", ")
	}
	return fmt.Sprintf("%s %s %s (open %s)", t.In(loc).Format("Mon"), t.In(loc).Format("15:04"), zone, open)
}

// describeReliability says where a ranked partner's reliability comes from.
func (r Ranked) describeReliability() string {
	if r.Promises > 0 {
		return fmt.Sprintf("reliability %.2f measured over %d promises", r.Reliability, r.Promises)
	}
	return fmt.Sprintf("reliability %.2f from the network file", r.Reliability)
}

// why says why the i-th of the ranked partners stands where it does: the
// first has the soonest expected arrival; each next one is compared with the
// one before it, on what decided between them.
func why(ranked []Ranked, i int) string {
	r := ranked[i]
	expected := fmt.Sprintf("expected in %.0f min (about %.0f min, %s)", r.ExpectedMin, r.ArrivalMin, r.describeReliability())
	if i == 0 {
		if len(ranked) == 1 {
			return "the only partner able and open: " + expected
		}
		return "first, the soonest expected arrival: " + expected
	}
	prev := ranked[i-1]
	step := ArrivalStep.Minutes()
	switch {
	case math.Floor(r.ExpectedMin/step) != math.Floor(prev.ExpectedMin/step):
		s := fmt.Sprintf("after %s: %s, later than its %.0f min", prev.ID, expected, prev.ExpectedMin)
		if math.Floor(r.ArrivalMin/step) <= math.Floor(prev.ArrivalMin/step) {
			s += fmt.Sprintf("; on its estimate alone it would come first, its broken promises cost it %.0f min", r.ExpectedMin-r.ArrivalMin)
		}
		return s
	case r.PriceEUR != prev.PriceEUR:
		return fmt.Sprintf("after %s: the same expected arrival but dearer (%.0f EUR against %.0f); %s", prev.ID, r.PriceEUR, prev.PriceEUR, expected)
	case r.Reliability != prev.Reliability:
		return fmt.Sprintf("after %s: the same expected arrival and price but less reliable; %s", prev.ID, expected)
	}
	return fmt.Sprintf("after %s: the same expected arrival, price and reliability, the order of the file; %s", prev.ID, expected)
}

package whatif

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/examples/reports"
	"github.com/valetops/assistance/simulation/network"
)

// NormalDay is the share of a day's breakdowns reported in each hour (UTC),
// the shape of an ordinary weekday: little at night, a morning peak when
// missions leave, a second one late in the afternoon. It is our assumption,
// written down in the report; a curve file replaces it.
var NormalDay = [24]float64{
	0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 4, 7, 8.5, 7.5, 6.5, 6,
	6, 6, 6.5, 6.5, 7, 7.5, 6.5, 4.5, 3, 2, 1.2, 0.8,
}

// Curve is a curve file: the relative weight of each hour of the day.
type Curve struct {
	Hours []float64 `json:"hours"`
}

// Mix is a mix file: the relative weight of each kind of case, by the name
// of a ready report of examples/reports (valet_error, operator_fault,
// lease_return, new, used, no_assistance).
type Mix map[string]float64

// Event is a "what if" about a provider: saturated (busy) or unreachable
// between two times of the day.
type Event struct {
	Provider string
	Answer   string // busy | unreachable
	From, To string // HH:MM
}

// String is the event as ParseEvent reads it.
func (e Event) String() string {
	word := "saturated"
	if e.Answer == "unreachable" {
		word = "unreachable"
	}
	return fmt.Sprintf("%s %s %s-%s", e.Provider, word, e.From, e.To)
}

// ParseEvent reads "PROVIDER saturated 07:00-10:00" or "PROVIDER unreachable
// 12:00-13:30".
func ParseEvent(s string) (Event, error) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return Event{}, fmt.Errorf("event %q: want PROVIDER saturated|unreachable HH:MM-HH:MM", s)
	}
	e := Event{Provider: f[0]}
	switch f[1] {
	case "saturated", "busy":
		e.Answer = "busy"
	case "unreachable", "down":
		e.Answer = "unreachable"
	default:
		return Event{}, fmt.Errorf("event %q: %q is neither saturated nor unreachable", s, f[1])
	}
	from, to, ok := strings.Cut(f[2], "-")
	if !ok {
		return Event{}, fmt.Errorf("event %q: the window %q is not HH:MM-HH:MM", s, f[2])
	}
	for _, t := range []string{from, to} {
		if _, err := time.Parse("15:04", t); err != nil {
			return Event{}, fmt.Errorf("event %q: %q is not a time of day HH:MM", s, t)
		}
	}
	e.From, e.To = from, to
	return e, nil
}

// Apply adds the events to the model as outages (the model checks them).
func Apply(m *network.Model, events []Event) error {
	named := map[string]bool{}
	var ids []string
	for _, p := range m.Providers {
		named[p.ID] = true
		ids = append(ids, p.ID)
	}
	for _, e := range events {
		if !named[e.Provider] {
			return fmt.Errorf("event about %s: no such provider in the network model (it names %s)", e.Provider, strings.Join(ids, ", "))
		}
		m.Outages = append(m.Outages, network.Outage{Provider: e.Provider, From: e.From, To: e.To, Answer: e.Answer})
	}
	return m.Validate()
}

// LoadCurve reads a curve file: 24 non-negative weights, not all zero.
func LoadCurve(path string) ([24]float64, error) {
	var c Curve
	if err := readJSON(path, &c); err != nil {
		return [24]float64{}, err
	}
	var out [24]float64
	if len(c.Hours) != 24 {
		return out, fmt.Errorf("%s: hours: want 24 weights, one per hour, got %d", path, len(c.Hours))
	}
	sum := 0.0
	for i, w := range c.Hours {
		if w < 0 || math.IsNaN(w) {
			return out, fmt.Errorf("%s: hours[%d]: must not be negative", path, i)
		}
		out[i], sum = w, sum+w
	}
	if sum == 0 {
		return out, fmt.Errorf("%s: hours: all zero", path)
	}
	return out, nil
}

// LoadMix reads a mix file; every name must be a ready report.
func LoadMix(path string) (Mix, error) {
	var m Mix
	if err := readJSON(path, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Arrival is one case of the day: when it is reported, its report, and what
// ops and the client do.
type Arrival struct {
	After  time.Duration // since midnight
	Report contract.Report
	Kind   string // the ready report it was drawn from
	// Origin is what ops say when they qualify, OpsAfter the report.
	Origin contract.Origin
}

// Day is what the what-if plays.
type Day struct {
	Date     time.Time // midnight UTC of the day played
	Cases    int
	Curve    [24]float64
	Mix      Mix
	Seed     uint64
	Model    *network.Model
	Events   []Event
	OpsAfter time.Duration // ops qualify this long after the report
	// ClientAfter is how long after being asked the client approves a paid
	// option (DeclineShare of clients decline instead).
	ClientAfter  time.Duration
	DeclineShare float64
}

// origins is what ops say of each kind of case.
var origins = map[string]contract.Origin{
	"valet_error": contract.OriginValetError, "operator_fault": contract.OriginOperatorFault,
}

// Plan draws the day's cases: the number of each hour from the curve, the
// minute within the hour evenly, the kind from the mix, the place near one
// of the operator's partner's depots (weighted by its trucks: where the
// operator works), within 25 km. The same day and seed give the same cases.
func (d Day) Plan() ([]Arrival, error) {
	templates, err := reports.Builtin()
	if err != nil {
		return nil, err
	}
	byName := map[string]contract.Report{}
	var names []string
	for _, t := range templates {
		byName[t.Name] = t.Report
		names = append(names, t.Name)
	}
	weights := make([]float64, len(names))
	sum := 0.0
	for name, w := range d.Mix {
		if _, ok := byName[name]; !ok {
			return nil, fmt.Errorf("mix: %q is not a ready report (one of %s)", name, strings.Join(names, ", "))
		}
		if w < 0 {
			return nil, fmt.Errorf("mix: %s: weight must not be negative", name)
		}
	}
	for i, n := range names {
		weights[i] = d.Mix[n]
		sum += weights[i]
	}
	if sum == 0 {
		return nil, fmt.Errorf("mix: all weights are zero")
	}
	cities, err := partnerDepots(d.Model)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(d.Seed, 0x5eed))
	perHour := spread(d.Cases, d.Curve)
	var out []Arrival
	for h, n := range perHour {
		for range n {
			// Any instant of the hour, to the nanosecond: no two cases (nor
			// the timers and retries that follow them) fall on the same
			// instant, so the providers see the orders in one order and the
			// same day and seed give the same figures.
			at := time.Duration(h)*time.Hour + time.Duration(rng.Int64N(int64(time.Hour)))
			kind := names[pick(rng, weights, sum)]
			r := byName[kind]
			i := len(out) + 1
			r.MissionID = fmt.Sprintf("W-%05d", i)
			r.ValetID = fmt.Sprintf("V-%03d", 1+rng.IntN(400))
			r.Vehicle.VIN = fmt.Sprintf("%s%06d", r.Vehicle.VIN[:len(r.Vehicle.VIN)-6], i)
			r.Vehicle.Plate = fmt.Sprintf("WI-%03d-%c%c", i%1000, 'A'+rune(i/1000%26), 'A'+rune(i/26000%26))
			r.At = d.Date.Add(at).Format(time.RFC3339)
			r.ReportedAt = ""
			c := cities[pickCity(rng, cities)]
			lat, lon := near(rng, c.Lat, c.Lon, 25)
			r.Location = contract.Location{Country: "FR", PublicRoad: r.Location.PublicRoad}.WithPosition(lat, lon)
			origin := origins[kind]
			if origin == "" {
				origin = contract.OriginMechanical
			}
			out = append(out, Arrival{After: at, Report: r, Kind: kind, Origin: origin})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].After < out[j].After })
	return out, nil
}

// spread divides n cases between the hours in proportion to the curve, the
// remainders to the largest fractions (so the total is n exactly).
func spread(n int, curve [24]float64) [24]int {
	sum := 0.0
	for _, w := range curve {
		sum += w
	}
	var out [24]int
	type rest struct {
		h    int
		frac float64
	}
	var rests []rest
	given := 0
	for h, w := range curve {
		exact := float64(n) * w / sum
		out[h] = int(exact)
		given += out[h]
		rests = append(rests, rest{h, exact - float64(out[h])})
	}
	sort.SliceStable(rests, func(i, j int) bool { return rests[i].frac > rests[j].frac })
	for i := 0; given < n; i++ {
		out[rests[i%24].h]++
		given++
	}
	return out
}

func pick(rng *rand.Rand, weights []float64, sum float64) int {
	x := rng.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// partnerDepots are the depots of the model's partner providers.
func partnerDepots(m *network.Model) ([]network.Depot, error) {
	var out []network.Depot
	for _, p := range m.Providers {
		if p.Role == "partner" {
			out = append(out, p.Depots...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the network model has no partner provider (role \"partner\") to place the cases near")
	}
	return out, nil
}

func pickCity(rng *rand.Rand, depots []network.Depot) int {
	w := make([]float64, len(depots))
	sum := 0.0
	for i, d := range depots {
		w[i] = float64(max(d.Trucks, 1))
		sum += w[i]
	}
	return pick(rng, w, sum)
}

// near is a point drawn evenly within km of lat, lon.
func near(rng *rand.Rand, lat, lon, km float64) (float64, float64) {
	r := km * math.Sqrt(rng.Float64())
	a := 2 * math.Pi * rng.Float64()
	dLat := r * math.Cos(a) / 111.0
	dLon := r * math.Sin(a) / (111.0 * math.Cos(lat*math.Pi/180))
	return math.Round((lat+dLat)*1e4) / 1e4, math.Round((lon+dLon)*1e4) / 1e4
}

// ScaleFleet multiplies every depot's trucks by factor (at least one truck a
// depot): the same network, with a larger or smaller fleet.
func ScaleFleet(m *network.Model, factor float64) {
	for i := range m.Providers {
		for j := range m.Providers[i].Depots {
			d := &m.Providers[i].Depots[j]
			d.Trucks = max(1, int(math.Round(float64(d.Trucks)*factor)))
		}
	}
	if o := m.OtherProviders; o != nil {
		for j := range o.Depots {
			o.Depots[j].Trucks = max(1, int(math.Round(float64(o.Depots[j].Trucks)*factor)))
		}
	}
}

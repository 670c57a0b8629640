package partners

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lyon is a breakdown in Lyon on a Tuesday morning (08:15 in Paris).
var lyon = Need{Lat: 45.7578, Lon: 4.8320, At: time.Date(2026, 3, 10, 7, 15, 0, 0, time.UTC), WeightKg: 1400}

func partner(id string, lat, lon, price, reliability float64) Partner {
	return Partner{ID: id, Depots: []Depot{{Name: id + "-depot", Lat: lat, Lon: lon}}, Hours: Hours{Always: true},
		Capabilities: Capabilities{HeavyVehicles: true, Electric: true, Seats: 1}, SpeedKmh: 60, PriceEUR: price, Reliability: reliability}
}

// ids are the partners ranked, in order (not those passed over).
func ids(r []Ranked) []string {
	out := []string{}
	for _, x := range r {
		if !x.Passed {
			out = append(out, x.ID)
		}
	}
	return out
}

// passedOver are the partners passed over, and why.
func passedOver(r []Ranked) map[string]string {
	out := map[string]string{}
	for _, x := range r {
		if x.Passed {
			out[x.ID] = x.Why
		}
	}
	return out
}

func TestDefaultNetworkHasTheOperatorsPartnerFirst(t *testing.T) {
	n := Default()
	require.NotEmpty(t, n.Partners)
	assert.Equal(t, "res-assistance", n.Partners[0].ID)
	r := n.Rank(lyon)
	require.NotEmpty(t, r)
	assert.Equal(t, "res-assistance", r[0].ID)
	assert.Equal(t, "Lyon", r[0].Depot)
	assert.Less(t, r[0].DistanceKm, 5.0)
}

func TestRank(t *testing.T) {
	near := partner("near", 45.76, 4.84, 250, 0.9)            // Lyon: minutes away
	far := partner("far", 48.8566, 2.3522, 100, 0.99)         // Paris: hours away
	nearCheap := partner("near-cheap", 45.75, 4.85, 150, 0.9) // Lyon too, cheaper
	nearSure := partner("near-sure", 45.75, 4.85, 150, 0.92)  // same price, a little more reliable (same 5-min step)
	heavyless := partner("no-heavy", 45.76, 4.84, 50, 0.99)
	heavyless.Capabilities.HeavyVehicles = false
	noEV := partner("no-ev", 45.76, 4.84, 50, 0.99)
	noEV.Capabilities.Electric = false
	dayOnly := partner("day-only", 45.76, 4.84, 50, 0.99)
	dayOnly.Hours = Hours{Open: "09:00", Close: "18:00", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Zone: "Europe/Paris"}
	tests := []struct {
		name     string
		partners []Partner
		need     func(Need) Need
		want     []string
	}{
		{"soonest arrival first", []Partner{far, near}, nil, []string{"near", "far"}},
		{"same arrival: the cheaper first", []Partner{near, nearCheap}, nil, []string{"near-cheap", "near"}},
		{"same arrival and price: the more reliable first", []Partner{nearCheap, nearSure}, nil, []string{"near-sure", "near-cheap"}},
		{"a heavy vehicle needs heavy trucks", []Partner{heavyless, far}, func(n Need) Need { n.WeightKg = 4200; return n }, []string{"far"}},
		{"a light vehicle does not", []Partner{heavyless, far}, nil, []string{"no-heavy", "far"}},
		{"an electric vehicle needs EV trucks", []Partner{noEV, far}, func(n Need) Need { n.Electric = true; return n }, []string{"far"}},
		{"seats asked for", []Partner{far, near}, func(n Need) Need { n.Seats = 2; return n }, []string{}},
		{"closed before 9 in Paris", []Partner{dayOnly, far}, nil, []string{"far"}},
		{"open at 10 in Paris", []Partner{dayOnly, far}, func(n Need) Need { n.At = n.At.Add(2 * time.Hour); return n }, []string{"day-only", "far"}},
		{"closed on Sunday", []Partner{dayOnly, far}, func(n Need) Need { n.At = n.At.Add(5*24*time.Hour + 2*time.Hour); return n }, []string{"far"}},
		{"already asked", []Partner{near, far}, func(n Need) Need { n.Exclude = []string{"near"}; return n }, []string{"far"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			need := lyon
			if tc.need != nil {
				need = tc.need(need)
			}
			assert.Equal(t, tc.want, ids(Network{Partners: tc.partners}.Rank(need)))
		})
	}
}

func TestArrivalEstimate(t *testing.T) {
	p := partner("paris", 48.8566, 2.3522, 100, 0.9)
	p.AnswerMinutes = 10
	r := Network{Partners: []Partner{p}}.Rank(lyon)
	require.Len(t, r, 1)
	// Lyon–Paris is about 392 km as the crow flies, 510 km by road (×1.3), 8.5 h at 60 km/h.
	assert.InDelta(t, 510, r[0].DistanceKm, 10)
	assert.InDelta(t, 10+510, r[0].ArrivalMin, 10)
}

func TestOpenAtOvernight(t *testing.T) {
	h := Hours{Open: "20:00", Close: "06:00", Days: []string{"fri"}, Zone: "UTC"}
	fri := time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC)
	assert.True(t, h.OpenAt(fri.Add(22*time.Hour)), "Friday 22:00")
	assert.True(t, h.OpenAt(fri.Add(24*time.Hour+2*time.Hour)), "Saturday 02:00 belongs to Friday night")
	assert.False(t, h.OpenAt(fri.Add(2*time.Hour)), "Friday 02:00 belongs to Thursday night")
	assert.False(t, h.OpenAt(fri.Add(12*time.Hour)), "Friday noon")
}

func TestParseRefusesBadNetworks(t *testing.T) {
	tests := []struct{ name, doc, field string }{
		{"no partner", `{"partners":[]}`, "partners"},
		{"unknown field", `{"partners":[],"extra":1}`, "extra"},
		{"twice", `{"partners":[` + good("a") + `,` + good("a") + `]}`, "partners[1].id"},
		{"bad reliability", `{"partners":[` + strings.Replace(good("a"), `"reliability":0.9`, `"reliability":1.5`, 1) + `]}`, "partners[0].reliability"},
		{"no speed", `{"partners":[` + strings.Replace(good("a"), `"speed_kmh":60`, `"speed_kmh":0`, 1) + `]}`, "partners[0].speed_kmh"},
		{"bad zone", `{"partners":[` + strings.Replace(good("a"), `"always":true`, `"open":"08:00","close":"18:00","zone":"Mars/Olympus"`, 1) + `]}`, "partners[0].hours"},
		{"bad hour", `{"partners":[` + strings.Replace(good("a"), `"always":true`, `"open":"8h","close":"18:00"`, 1) + `]}`, "partners[0].hours"},
		{"bad day", `{"partners":[` + strings.Replace(good("a"), `"always":true`, `"always":true,"days":["monday"]`, 1) + `]}`, "partners[0].hours"},
		{"depot off the map", `{"partners":[` + strings.Replace(good("a"), `"lat":45.7`, `"lat":145.7`, 1) + `]}`, "partners[0].depots[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	n, err := Parse([]byte(`{"partners":[` + good("a") + `,` + good("b") + `]}`))
	require.NoError(t, err)
	assert.Len(t, n.Partners, 2)
}

func good(id string) string {
	return `{"id":"` + id + `","depots":[{"name":"Lyon","lat":45.7,"lon":4.8}],"hours":{"always":true},` +
		`"capabilities":{"heavy_vehicles":true,"electric":true,"seats":1},"speed_kmh":60,"price_eur":100,"reliability":0.9}`
}

// TestMeasuredReliabilityAsksABrokenPromiseLater: two partners a minute apart
// rank by the file when nothing is measured; once the first is measured
// keeping 40 % of its promises, its expected arrival is 36 min later than its
// estimate and the other comes first, each saying why.
func TestMeasuredReliabilityAsksABrokenPromiseLater(t *testing.T) {
	n := Network{Partners: []Partner{partner("breaks", 45.76, 4.84, 180, 0.9), partner("keeps", 45.75, 4.85, 180, 0.9)}}
	byFile := n.Rank(lyon)
	assert.Equal(t, []string{"breaks", "keeps"}, ids(byFile), "the same expected arrival, price and reliability: the order of the file")
	assert.Contains(t, byFile[0].Why, "first, the soonest expected arrival")
	assert.Contains(t, byFile[0].Why, "reliability 0.90 from the network file")
	assert.Contains(t, byFile[1].Why, "the order of the file")

	measured := n.RankMeasured(lyon, map[string]Measured{"breaks": {Reliability: 0.4, Promises: 20}, "keeps": {Reliability: 1, Promises: 25}})
	require.Equal(t, []string{"keeps", "breaks"}, ids(measured))
	keeps, breaks := measured[0], measured[1]
	assert.Equal(t, 25, keeps.Promises)
	assert.InDelta(t, keeps.ArrivalMin, keeps.ExpectedMin, 0.01, "every promise kept: expected on its estimate")
	assert.InDelta(t, breaks.ArrivalMin+36, breaks.ExpectedMin, 0.11, "60 %% broken × 60 min")
	assert.Contains(t, breaks.Why, "after keeps: expected in 37 min")
	assert.Contains(t, breaks.Why, "reliability 0.40 measured over 20 promises")
	assert.Contains(t, breaks.Why, "on its estimate alone it would come first, its broken promises cost it 36 min")
}

// TestPassedOverSaysWhy: a partner that cannot take the case is listed after
// the ranked ones, never asked, with its reason.
func TestPassedOverSaysWhy(t *testing.T) {
	heavyless := partner("no-heavy", 45.76, 4.84, 50, 0.99)
	heavyless.Capabilities.HeavyVehicles = false
	noEV := partner("no-ev", 45.76, 4.84, 50, 0.99)
	noEV.Capabilities.Electric = false
	noSeat := partner("no-seat", 45.76, 4.84, 50, 0.99)
	noSeat.Capabilities.Seats = 0
	dayOnly := partner("day-only", 45.76, 4.84, 50, 0.99)
	dayOnly.Hours = Hours{Open: "09:00", Close: "18:00", Days: []string{"mon", "tue"}, Zone: "Europe/Paris"}
	asked := partner("asked", 45.76, 4.84, 50, 0.99)
	need := lyon
	need.WeightKg, need.Electric, need.Seats, need.Exclude = 4200, true, 1, []string{"asked"}
	got := Network{Partners: []Partner{heavyless, noEV, noSeat, dayOnly, asked}}.Rank(need)
	assert.Empty(t, ids(got))
	assert.Equal(t, map[string]string{
		"no-heavy": "takes no vehicle over 3.5 t (this one weighs 4200 kg)",
		"no-ev":    "has no trucks for electric vehicles",
		"no-seat":  "has 0 passenger seats in its trucks, the case needs 1",
		"day-only": "closed at Tue 08:15 Europe/Paris (open 09:00–18:00 mon, tue)",
		"asked":    "already asked",
	}, passedOver(got))
}

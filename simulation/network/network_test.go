package network_test

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/network"
)

var t0 = time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)

// lyon is a breakdown in the centre of Lyon.
func lyon(provider, mission string) network.Order {
	return network.Order{Provider: provider, MissionID: mission, CaseID: "c-" + mission, Service: "assistance",
		Nature: "engine", Payer: "operator", Lat: 45.7578, Lon: 4.832, WeightKg: 1300}
}

// oneDepot is a provider with one depot in Lyon, always accepting, never late.
func oneDepot(trucks int) *network.Model {
	return &network.Model{Providers: []network.Provider{{ID: "p", Profile: network.Profile{
		Depots:  []network.Depot{{Name: "Lyon", Lat: 45.764, Lon: 4.8357, Trucks: trucks}},
		ReachKm: 100, SpeedKmh: 60, RoadFactor: 1, Answer: network.Answer{Mode: network.AnswerAtOnce},
		AcceptShare: 1, BusyRetry: network.Span{Min: network.Duration(time.Minute), Max: network.Duration(time.Hour)},
		Turnout: network.Span{Min: network.Duration(10 * time.Minute), Max: network.Duration(10 * time.Minute)},
		Repair:  network.Repair{Duration: network.Span{Min: network.Duration(30 * time.Minute), Max: network.Duration(30 * time.Minute)}},
		Tow:     network.Tow{Destination: "garage", DistanceKm: network.KmSpan{Min: 10, Max: 10}},
	}}}}
}

func TestDefaultModelIsValid(t *testing.T) {
	m, err := network.Default()
	require.NoError(t, err)
	for _, id := range []string{contract.OperatorPartner, "byd-assistance", "leaseco-assistance", "mutual-assistance", "someone-else"} {
		_, ok := m.Provider(id)
		assert.True(t, ok, id)
	}
}

func TestBadModelNamesTheField(t *testing.T) {
	tests := map[string]string{
		`{"providers":[{"id":"p","depots":[]}]}`: "providers[0].depots",
		`{"providers":[{"id":"p","depots":[{"name":"x","lat":95,"lon":0,"trucks":1}],"reach_km":1,"speed_kmh":1,"road_factor":1,"answer":{"mode":"at_once"},"accept_share":1,"busy_retry":{"min":"1m","max":"2m"},"repair":{"duration":{"min":"1m","max":"2m"}},"tow":{"destination":"g"}}]}`: "providers[0].depots[0].lat",
		`{"providers":[],"surprise":1}`:                                                                    "unknown field",
		`{"providers":[{"id":"p","turnout":{"min":"soon"}}]}`:                                              "not a duration",
		`{"other_providers":{"answer":{"mode":"later"}}}`:                                                  "other_providers.answer.mode",
		`{"providers":[{"id":"p","accept_share":1.5}]}`:                                                    "providers[0].accept_share",
		`{"providers":[{"id":"p","tow_share_by_nature":{"gremlins":1}}]}`:                                  "tow_share_by_nature.gremlins",
		`{"providers":[{"id":"p"}],"outages":[{"provider":"p","from":"7h","to":"10:00","answer":"busy"}]}`: "outages[0].from",
	}
	for in, want := range tests {
		_, err := network.Parse([]byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestSameSeedSameAnswers(t *testing.T) {
	m, err := network.Default()
	require.NoError(t, err)
	play := func(seed uint64) []network.Decision {
		n := network.New(m, seed)
		var out []network.Decision
		for i, p := range []string{"res-assistance", "byd-assistance", "leaseco-assistance", "mutual-assistance", "x-assistance"} {
			for j := range 5 {
				out = append(out, n.Offer(t0.Add(time.Duration(i*5+j)*time.Minute), lyon(p, string(rune('A'+j)))))
			}
		}
		return out
	}
	assert.Equal(t, play(7), play(7))
	assert.NotEqual(t, play(7), play(8), "another seed draws otherwise")
}

func TestMilestonesAreTimedFromTheDistance(t *testing.T) {
	n := network.New(oneDepot(1), 1)
	o := lyon("p", "M-1")
	o.Service = "on_site_repair"
	d := n.Offer(t0, o)
	require.Equal(t, network.Accepted, d.Verdict)
	// 0.8 km at 60 km/h (under a minute) after a 10 min turnout: promised in 11 min.
	assert.Equal(t, 11*time.Minute, d.ETA)
	kinds := []network.EventKind{}
	for _, e := range d.Events {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []network.EventKind{network.EnRoute, network.OnSite, network.Repaired}, kinds)
	assert.Equal(t, t0.Add(10*time.Minute), d.Events[0].At)
	assert.Equal(t, time.Minute, d.Events[0].ETA)
	assert.Equal(t, t0.Add(11*time.Minute), d.Events[1].At)
	assert.Equal(t, t0.Add(41*time.Minute), d.Events[2].At)

	o = lyon("p", "M-2")
	o.Service, o.TowTo = "tow", "charging_point"
	n = network.New(oneDepot(1), 1)
	d = n.Offer(t0, o)
	last := d.Events[len(d.Events)-1]
	assert.Equal(t, network.Towed, last.Kind)
	assert.Equal(t, "charging_point", last.Destination, "the order's tow_to wins")
	assert.Equal(t, t0.Add(21*time.Minute), last.At, "10 km of tow at 60 km/h after arriving")
}

func TestBusyUntilTheFirstTruckIsBack(t *testing.T) {
	n := network.New(oneDepot(1), 1)
	o := lyon("p", "M-1")
	o.Service = "on_site_repair"
	first := n.Offer(t0, o)
	require.Equal(t, network.Accepted, first.Verdict)
	busy := n.Offer(t0.Add(5*time.Minute), lyon("p", "M-2"))
	require.Equal(t, network.Busy, busy.Verdict)
	// repaired at +41 min, back at the depot under a minute later.
	assert.InDelta(t, (36 * time.Minute).Seconds(), busy.RetryAfter.Seconds(), 60)

	require.True(t, n.Cancel(t0.Add(6*time.Minute), first.AssignmentID))
	assert.Equal(t, network.Accepted, n.Offer(t0.Add(7*time.Minute), lyon("p", "M-2")).Verdict, "a cancelled assignment frees its truck")
	assert.False(t, n.Cancel(t0, "nobody"))
}

func TestRefusals(t *testing.T) {
	m := oneDepot(3)
	n := network.New(m, 1)
	far := lyon("p", "M-1")
	far.Lat, far.Lon = 48.8566, 2.3522 // Paris, 390 km away
	d := n.Offer(t0, far)
	assert.Equal(t, network.Rejected, d.Verdict)
	assert.Equal(t, "out_of_area", d.Reason)

	m.Providers[0].MaxWeightKg = 3500
	heavy := lyon("p", "M-2")
	heavy.WeightKg = 7500
	assert.Equal(t, "vehicle_too_heavy", network.New(m, 1).Offer(t0, heavy).Reason)

	assert.Equal(t, network.Unreachable, n.Offer(t0, lyon("unknown", "M-3")).Verdict, "no other_providers profile")
}

func TestAcknowledgedThenAnswered(t *testing.T) {
	m := oneDepot(1)
	m.Providers[0].Answer = network.Answer{Mode: network.AnswerAcknowledge,
		Delay: network.Span{Min: network.Duration(3 * time.Minute), Max: network.Duration(3 * time.Minute)}}
	d := network.New(m, 1).Offer(t0, lyon("p", "M-1"))
	require.Equal(t, network.Acknowledged, d.Verdict)
	require.NotEmpty(t, d.Events)
	assert.Equal(t, network.OfferAccepted, d.Events[0].Kind)
	assert.Equal(t, t0.Add(3*time.Minute), d.Events[0].At)
	assert.Equal(t, 11*time.Minute, d.Events[0].ETA, "the ETA runs from the answer")

	m.Providers[0].AcceptShare, m.Providers[0].RejectReasons = 0, []string{"no_driver"}
	d = network.New(m, 1).Offer(t0, lyon("p", "M-1"))
	require.Equal(t, network.Acknowledged, d.Verdict)
	assert.Equal(t, []network.Event{{At: t0.Add(3 * time.Minute), Kind: network.OfferRejected, Note: "no_driver"}}, d.Events)

	m.Providers[0].Answer.SilentShare = 1
	d = network.New(m, 1).Offer(t0, lyon("p", "M-1"))
	assert.Equal(t, network.Acknowledged, d.Verdict)
	assert.Empty(t, d.Events, "a silent provider never answers")
}

// TestCountersCountAnswersByWebhook: an order acknowledged and answered by
// webhook counts as acknowledged and as accepted (or rejected, or silent):
// a day answered by webhook does not show Accepted:0.
func TestCountersCountAnswersByWebhook(t *testing.T) {
	m := oneDepot(3)
	m.Providers[0].Answer = network.Answer{Mode: network.AnswerAcknowledge,
		Delay: network.Span{Min: network.Duration(time.Minute), Max: network.Duration(time.Minute)}}
	n := network.New(m, 1)
	n.Offer(t0, lyon("p", "M-1"))
	far := lyon("p", "M-2")
	far.Lat, far.Lon = 48.8566, 2.3522
	n.Offer(t0, far)
	assert.Equal(t, network.Stats{Orders: 2, Accepted: 1, Rejected: 1, Acknowledged: 2, Repairs: 1}, n.Stats())

	m.Providers[0].Answer.SilentShare = 1
	n = network.New(m, 1)
	n.Offer(t0, lyon("p", "M-1"))
	assert.Equal(t, network.Stats{Orders: 1, Acknowledged: 1, Silent: 1}, n.Stats())

	at := oneDepot(1)
	n = network.New(at, 1)
	n.Offer(t0, lyon("p", "M-1"))
	assert.Equal(t, network.Stats{Orders: 1, Accepted: 1, Repairs: 1}, n.Stats(), "answered at once: counted once")
}

func TestOutagesAndQuotes(t *testing.T) {
	m := oneDepot(2)
	m.Providers[0].Quotes = []network.Price{{Option: "tow", BaseEUR: 100, PerKmEUR: 2}, {Option: "on_site_repair", BaseEUR: 80}}
	m.Outages = []network.Outage{{Provider: "p", From: "07:00", To: "10:00", Answer: "busy"}, {Provider: "p", From: "23:00", To: "01:00", Answer: "unreachable"}}
	require.NoError(t, m.Validate())
	n := network.New(m, 1)
	d := n.Offer(t0, lyon("p", "M-1"))
	assert.Equal(t, network.Busy, d.Verdict)
	assert.Equal(t, time.Hour, d.RetryAfter, "two hours to the outage's end, bounded by busy_retry.max")
	assert.Equal(t, network.Unreachable, n.Offer(time.Date(2026, 3, 10, 0, 30, 0, 0, time.UTC), lyon("p", "M-1")).Verdict)
	assert.Equal(t, network.Accepted, n.Offer(t0.Add(2*time.Hour), lyon("p", "M-1")).Verdict)

	q, ok := n.Quotes(t0, "p", 45.7578, 4.832)
	require.True(t, ok)
	// 0.7 km from the depot: 100 + 1.4, rounded.
	assert.Equal(t, []network.Quote{{Option: "tow", PriceEUR: 101}, {Option: "on_site_repair", PriceEUR: 80}}, q)
	_, ok = n.Quotes(t0, "unknown", 45.7578, 4.832)
	assert.False(t, ok)
}

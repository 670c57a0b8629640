package simulator_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// lyonModel is one provider with one truck in Lyon that always repairs on site.
func lyonModel() *network.Model {
	return &network.Model{Providers: []network.Provider{{ID: "res-assistance", Profile: network.Profile{
		Depots:  []network.Depot{{Name: "Lyon", Lat: 45.764, Lon: 4.8357, Trucks: 1}},
		ReachKm: 100, SpeedKmh: 60, RoadFactor: 1, Answer: network.Answer{Mode: network.AnswerAtOnce}, AcceptShare: 1,
		BusyRetry: network.Span{Min: network.Duration(time.Minute), Max: network.Duration(10 * time.Minute)},
		Turnout:   network.Span{Min: network.Duration(5 * time.Minute), Max: network.Duration(5 * time.Minute)},
		Repair:    network.Repair{Duration: network.Span{Min: network.Duration(20 * time.Minute), Max: network.Duration(20 * time.Minute)}},
		Tow:       network.Tow{Destination: "garage"},
		Quotes:    []network.Price{{Option: "tow", BaseEUR: 120}},
	}}}}
}

// modelDispatch posts an unscripted order located in Lyon.
func modelDispatch(t *testing.T, url, provider, missionID, key, callback string) answer {
	t.Helper()
	return call(t, url+"/providers/"+provider+"/assignments", key, map[string]any{
		"idempotency_key": key, "case_id": "breakdown-" + missionID + "/run", "provider": provider,
		"service": "assistance", "mission_id": missionID, "callback_url": callback, "nature": "flat_tyre",
		"location": map[string]any{"lat": 45.7578, "lon": 4.832, "country": "FR"},
		"vehicle":  map[string]any{"vin": "VF1RFB00X00000001", "weight_kg": 1200}, "symptoms": []string{"flat_tyre"},
	})
}

func TestNetworkModelPlaysUnscriptedMissions(t *testing.T) {
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{TimeScale: 6000, Network: network.New(lyonModel(), 1)},
		mission("M-SCRIPTED", map[string]*scenario.ProviderScript{"byd-assistance": script(t, []string{"reject reason=scripted"}, nil, nil)}))

	a := modelDispatch(t, srv.URL, "res-assistance", "M-OWN", "k1", rc.url("res-assistance"))
	require.Equal(t, http.StatusCreated, a.Status, a.Body)
	id := a.Body["assignment_id"].(string)
	assert.Equal(t, 0.0, a.Body["eta_seconds"], "6 min at scale 6000 is 0.06 s")

	busy := modelDispatch(t, srv.URL, "res-assistance", "M-OTHER", "k2", rc.url("res-assistance"))
	assert.Equal(t, http.StatusTooManyRequests, busy.Status, "its only truck is out")
	assert.NotEmpty(t, busy.Header.Get("Retry-After"))

	require.Eventually(t, func() bool { ev, _, _ := rc.got(); return len(ev) == 3 }, 5*time.Second, 5*time.Millisecond)
	events, _, bad := rc.got()
	assert.Empty(t, bad)
	kinds := []string{}
	for _, ev := range events {
		kinds = append(kinds, ev["kind"].(string))
		assert.Equal(t, id, ev["assignment_id"])
	}
	assert.Equal(t, []string{"en_route", "on_site", "repaired"}, kinds)

	scripted := modelDispatch(t, srv.URL, "byd-assistance", "M-SCRIPTED", "k3", rc.url("byd-assistance"))
	assert.Equal(t, http.StatusUnprocessableEntity, scripted.Status, "a scripted mission keeps its script")
	assert.Equal(t, "scripted", scripted.Body["reason"])
	assert.Equal(t, http.StatusServiceUnavailable, modelDispatch(t, srv.URL, "nobody", "M-OWN", "k4", rc.url("nobody")).Status,
		"a provider the model does not play is unreachable")

	q := call(t, srv.URL+"/providers/res-assistance/quotes", "", map[string]any{"case_id": "c", "mission_id": "M-OWN",
		"provider": "res-assistance", "location": map[string]any{"lat": 45.7578, "lon": 4.832, "country": "FR"}})
	assert.Equal(t, map[string]any{"options": []any{map[string]any{"option": "tow", "price_eur": 120.0}}}, q.Body)

	st := sim.Stats()
	require.NotNil(t, st.Network)
	assert.Equal(t, network.Stats{Orders: 3, Accepted: 1, Busy: 1, Unreachable: 1, Repairs: 1}, *st.Network)
}

func TestNetworkModelCancelFreesTheTruck(t *testing.T) {
	rc := newReceiver(t, nil)
	_, srv := start(t, simulator.Config{TimeScale: 60, Network: network.New(lyonModel(), 1)})
	a := modelDispatch(t, srv.URL, "res-assistance", "M-1", "k1", rc.url("res-assistance"))
	require.Equal(t, http.StatusCreated, a.Status)
	c := call(t, srv.URL+"/providers/res-assistance/assignments/"+a.Body["assignment_id"].(string)+"/cancel", "k1/cancel",
		map[string]any{"idempotency_key": "k1/cancel", "case_id": "c", "reason": "offer_expired"})
	require.Equal(t, http.StatusOK, c.Status)
	assert.Equal(t, http.StatusCreated, modelDispatch(t, srv.URL, "res-assistance", "M-2", "k2", rc.url("res-assistance")).Status)
	time.Sleep(50 * time.Millisecond)
	events, _, _ := rc.got()
	for _, ev := range events {
		assert.NotEqual(t, a.Body["assignment_id"], ev["assignment_id"], "no event of a cancelled assignment")
	}
}

// TestNetworkModelOverHTTPConforms plays unscripted orders on the default
// network model through our HTTP client and our webhook API, checking every
// exchange (acknowledgements, offer answers, milestones, eta events; every
// provider switched to acknowledge in its profile) against
// api/openapi.yaml.
func TestNetworkModelOverHTTPConforms(t *testing.T) {
	p04, err := scenarios.Named("p04_new_vehicle_manufacturer.json")
	require.NoError(t, err)
	model, err := network.Default()
	require.NoError(t, err)
	// Every provider acknowledges and answers later; late trucks announce a new ETA.
	for i := range model.Providers {
		p := &model.Providers[i].Profile
		p.Answer = network.Answer{Mode: network.AnswerAcknowledge, SilentShare: 0.1,
			Delay: network.Span{Min: network.Duration(30 * time.Second), Max: network.Duration(4 * time.Minute)}}
		p.Late.Share, p.Late.AnnounceShare = 0.5, 1
	}
	require.NoError(t, model.Validate())
	sim := simulator.New(simulator.Config{TimeScale: 6000, WebhookKeys: keys, WebhookBackoff: time.Millisecond,
		Network: network.New(model, 3)})
	spec, sig, client := overHTTP(t, sim)

	ctx := context.Background()
	missions := 0
	for _, p := range []string{"res-assistance", "byd-assistance", "leaseco-assistance", "mutual-assistance", "any-assistance"} {
		for i := range 4 {
			missions++
			mission := fmt.Sprintf("M-NET-%d", missions)
			order := activities.DispatchOrder{IdempotencyKey: mission + "/1", CaseID: "breakdown-" + mission + "/run", Provider: p,
				Service: "assistance", MissionID: mission, Vehicle: p04.Report.Vehicle, Location: p04.Report.Location,
				Nature: []contract.Nature{"engine", "flat_tyre", "battery_12v", "transmission"}[i], Symptoms: p04.Report.Symptoms,
				Payer: contract.PayerOperator}
			_, err := client.Dispatch(ctx, order)
			require.NoError(t, err, mission)
		}
		_, err := client.Quote(ctx, activities.QuoteRequest{IdempotencyKey: "q", CaseID: "breakdown-M-Q/run", Provider: p,
			Vehicle: p04.Report.Vehicle, Location: p04.Report.Location, Nature: "engine"})
		require.NoError(t, err)
	}
	finals := func() int {
		n := 0
		for i := 1; i <= missions; i++ {
			for _, m := range sig.of(fmt.Sprintf("breakdown-M-NET-%d", i)) {
				if m.Kind.Final() || m.Kind == contract.MilestoneOfferRejected {
					n++
				}
			}
		}
		return n
	}
	st := func() network.Stats { return *sim.Stats().Network }
	if !assert.Eventually(t, func() bool { return finals() == missions-st().Silent-st().Rejected-st().Busy }, 20*time.Second, 20*time.Millisecond) {
		t.Logf("finals %d of %d; %+v; %+v", finals(), missions, st(), sim.Stats())
	}
	problems, checked := spec.report()
	assert.Empty(t, problems)
	assert.Positive(t, checked["receiveProviderEvent"])
	assert.Positive(t, checked["requestQuotes"])
	assert.Zero(t, sim.Stats().WebhookFailures)
	t.Logf("network model: %+v; exchanges checked: %v", st(), checked)
}

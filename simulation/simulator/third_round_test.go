package simulator_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

// TestInformedAtTheReport: every provider takes the information at the
// report, scripted or not, once per key, without using its scripted answers.
func TestInformedAtTheReport(t *testing.T) {
	c := newConformance(t)
	sim := simulator.New(simulator.Config{TimeScale: 60000, WebhookKeys: keys})
	sim.Load([]*scenario.Scenario{mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"busy", "accept eta=40m"}, nil, nil),
	})})
	srv := httptest.NewServer(c.wrap(sim))
	t.Cleanup(func() { srv.Close(); sim.Close() })
	inform := func(provider, mission, key string) answer {
		return call(t, srv.URL+"/providers/"+provider+"/breakdown-notices", key, map[string]any{
			"idempotency_key": key, "case_id": "breakdown-" + mission + "/run", "mission_id": mission, "provider": provider,
			"vehicle":  map[string]any{"vin": "LGXCE4CB0P0000001", "plate": "GA-1", "make": "BYD", "energy": "electric", "kind": "new"},
			"location": map[string]any{"country": "FR", "public_road": true}, "symptoms": []string{"no_start"},
			"broke_down_at": "2026-03-10T08:15:00Z", "reported_at": "2026-03-10T09:05:00Z",
		})
	}
	first := inform("byd-assistance", "M-1", "k1")
	assert.Equal(t, http.StatusCreated, first.Status)
	assert.NotEmpty(t, first.Body["reference"])
	again := inform("byd-assistance", "M-1", "k1")
	assert.Equal(t, http.StatusOK, again.Status, "a repeat gets the same receipt")
	assert.Equal(t, first.Body, again.Body)
	assert.Equal(t, http.StatusCreated, inform("leaseco-assistance", "M-UNSCRIPTED", "k2").Status, "unscripted: taken too")
	assert.Equal(t, 2, sim.Stats().Informed)
	assert.Len(t, sim.Records("/breakdown-notices", "M-1"), 1)
	// The dispatch answers are untouched: the first dispatch still gets "busy".
	assert.Equal(t, http.StatusTooManyRequests, dispatch(t, srv, "byd-assistance", "M-1", "d1", "http://127.0.0.1:1/cb").Status)
	problems, checked := c.report()
	for _, p := range problems {
		assert.NotContains(t, p, "informOfBreakdown", "the information conforms to the spec")
	}
	assert.Equal(t, 3, checked["informOfBreakdown"])
}

// TestServicesAnswers: a provider's services answers confirm the service
// orders, leaving its dispatch answers to the dispatch requests.
func TestServicesAnswers(t *testing.T) {
	byd := script(t, []string{"busy"}, nil, nil)
	for _, raw := range []string{"reject reason=no_hotel", "accept"} {
		a, err := scenario.ParseServiceAnswer(raw)
		require.NoError(t, err)
		byd.Services = append(byd.Services, a)
	}
	_, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{"byd-assistance": byd}))
	order := func(key, service string) answer {
		return call(t, srv.URL+"/providers/byd-assistance/services", key, map[string]any{"idempotency_key": key,
			"case_id": "breakdown-M-1/run", "mission_id": "M-1", "provider": "byd-assistance", "service": service})
	}
	assert.Equal(t, http.StatusUnprocessableEntity, order("s1", "hotel").Status, "the first services answer")
	assert.Equal(t, http.StatusCreated, order("s2", "onward_travel").Status, "the second")
	assert.Equal(t, http.StatusCreated, order("s3", "taxi").Status, "the last repeats")
	assert.Equal(t, http.StatusTooManyRequests, dispatch(t, srv, "byd-assistance", "M-1", "d1", "http://127.0.0.1:1/cb").Status,
		"the dispatch answers were not used up by the service orders")
}

// TestClientEndpointDown: client.notices "unreachable" refuses every notice of
// the mission; the valet's app records its notices.
func TestClientEndpointDown(t *testing.T) {
	down := mission("M-DOWN", nil)
	down.Client = &scenario.Client{Notices: scenario.NoticesUnreachable}
	sim, srv := start(t, simulator.Config{}, down)
	assert.Equal(t, http.StatusServiceUnavailable, call(t, srv.URL+"/client/notices", "", map[string]any{"mission_id": "M-DOWN", "kind": "qualified"}).Status)
	assert.Equal(t, http.StatusAccepted, call(t, srv.URL+"/client/notices", "", map[string]any{"mission_id": "M-UP", "kind": "qualified"}).Status)
	assert.Empty(t, sim.Records("/client/notices", "M-DOWN"))
	assert.Equal(t, 1, sim.Stats().NoticesRefused)
	assert.Equal(t, http.StatusAccepted, call(t, srv.URL+"/valet/notices", "", map[string]any{"mission_id": "M-DOWN", "kind": "assistance_dispatched"}).Status)
	assert.Len(t, sim.Records("/valet/notices", "M-DOWN"), 1)
}

package simulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

func TestQuotes(t *testing.T) {
	_, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"res-assistance": script(t, nil, nil, []string{"tow 180", "on_site_repair 95.5"}),
		"byd-assistance": script(t, []string{"accept eta=40m"}, nil, nil),
	}))
	q := call(t, srv.URL+"/providers/res-assistance/quotes", "", map[string]any{"case_id": "c", "mission_id": "M-1"})
	assert.Equal(t, http.StatusOK, q.Status)
	assert.Equal(t, []any{map[string]any{"option": "tow", "price_eur": 180.0},
		map[string]any{"option": "on_site_repair", "price_eur": 95.5}}, q.Body["options"])

	q = call(t, srv.URL+"/providers/byd-assistance/quotes", "", map[string]any{"case_id": "c", "mission_id": "M-1"})
	assert.Equal(t, []any{}, q.Body["options"])
	assert.Equal(t, http.StatusServiceUnavailable,
		call(t, srv.URL+"/providers/other/quotes", "", map[string]any{"case_id": "c", "mission_id": "M-1"}).Status)
	assert.Equal(t, http.StatusBadRequest, call(t, srv.URL+"/providers/res-assistance/quotes", "", map[string]any{"case_id": "c"}).Status)
}

func TestServices(t *testing.T) {
	sim, srv := start(t, simulator.Config{})
	order := func(key, service string) answer {
		return call(t, srv.URL+"/providers/byd-assistance/services", key, map[string]any{"idempotency_key": key,
			"case_id": "breakdown-M-1/run", "mission_id": "M-1", "provider": "byd-assistance", "service": service, "cap": "3 nights"})
	}
	first := order("s1", "hotel")
	assert.Equal(t, http.StatusCreated, first.Status)
	assert.NotEmpty(t, first.Body["reference"])
	again := order("s1", "hotel")
	assert.Equal(t, http.StatusOK, again.Status)
	assert.Equal(t, first.Body, again.Body)
	assert.Zero(t, sim.Stats().DuplicateOrders)

	assert.Equal(t, http.StatusCreated, order("s2", "hotel").Status)
	assert.Equal(t, 1, sim.Stats().DuplicateOrders, "the same service ordered twice under two keys")
	assert.Equal(t, http.StatusCreated, order("s3", "replacement_vehicle").Status)
	assert.Equal(t, 1, sim.Stats().DuplicateOrders)
	assert.Equal(t, http.StatusBadRequest, order("", "hotel").Status)
}

func TestRecordsAndStats(t *testing.T) {
	sim, srv := start(t, simulator.Config{})
	for _, n := range []map[string]any{
		{"mission_id": "M-1", "kind": "breakdown_reported"}, {"mission_id": "M-2", "kind": "breakdown_reported"},
		{"mission_id": "M-1", "kind": "towed"},
	} {
		assert.Equal(t, http.StatusAccepted, call(t, srv.URL+"/client/notices", "", n).Status)
	}
	assert.Equal(t, http.StatusAccepted, call(t, srv.URL+"/ops/alerts", "", map[string]any{"mission_id": "M-1", "reason": "goa"}).Status)
	assert.Equal(t, http.StatusAccepted, call(t, srv.URL+"/beneficiary/offers", "", map[string]any{"mission_id": "M-1", "services": []string{"hotel"}}).Status)
	update := map[string]any{"idempotency_key": "u1", "mission_id": "M-1", "mission": "reorganised"}
	assert.Equal(t, http.StatusCreated, call(t, srv.URL+"/missions/updates", "u1", update).Status)
	assert.Equal(t, http.StatusOK, call(t, srv.URL+"/missions/updates", "u1", update).Status)
	assert.Equal(t, http.StatusBadRequest, call(t, srv.URL+"/missions/updates", "", update).Status)
	assert.Equal(t, http.StatusBadRequest, call(t, srv.URL+"/client/notices", "", []int{1}).Status)

	var notices []map[string]any
	get(t, srv.URL+"/client/notices?mission_id=M-1", &notices)
	assert.Equal(t, []map[string]any{{"mission_id": "M-1", "kind": "breakdown_reported"}, {"mission_id": "M-1", "kind": "towed"}}, notices)
	get(t, srv.URL+"/client/notices", &notices)
	assert.Len(t, notices, 3)
	var updates []map[string]any
	get(t, srv.URL+"/missions/updates?mission_id=M-1", &updates)
	assert.Len(t, updates, 1, "a repeated update is recorded once")
	assert.Len(t, sim.Records("/ops/alerts", "M-1"), 1)
	assert.Len(t, sim.Records("/beneficiary/offers", "M-2"), 0)

	var st simulator.Stats
	get(t, srv.URL+"/stats", &st)
	assert.Equal(t, simulator.Stats{Requests: 2, RepeatedRequests: 1}, st)
	assert.Equal(t, sim.Stats(), st)
}

func get(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}

func TestServiceCancel(t *testing.T) {
	sim, srv := start(t, simulator.Config{})
	order := func(key string) answer {
		return call(t, srv.URL+"/providers/byd-assistance/services", key, map[string]any{"idempotency_key": key,
			"case_id": "breakdown-M-1/run", "mission_id": "M-1", "provider": "byd-assistance", "service": "hotel"})
	}
	cancel := func(key, orderKey string) answer {
		return call(t, srv.URL+"/providers/byd-assistance/services/cancel", key, map[string]any{"idempotency_key": key,
			"case_id": "breakdown-M-1/run", "provider": "byd-assistance", "service": "hotel", "order_key": orderKey,
			"reason": "case cancelled by client"})
	}
	ordered := order("s1")
	require.Equal(t, http.StatusCreated, ordered.Status)

	c := cancel("s1/cancel", "s1")
	assert.Equal(t, http.StatusOK, c.Status)
	assert.Equal(t, map[string]any{"status": "cancelled", "order_key": "s1", "reference": ordered.Body["reference"]}, c.Body)
	again := cancel("s1/cancel", "s1")
	assert.Equal(t, c.Body, again.Body, "a repeated cancellation gets the first answer")
	assert.Equal(t, 1, sim.Stats().Cancels)

	assert.Equal(t, http.StatusCreated, order("s2").Status)
	assert.Zero(t, sim.Stats().DuplicateOrders, "a cancelled service may be ordered again")

	nothing := cancel("s3/cancel", "s3")
	assert.Equal(t, "nothing_held", nothing.Body["status"])
	late := order("s3")
	assert.Equal(t, http.StatusUnprocessableEntity, late.Status, "an order cancelled before it arrived is refused")
	assert.Equal(t, "cancelled", late.Body["error"])

	assert.Equal(t, http.StatusBadRequest, cancel("s4/cancel", "").Status)
}

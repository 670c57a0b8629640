package simulator_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

const cb = "http://127.0.0.1:1/v1/providers/byd-assistance/events"

func TestScriptedAnswers(t *testing.T) {
	_, srv := start(t, simulator.Config{TimeScale: 60}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"busy retry=2m", "reject reason=out_of_area", "accept eta=40m", "unreachable"}, nil, nil),
	}))
	tests := []struct {
		name    string
		status  int
		headers map[string]string
		body    map[string]any
	}{
		{"busy", http.StatusTooManyRequests, map[string]string{"Retry-After": "2", "X-Retry-After-Ms": ""},
			map[string]any{"status": "busy", "retry_after_seconds": 2.0}},
		{"reject", http.StatusUnprocessableEntity, nil, map[string]any{"status": "rejected", "reason": "out_of_area"}},
		{"accept", http.StatusCreated, nil, map[string]any{"status": "accepted", "assignment_id": "byd-assistance-1", "eta_seconds": 40.0}},
		{"unreachable", http.StatusServiceUnavailable, nil, nil},
		{"the last answer repeats", http.StatusServiceUnavailable, nil, nil},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := dispatch(t, srv, "byd-assistance", "M-1", "k"+string(rune('a'+i)), cb)
			assert.Equal(t, tc.status, a.Status)
			for k, v := range tc.headers {
				assert.Equal(t, v, a.Header.Get(k), k)
			}
			if tc.body != nil {
				assert.Equal(t, tc.body, a.Body)
			}
		})
	}
}

func TestScaledRetryAfterBelowASecond(t *testing.T) {
	_, srv := start(t, simulator.Config{TimeScale: 120}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"busy"}, nil, nil), // 60 s by default
	}))
	a := dispatch(t, srv, "byd-assistance", "M-1", "k1", cb)
	require.Equal(t, http.StatusTooManyRequests, a.Status)
	assert.Equal(t, "1", a.Header.Get("Retry-After"), "whole seconds, rounded up")
	assert.Equal(t, "500", a.Header.Get("X-Retry-After-Ms"))
}

func TestUnscriptedIsUnreachable(t *testing.T) {
	_, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"res-assistance": script(t, nil, nil, []string{"tow 180"}),
	}))
	assert.Equal(t, http.StatusServiceUnavailable, dispatch(t, srv, "byd-assistance", "M-1", "k1", cb).Status, "no script for the provider")
	assert.Equal(t, http.StatusServiceUnavailable, dispatch(t, srv, "res-assistance", "M-1", "k2", cb).Status, "no dispatch answers")
	assert.Equal(t, http.StatusServiceUnavailable, dispatch(t, srv, "byd-assistance", "M-9", "k3", cb).Status, "unknown mission")
}

func TestUnreachableCanDropTheConnection(t *testing.T) {
	_, srv := start(t, simulator.Config{DropUnreachable: true})
	_, err := http.Post(srv.URL+"/providers/p/quotes", "application/json",
		jsonBody(`{"mission_id":"M-1","case_id":"c"}`))
	assert.Error(t, err, "the connection is dropped")
}

func TestIdempotentReplay(t *testing.T) {
	sim, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"busy", "accept eta=40m", "reject reason=late"}, nil, nil),
	}))
	first := dispatch(t, srv, "byd-assistance", "M-1", "k1", cb)
	again := dispatch(t, srv, "byd-assistance", "M-1", "k1", cb)
	assert.Equal(t, http.StatusTooManyRequests, again.Status)
	assert.Equal(t, first.Body, again.Body)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))

	accepted := dispatch(t, srv, "byd-assistance", "M-1", "k2", cb)
	require.Equal(t, http.StatusCreated, accepted.Status)
	replayed := dispatch(t, srv, "byd-assistance", "M-1", "k2", cb)
	assert.Equal(t, http.StatusOK, replayed.Status, "a replayed acceptance is 200")
	assert.Equal(t, accepted.Body, replayed.Body)

	assert.Equal(t, http.StatusUnprocessableEntity, dispatch(t, srv, "byd-assistance", "M-1", "k3", cb).Status,
		"repeats do not advance the script")
	st := sim.Stats()
	assert.Equal(t, 5, st.Requests)
	assert.Equal(t, 2, st.RepeatedRequests)
	assert.Zero(t, st.DuplicateOrders)
}

func TestUnreachableRetryGetsTheNextAnswer(t *testing.T) {
	sim, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"unreachable", "accept eta=40m"}, nil, nil),
	}))
	assert.Equal(t, http.StatusServiceUnavailable, dispatch(t, srv, "byd-assistance", "M-1", "k1", cb).Status)
	assert.Equal(t, http.StatusCreated, dispatch(t, srv, "byd-assistance", "M-1", "k1", cb).Status,
		"an unanswered key is not remembered; like the in-process providers, the retry gets the next answer")
	assert.Zero(t, sim.Stats().RepeatedRequests)
}

func TestMalformedRequests(t *testing.T) {
	_, srv := start(t, simulator.Config{})
	tests := []struct {
		name, key, field string
		body             map[string]any
	}{
		{"no key", "", "Idempotency-Key", map[string]any{"mission_id": "M", "case_id": "c", "callback_url": cb}},
		{"no mission", "k", "mission_id", map[string]any{"case_id": "c", "callback_url": cb}},
		{"no callback", "k", "callback_url", map[string]any{"mission_id": "M", "case_id": "c"}},
		{"relative callback", "k", "callback_url", map[string]any{"mission_id": "M", "case_id": "c", "callback_url": "/events"}},
		{"key mismatch", "k", "idempotency_key", map[string]any{"idempotency_key": "other", "mission_id": "M", "case_id": "c", "callback_url": cb}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, srv.URL+"/providers/p/assignments", tc.key, tc.body)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			assert.Equal(t, tc.field, a.Body["field"])
		})
	}
	a := call(t, srv.URL+"/providers/p/assignments", "k", "not an object")
	assert.Equal(t, http.StatusBadRequest, a.Status)
}

func TestDuplicateOrders(t *testing.T) {
	sim, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"accept eta=40m"}, nil, nil),
	}))
	a1 := dispatch(t, srv, "byd-assistance", "M-1", "k1", cb)
	require.Equal(t, http.StatusCreated, dispatch(t, srv, "byd-assistance", "M-1", "k2", cb).Status)
	assert.Equal(t, 1, sim.Stats().DuplicateOrders, "two open assignments for one mission and provider")

	require.Equal(t, http.StatusOK, call(t, srv.URL+"/providers/byd-assistance/assignments/byd-assistance-2/cancel", "c1",
		map[string]any{"case_id": "c", "reason": "x"}).Status)
	require.Equal(t, http.StatusCreated, dispatch(t, srv, "byd-assistance", "M-1", "k3", cb).Status)
	assert.Equal(t, 2, sim.Stats().DuplicateOrders, "the first assignment is still open")

	for i, id := range []string{a1.Body["assignment_id"].(string), "byd-assistance-3"} {
		require.Equal(t, http.StatusOK, call(t, srv.URL+"/providers/byd-assistance/assignments/"+id+"/cancel", "c"+id,
			map[string]any{"case_id": "c", "reason": "x"}).Status, i)
	}
	require.Equal(t, http.StatusCreated, dispatch(t, srv, "byd-assistance", "M-1", "k4", cb).Status)
	assert.Equal(t, 2, sim.Stats().DuplicateOrders, "an order after the cancellations is no duplicate")
	assert.Equal(t, 3, sim.Stats().Cancels)
}

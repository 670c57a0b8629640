package simulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

func TestEventsInOrderAndSigned(t *testing.T) {
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"accept eta=40m"},
			[]string{"en_route +5m", "on_site +40m", "towed +95m to=authorised_repairer repair=5d"}, nil),
	}))
	begin := time.Now()
	a := dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
	require.Equal(t, http.StatusCreated, a.Status)
	id := a.Body["assignment_id"].(string)
	assert.Equal(t, 0.0, a.Body["eta_seconds"], "40 min at scale 60000 is 0.04 s")

	require.Eventually(t, func() bool { ev, _, _ := rc.got(); return len(ev) == 3 }, 5*time.Second, 5*time.Millisecond)
	assert.GreaterOrEqual(t, time.Since(begin), 95*time.Millisecond, "the last event comes at its scaled offset")
	events, deliveries, bad := rc.got()
	assert.Empty(t, bad, "every signature checks")
	assert.Equal(t, 3, deliveries)
	kinds := []string{}
	for i, ev := range events {
		kinds = append(kinds, ev["kind"].(string))
		assert.Equal(t, id, ev["assignment_id"])
		assert.Equal(t, "M-1", ev["mission_id"])
		assert.Equal(t, id+"-e"+string(rune('1'+i)), ev["event_id"])
		_, err := time.Parse(time.RFC3339, ev["at"].(string))
		assert.NoError(t, err)
	}
	assert.Equal(t, []string{"en_route", "on_site", "towed"}, kinds)
	assert.Equal(t, "authorised_repairer", events[2]["destination"])
	assert.Equal(t, 5.0, events[2]["repair_days"])
	st := sim.Stats()
	assert.Equal(t, 3, st.WebhooksSent)
	assert.Zero(t, st.WebhookFailures)
}

func TestCancellationStopsEvents(t *testing.T) {
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"on_site +10h", "towed +11h to=garage"}, nil),
	}))
	a := dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
	id := a.Body["assignment_id"].(string)
	c := call(t, srv.URL+"/providers/byd-assistance/assignments/"+id+"/cancel", "k1/cancel",
		map[string]any{"idempotency_key": "k1/cancel", "case_id": "c", "reason": "client cancelled"})
	assert.Equal(t, http.StatusOK, c.Status)
	assert.Equal(t, map[string]any{"status": "cancelled", "assignment_id": id}, c.Body)
	again := call(t, srv.URL+"/providers/byd-assistance/assignments/"+id+"/cancel", "k1/cancel",
		map[string]any{"case_id": "c", "reason": "client cancelled"})
	assert.Equal(t, c.Body, again.Body)

	time.Sleep(800 * time.Millisecond) // the events were due at 600 and 660 ms
	events, _, _ := rc.got()
	assert.Empty(t, events)
	st := sim.Stats()
	assert.Equal(t, 1, st.Cancels)
	assert.Equal(t, 1, st.RepeatedRequests)
	assert.Zero(t, st.WebhooksSent)

	unknown := call(t, srv.URL+"/providers/byd-assistance/assignments/nope/cancel", "x", map[string]any{"case_id": "c", "reason": "x"})
	assert.Equal(t, http.StatusNotFound, unknown.Status)
}

func TestCancelByDispatchKey(t *testing.T) {
	rc := newReceiver(t, nil)
	_, srv := start(t, simulator.Config{}, mission("M-1", map[string]*scenario.ProviderScript{
		"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"on_site +10h"}, nil),
	}))
	a := dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
	c := call(t, srv.URL+"/providers/byd-assistance/assignments/cancel", "k1/cancel",
		map[string]any{"case_id": "c", "dispatch_key": "k1", "reason": "x"})
	assert.Equal(t, http.StatusOK, c.Status)
	assert.Equal(t, "cancelled", c.Body["status"])
	assert.Equal(t, a.Body["assignment_id"], c.Body["assignment_id"])

	// A key cancelled before its order arrives: the late order is rejected.
	c = call(t, srv.URL+"/providers/byd-assistance/assignments/cancel", "k2/cancel",
		map[string]any{"case_id": "c", "dispatch_key": "k2", "reason": "x"})
	assert.Equal(t, map[string]any{"status": "nothing_held", "dispatch_key": "k2"}, c.Body)
	late := dispatch(t, srv, "byd-assistance", "M-1", "k2", rc.url("byd-assistance"))
	assert.Equal(t, http.StatusUnprocessableEntity, late.Status)
	assert.Equal(t, "cancelled", late.Body["reason"])

	missing := call(t, srv.URL+"/providers/byd-assistance/assignments/cancel", "k3/cancel", map[string]any{"case_id": "c"})
	assert.Equal(t, http.StatusBadRequest, missing.Status)
	assert.Equal(t, "dispatch_key", missing.Body["field"])

	time.Sleep(700 * time.Millisecond) // the event was due at 600 ms
	events, _, _ := rc.got()
	assert.Empty(t, events)
}

func TestWebhookRetries(t *testing.T) {
	tests := []struct {
		name       string
		answer     func(n int) int
		deliveries int
		sent, fail int
	}{
		{"503 twice then accepted", func(n int) int { return map[bool]int{true: 503, false: 202}[n <= 2] }, 3, 1, 0},
		{"429 then repeated event", func(n int) int { return map[bool]int{true: 429, false: 200}[n <= 1] }, 2, 1, 0},
		{"404 unknown case: no retry", func(int) int { return 404 }, 1, 0, 1},
		{"400: no retry", func(int) int { return 400 }, 1, 0, 1},
		{"always 500: bounded", func(int) int { return 500 }, 3, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rc := newReceiver(t, tc.answer)
			sim, srv := start(t, simulator.Config{WebhookAttempts: 3, WebhookBackoff: time.Millisecond},
				mission("M-1", map[string]*scenario.ProviderScript{
					"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"repaired +1m"}, nil),
				}))
			dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
			require.Eventually(t, func() bool { st := sim.Stats(); return st.WebhooksSent+st.WebhookFailures == 1 },
				5*time.Second, 2*time.Millisecond)
			_, deliveries, _ := rc.got()
			assert.Equal(t, tc.deliveries, deliveries)
			st := sim.Stats()
			assert.Equal(t, tc.sent, st.WebhooksSent)
			assert.Equal(t, tc.fail, st.WebhookFailures)
		})
	}
}

func TestWebhookToNowhereIsBounded(t *testing.T) {
	sim, srv := start(t, simulator.Config{WebhookAttempts: 2, WebhookBackoff: time.Millisecond},
		mission("M-1", map[string]*scenario.ProviderScript{
			"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"repaired +1m"}, nil),
		}))
	dispatch(t, srv, "byd-assistance", "M-1", "k1", "http://127.0.0.1:1/events")
	require.Eventually(t, func() bool { return sim.Stats().WebhookFailures == 1 }, 5*time.Second, 2*time.Millisecond)
}

func TestPerProviderKey(t *testing.T) {
	other, err := webhooksig.ParseKeys("byd-assistance=k9:another-secret-0123456789")
	require.NoError(t, err)
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{WebhookKeys: other},
		mission("M-1", map[string]*scenario.ProviderScript{
			"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"repaired +1m"}, nil),
		}))
	dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
	require.Eventually(t, func() bool { return sim.Stats().WebhookFailures == 1 }, 5*time.Second, 2*time.Millisecond)
	_, _, bad := rc.got()
	assert.Len(t, bad, 1, "signed with the provider's own key, which the receiver does not hold")
}

// TestAPartyWithoutAKeySendsNothing: the simulator signs only with the keys of
// its configuration; a provider without one sends nothing, counted as a failure.
func TestAPartyWithoutAKeySendsNothing(t *testing.T) {
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{WebhookKeys: webhooksig.Keys{}},
		mission("M-1", map[string]*scenario.ProviderScript{
			"byd-assistance": script(t, []string{"accept eta=40m"}, []string{"repaired +1m"}, nil),
		}))
	dispatch(t, srv, "byd-assistance", "M-1", "k1", rc.url("byd-assistance"))
	require.Eventually(t, func() bool { return sim.Stats().WebhookFailures == 1 }, 5*time.Second, 2*time.Millisecond)
	_, deliveries, _ := rc.got()
	assert.Zero(t, deliveries)
}

package simulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

// TestAcknowledgedOfferIsAnsweredByWebhook: "accept eta=40m after=3m" answers
// 202 at once, then offer_accepted by webhook, then the events from then on.
func TestAcknowledgedOfferIsAnsweredByWebhook(t *testing.T) {
	rc := newReceiver(t, nil)
	sim, srv := start(t, simulator.Config{TimeScale: 6000}, mission("M-1", map[string]*scenario.ProviderScript{
		"mutual-assistance": script(t, []string{"accept eta=40m after=3m"}, []string{"eta +10m eta=20m", "on_site +40m"}, nil),
	}))
	a := dispatch(t, srv, "mutual-assistance", "M-1", "k1", rc.url("mutual-assistance"))
	require.Equal(t, http.StatusAccepted, a.Status)
	assert.Equal(t, "acknowledged", a.Body["status"])
	id := a.Body["assignment_id"].(string)
	require.NotEmpty(t, id)
	again := dispatch(t, srv, "mutual-assistance", "M-1", "k1", rc.url("mutual-assistance"))
	assert.Equal(t, http.StatusAccepted, again.Status, "a repeated key replays the acknowledgement")
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))

	require.Eventually(t, func() bool { ev, _, _ := rc.got(); return len(ev) == 3 }, 5*time.Second, 5*time.Millisecond)
	events, _, bad := rc.got()
	assert.Empty(t, bad)
	assert.Equal(t, "offer_accepted", events[0]["kind"])
	assert.Equal(t, id, events[0]["assignment_id"])
	assert.Equal(t, 1.0, events[0]["eta_seconds"], "40 min at scale 6000 is 0.4 s, sent as at least one second")
	assert.Equal(t, "eta", events[1]["kind"])
	assert.Equal(t, 1.0, events[1]["eta_seconds"])
	assert.Equal(t, "on_site", events[2]["kind"])
	assert.Zero(t, sim.Stats().WebhookFailures)
}

// TestRejectedOfferAndSilentOffer: a refusal comes later with its reason; a
// silent offer is never answered, and withdrawing it is harmless.
func TestRejectedOfferAndSilentOffer(t *testing.T) {
	rc := newReceiver(t, nil)
	_, srv := start(t, simulator.Config{TimeScale: 6000}, mission("M-1", map[string]*scenario.ProviderScript{
		"leaseco-assistance": script(t, []string{"reject reason=no_truck after=2m", "silent"}, nil, nil),
	}))
	first := dispatch(t, srv, "leaseco-assistance", "M-1", "k1", rc.url("leaseco-assistance"))
	require.Equal(t, http.StatusAccepted, first.Status)
	require.Eventually(t, func() bool { ev, _, _ := rc.got(); return len(ev) == 1 }, 5*time.Second, 5*time.Millisecond)
	events, _, _ := rc.got()
	assert.Equal(t, "offer_rejected", events[0]["kind"])
	assert.Equal(t, "no_truck", events[0]["note"])

	second := dispatch(t, srv, "leaseco-assistance", "M-1", "k2", rc.url("leaseco-assistance"))
	require.Equal(t, http.StatusAccepted, second.Status)
	id := second.Body["assignment_id"].(string)
	c := call(t, srv.URL+"/providers/leaseco-assistance/assignments/"+id+"/cancel", "k2/cancel",
		map[string]any{"idempotency_key": "k2/cancel", "case_id": "c", "reason": "offer_expired"})
	assert.Equal(t, http.StatusOK, c.Status)
	time.Sleep(50 * time.Millisecond)
	events, _, _ = rc.got()
	assert.Len(t, events, 1, "a silent offer sends nothing")
}

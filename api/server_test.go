package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/webhooksig"
)

var (
	secret    = []byte("byd-secret-0123456789")
	resSecret = []byte("res-secret-0123456789")
	now       = time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)
)

// keysOf makes a ring of one key (k1) of each party's secret.
func keysOf(t testing.TB, secrets map[string][]byte) webhooksig.Keys {
	t.Helper()
	keys := webhooksig.Keys{}
	for party, s := range secrets {
		ring, err := webhooksig.NewRing(webhooksig.Key{ID: "k1", Secret: s})
		require.NoError(t, err)
		keys[party] = ring
	}
	return keys
}

// signEvent signs a provider's event as the provider does: its key, POST,
// the provider's own events path.
func signEvent(provider string, key []byte, ts time.Time, body string) (timestampHeader, signatureHeader string) {
	return webhooksig.SignRequest(webhooksig.Key{ID: "k1", Secret: key}, http.MethodPost, "/v1/providers/"+provider+"/events", ts, []byte(body))
}

type signal struct {
	WorkflowID, RunID, Name string
	Arg                     any
}

// fakeSignaler records the signals; Err, when set, is returned instead.
type fakeSignaler struct {
	mu      sync.Mutex
	Err     error
	signals []signal
}

func (f *fakeSignaler) SignalWorkflow(_ context.Context, workflowID, runID, name string, arg any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	f.signals = append(f.signals, signal{workflowID, runID, name, arg})
	return nil
}

func (f *fakeSignaler) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.signals)
}

func newServer(t *testing.T, sig api.Signaler) *httptest.Server {
	t.Helper()
	s := api.New(api.Config{
		Signaler: sig,
		Keys:     keysOf(t, map[string][]byte{"byd-assistance": secret, "res-assistance": resSecret}),
		Now:      func() time.Time { return now },
	})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

const goodEvent = `{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-1004","kind":"towed",` +
	`"at":"2026-03-10T09:50:00Z","destination":"authorised_repairer","repair_days":5}`

// post sends a webhook signed with key at ts.
func post(t *testing.T, srv *httptest.Server, provider string, key []byte, ts time.Time, body string) (int, map[string]string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/providers/"+provider+"/events", bytes.NewBufferString(body))
	require.NoError(t, err)
	tsh, sigh := signEvent(provider, key, ts, body)
	req.Header.Set("X-Assistance-Timestamp", tsh)
	req.Header.Set("X-Assistance-Signature", sigh)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func TestGoodSignatureSignalsTheCaseOnce(t *testing.T) {
	sig := &fakeSignaler{}
	srv := newServer(t, sig)
	status, out := post(t, srv, "byd-assistance", secret, now.Add(-time.Minute), goodEvent)
	assert.Equal(t, http.StatusAccepted, status)
	assert.Equal(t, map[string]string{"status": "accepted", "event_id": "A1-e1"}, out)
	require.Equal(t, 1, sig.count())
	got := sig.signals[0]
	assert.Equal(t, contract.WorkflowID("M-1004"), got.WorkflowID)
	assert.Equal(t, "", got.RunID)
	assert.Equal(t, contract.SignalMilestone, got.Name)
	assert.Equal(t, contract.Milestone{
		EventID: "A1-e1", AssignmentID: "A1", Provider: "byd-assistance", Kind: contract.MilestoneTowed,
		At: "2026-03-10T09:50:00Z", Destination: "authorised_repairer", RepairDays: 5,
	}, got.Arg)
}

func TestRepeatedEventIsHarmless(t *testing.T) {
	sig := &fakeSignaler{}
	srv := newServer(t, sig)
	status, _ := post(t, srv, "byd-assistance", secret, now, goodEvent)
	require.Equal(t, http.StatusAccepted, status)
	status, out := post(t, srv, "byd-assistance", secret, now.Add(time.Second), goodEvent)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "duplicate", out["status"])
	assert.Equal(t, 1, sig.count(), "a repeated event is not signalled again")

	// The same event id from another provider is another event.
	status, _ = post(t, srv, "res-assistance", resSecret, now, goodEvent)
	assert.Equal(t, http.StatusAccepted, status)
	assert.Equal(t, 2, sig.count())
}

func TestRefusedBeforeAnyCase(t *testing.T) {
	tests := []struct {
		name     string
		provider string
		key      []byte
		ts       time.Time
	}{
		{"forged signature", "byd-assistance", []byte("guess"), now},
		{"another provider's key", "byd-assistance", resSecret, now},
		{"stale timestamp", "byd-assistance", secret, now.Add(-6 * time.Minute)},
		{"timestamp from the future", "byd-assistance", secret, now.Add(6 * time.Minute)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sig := &fakeSignaler{}
			srv := newServer(t, sig)
			status, out := post(t, srv, tc.provider, tc.key, tc.ts, goodEvent)
			assert.Equal(t, http.StatusUnauthorized, status)
			assert.NotEmpty(t, out["error"])
			assert.Zero(t, sig.count())
		})
	}
}

func TestMissingOrMangledHeaders(t *testing.T) {
	sig := &fakeSignaler{}
	srv := newServer(t, sig)
	tsh, sigh := signEvent("byd-assistance", secret, now, goodEvent)
	for name, headers := range map[string]map[string]string{
		"no headers":       {},
		"no timestamp":     {"X-Assistance-Signature": sigh},
		"no signature":     {"X-Assistance-Timestamp": tsh},
		"no sha256 prefix": {"X-Assistance-Timestamp": tsh, "X-Assistance-Signature": sigh[len("sha256="):]},
		"not hex":          {"X-Assistance-Timestamp": tsh, "X-Assistance-Signature": "sha256=zz"},
		"bad timestamp":    {"X-Assistance-Timestamp": "yesterday", "X-Assistance-Signature": sigh},
		"other timestamp":  {"X-Assistance-Timestamp": "1773130501", "X-Assistance-Signature": sigh},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/providers/byd-assistance/events", bytes.NewBufferString(goodEvent))
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		})
	}
	assert.Zero(t, sig.count())
}

// TestUnknownProviderIsRefused: a provider without a key is refused 401 with
// a problem saying so, whatever it signs with, and reaches no case.
func TestUnknownProviderIsRefused(t *testing.T) {
	sig := &fakeSignaler{}
	srv := newServer(t, sig)
	for _, key := range [][]byte{nil, secret, []byte("evil-tow-own-secret-0123")} {
		status, out := post(t, srv, "evil-tow", key, now, goodEvent)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, `unknown party "evil-tow": no key is configured for it`, out["error"])
	}
	assert.Zero(t, sig.count())
}

func TestMalformedBodyNamesTheField(t *testing.T) {
	tests := []struct{ name, body, field string }{
		{"unknown kind", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"flying"}`, "kind"},
		{"no kind", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1"}`, "kind"},
		{"tow without destination", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed"}`, "destination"},
		{"no event id", `{"event_id":"","assignment_id":"A1","mission_id":"M-1","kind":"on_site"}`, "event_id"},
		{"no mission", `{"event_id":"e1","assignment_id":"A1","kind":"on_site"}`, "mission_id"},
		{"blank mission", `{"event_id":"e1","assignment_id":"A1","mission_id":" ","kind":"on_site"}`, "mission_id"},
		{"unknown field", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","provider":"x"}`, "provider"},
		{"wrong type", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":"5"}`, "repair_days"},
		{"negative repair", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":-1}`, "repair_days"},
		{"bad time", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","at":"10:00"}`, "at"},
		{"not json", `{"event_id":`, ""},
		{"acceptance without eta", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_accepted"}`, "eta_seconds"},
		{"acceptance with zero eta", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_accepted","eta_seconds":0}`, "eta_seconds"},
		{"new eta without eta", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"eta"}`, "eta_seconds"},
		{"refusal without reason", `{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_rejected","note":" "}`, "note"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sig := &fakeSignaler{}
			srv := newServer(t, sig)
			status, out := post(t, srv, "byd-assistance", secret, now, tc.body)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, tc.field, out["field"])
			assert.Contains(t, out["error"], tc.field)
			assert.Zero(t, sig.count())
		})
	}
}

func TestUnknownCase(t *testing.T) {
	sig := &fakeSignaler{Err: serviceerror.NewNotFound("workflow not found for ID: breakdown-M-1004")}
	srv := newServer(t, sig)
	status, out := post(t, srv, "byd-assistance", secret, now, goodEvent)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "mission_id", out["field"])
}

func TestSignalFailureLetsTheProviderRetry(t *testing.T) {
	sig := &fakeSignaler{Err: errors.New("connection refused")}
	srv := newServer(t, sig)
	status, _ := post(t, srv, "byd-assistance", secret, now, goodEvent)
	assert.Equal(t, http.StatusServiceUnavailable, status)

	sig.mu.Lock()
	sig.Err = nil
	sig.mu.Unlock()
	status, _ = post(t, srv, "byd-assistance", secret, now, goodEvent)
	assert.Equal(t, http.StatusAccepted, status, "the failed event was not remembered")
	assert.Equal(t, 1, sig.count())
}

func TestHealthz(t *testing.T) {
	srv := newServer(t, &fakeSignaler{})
	resp, err := srv.Client().Get(srv.URL + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	resp, err = srv.Client().Get(srv.URL + "/v1/providers/byd-assistance/events")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

// TestOfferAnswersReachTheCase: the asynchronous answers to an acknowledged
// request and a new ETA are signalled like any other event.
func TestOfferAnswersReachTheCase(t *testing.T) {
	tests := []struct {
		body string
		want contract.Milestone
	}{
		{`{"event_id":"A1-ok","assignment_id":"A1","mission_id":"M-1004","kind":"offer_accepted","eta_seconds":2400}`,
			contract.Milestone{EventID: "A1-ok", AssignmentID: "A1", Provider: "byd-assistance", Kind: contract.MilestoneOfferAccepted, ETASeconds: 2400}},
		{`{"event_id":"A1-no","assignment_id":"A1","mission_id":"M-1004","kind":"offer_rejected","note":"no_truck"}`,
			contract.Milestone{EventID: "A1-no", AssignmentID: "A1", Provider: "byd-assistance", Kind: contract.MilestoneOfferRejected, Note: "no_truck"}},
		{`{"event_id":"A1-eta","assignment_id":"A1","mission_id":"M-1004","kind":"eta","eta_seconds":1200}`,
			contract.Milestone{EventID: "A1-eta", AssignmentID: "A1", Provider: "byd-assistance", Kind: contract.MilestoneETA, ETASeconds: 1200}},
	}
	for _, tc := range tests {
		t.Run(string(tc.want.Kind), func(t *testing.T) {
			sig := &fakeSignaler{}
			srv := newServer(t, sig)
			status, _ := post(t, srv, "byd-assistance", secret, now, tc.body)
			require.Equal(t, http.StatusAccepted, status)
			require.Equal(t, 1, sig.count())
			assert.Equal(t, tc.want, sig.signals[0].Arg)
		})
	}
}

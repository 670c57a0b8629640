package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// Bad webhooks that server_test.go does not cover: a refused request must not
// use up its event id, a replay is harmless within the window and refused after
// it, a repeat carrying another body changes nothing, an unknown case is
// reached by nobody; and, against a case running in Temporal's test
// environment, none of them changes the case.

// request is a webhook as it goes over the wire.
type request struct {
	provider  string
	timestamp string
	signature string
	body      string
}

// signed signs body with key at ts.
func signed(provider string, key []byte, ts time.Time, body string) request {
	tsh, sigh := signEvent(provider, key, ts, body)
	return request{provider: provider, timestamp: tsh, signature: sigh, body: body}
}

// send posts r to h in-process and returns the status and the answer.
func send(t *testing.T, h http.Handler, r request) (int, map[string]string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/providers/"+r.provider+"/events", bytes.NewBufferString(r.body))
	req.Header.Set("X-Assistance-Timestamp", r.timestamp)
	req.Header.Set("X-Assistance-Signature", r.signature)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), "%d %s", rec.Code, rec.Body)
	return rec.Code, out, rec.Header()
}

// clock is a settable clock for the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func serverAt(t testing.TB, sig api.Signaler, c *clock) *api.Server {
	return api.New(api.Config{
		Signaler: sig,
		Keys:     keysOf(t, map[string][]byte{"byd-assistance": secret}),
		Now:      c.Now,
	})
}

func milestoneOf(t *testing.T, s signal) contract.Milestone {
	t.Helper()
	m, ok := s.Arg.(contract.Milestone)
	require.True(t, ok, "%T", s.Arg)
	return m
}

// TestRefusedRequestDoesNotUseUpTheEventID: a forged, tampered, stale or
// unsigned request for an event is refused without a signal, and the genuine
// delivery of the same event still goes through, once.
func TestRefusedRequestDoesNotUseUpTheEventID(t *testing.T) {
	forged := signed("byd-assistance", []byte("guess"), now, goodEvent)
	tampered := signed("byd-assistance", secret, now, goodEvent)
	tampered.body = `{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-1004","kind":"repaired"}`
	unsigned := signed("byd-assistance", secret, now, goodEvent)
	unsigned.signature = ""
	for name, bad := range map[string]request{
		"forged signature":           forged,
		"body changed after signing": tampered,
		"stale timestamp":            signed("byd-assistance", secret, now.Add(-5*time.Minute-time.Second), goodEvent),
		"timestamp from the future":  signed("byd-assistance", secret, now.Add(5*time.Minute+time.Second), goodEvent),
		"no signature":               unsigned,
	} {
		t.Run(name, func(t *testing.T) {
			sig := &fakeSignaler{}
			s := serverAt(t, sig, &clock{t: now})
			for range 2 { // a provider retrying its bad request changes nothing either
				status, out, _ := send(t, s, bad)
				assert.Equal(t, http.StatusUnauthorized, status)
				assert.NotEmpty(t, out["error"])
				assert.Zero(t, sig.count(), "a refused request reached the case")
			}
			status, out, _ := send(t, s, signed("byd-assistance", secret, now, goodEvent))
			assert.Equal(t, http.StatusAccepted, status, "the refused request used up the event id: %v", out)
			require.Equal(t, 1, sig.count())
			assert.Equal(t, contract.MilestoneTowed, milestoneOf(t, sig.signals[0]).Kind, "the genuine body is signalled")
		})
	}
}

// TestReplayedRequest: the very same signed request sent again is a duplicate
// within the timestamp window and refused after it; the case gets one signal.
func TestReplayedRequest(t *testing.T) {
	sig := &fakeSignaler{}
	c := &clock{t: now}
	s := serverAt(t, sig, c)
	r := signed("byd-assistance", secret, now, goodEvent)

	status, _, _ := send(t, s, r)
	require.Equal(t, http.StatusAccepted, status)

	c.Set(now.Add(4 * time.Minute))
	status, out, _ := send(t, s, r)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]string{"status": "duplicate", "event_id": "A1-e1"}, out)

	c.Set(now.Add(6 * time.Minute))
	status, out, _ = send(t, s, r)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, out["error"], "outside the accepted window")
	assert.Equal(t, 1, sig.count())
}

// TestRepeatedEventWithAnotherBody: a repeat of an event id carrying another
// milestone is a duplicate; the case only ever sees the first.
func TestRepeatedEventWithAnotherBody(t *testing.T) {
	sig := &fakeSignaler{}
	s := serverAt(t, sig, &clock{t: now})
	status, _, _ := send(t, s, signed("byd-assistance", secret, now, goodEvent))
	require.Equal(t, http.StatusAccepted, status)
	for _, body := range []string{
		`{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-1004","kind":"repaired"}`,
		`{"event_id":"A1-e1","assignment_id":"A2","mission_id":"M-2000","kind":"goa"}`,
	} {
		status, out, _ := send(t, s, signed("byd-assistance", secret, now, body))
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "duplicate", out["status"])
	}
	require.Equal(t, 1, sig.count())
	assert.Equal(t, contract.WorkflowID("M-1004"), sig.signals[0].WorkflowID)
	assert.Equal(t, contract.MilestoneTowed, milestoneOf(t, sig.signals[0]).Kind)

	// A malformed repeat is refused for its body, before the event id is looked at.
	status, out, _ := send(t, s, signed("byd-assistance", secret, now, `{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-1004","kind":"flying"}`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "kind", out["field"])
	assert.Equal(t, 1, sig.count())
}

// blockingSignaler holds every signal until release is closed.
type blockingSignaler struct {
	fakeSignaler
	entered chan struct{}
	release chan struct{}
}

func (b *blockingSignaler) SignalWorkflow(ctx context.Context, workflowID, runID, name string, arg any) error {
	b.entered <- struct{}{}
	<-b.release
	return b.fakeSignaler.SignalWorkflow(ctx, workflowID, runID, name, arg)
}

// TestRepeatedEventWhileTheFirstIsInFlight: a repeat arriving while the first
// delivery is still signalling is asked to retry, not signalled a second time;
// once the first went through, the repeat is a duplicate.
func TestRepeatedEventWhileTheFirstIsInFlight(t *testing.T) {
	sig := &blockingSignaler{entered: make(chan struct{}, 1), release: make(chan struct{})}
	s := serverAt(t, sig, &clock{t: now})
	r := signed("byd-assistance", secret, now, goodEvent)

	first := make(chan int)
	go func() {
		status, _, _ := send(t, s, r)
		first <- status
	}()
	<-sig.entered
	status, out, header := send(t, s, r)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, "1", header.Get("Retry-After"))
	assert.NotEmpty(t, out["error"])
	close(sig.release)
	assert.Equal(t, http.StatusAccepted, <-first)

	status, out, _ = send(t, s, r)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "duplicate", out["status"])
	assert.Equal(t, 1, sig.count())
}

// casesSignaler knows which cases are open: a signal to another workflow is
// refused as Temporal does (NotFound) and reaches nobody.
type casesSignaler struct {
	fakeSignaler
	mu   sync.Mutex
	open map[string]bool
}

func (c *casesSignaler) SignalWorkflow(ctx context.Context, workflowID, runID, name string, arg any) error {
	c.mu.Lock()
	open := c.open[workflowID]
	c.mu.Unlock()
	if !open {
		return serviceerror.NewNotFound("workflow not found for ID: " + workflowID)
	}
	return c.fakeSignaler.SignalWorkflow(ctx, workflowID, runID, name, arg)
}

// TestUnknownCaseReachesNobody: an event for a mission without an open case
// is answered 404 naming mission_id and signals no case; the event id is not
// used up, so once the case exists the provider's retry reaches it, once.
func TestUnknownCaseReachesNobody(t *testing.T) {
	sig := &casesSignaler{open: map[string]bool{contract.WorkflowID("M-1004"): true}}
	s := serverAt(t, sig, &clock{t: now})
	unknown := `{"event_id":"B1-e1","assignment_id":"B1","mission_id":"M-2000","kind":"on_site"}`

	for range 2 {
		status, out, _ := send(t, s, signed("byd-assistance", secret, now, unknown))
		assert.Equal(t, http.StatusNotFound, status)
		assert.Equal(t, "mission_id", out["field"])
		assert.Contains(t, out["error"], "M-2000")
		assert.Zero(t, sig.count(), "an event for an unknown case was signalled")
	}

	// The open case is not disturbed by it.
	status, _, _ := send(t, s, signed("byd-assistance", secret, now, goodEvent))
	assert.Equal(t, http.StatusAccepted, status)
	require.Equal(t, 1, sig.count())
	assert.Equal(t, contract.WorkflowID("M-1004"), sig.signals[0].WorkflowID)

	sig.mu.Lock()
	sig.open[contract.WorkflowID("M-2000")] = true
	sig.mu.Unlock()
	status, _, _ = send(t, s, signed("byd-assistance", secret, now, unknown))
	assert.Equal(t, http.StatusAccepted, status, "the retry reaches the case once it exists")
	require.Equal(t, 2, sig.count())
	assert.Equal(t, contract.WorkflowID("M-2000"), sig.signals[1].WorkflowID)
}

// TestOversizedBodyIsRefused: a body over the limit is refused 413 unread,
// even correctly signed.
func TestOversizedBodyIsRefused(t *testing.T) {
	sig := &fakeSignaler{}
	s := api.New(api.Config{
		Signaler: sig,
		Keys:     keysOf(t, map[string][]byte{"byd-assistance": secret}),
		MaxBody:  64,
		Now:      func() time.Time { return now },
	})
	status, out, _ := send(t, s, signed("byd-assistance", secret, now, goodEvent))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Equal(t, "the body is larger than 64 bytes", out["error"])
	assert.Zero(t, sig.count())
	assert.EqualValues(t, 1, s.Stats().TooLarge)
}

// TestBodyWithAnEmptyKeyNamesTheField: every 400 for a malformed body names
// the field.
func TestBodyWithAnEmptyKeyNamesTheField(t *testing.T) {
	sig := &fakeSignaler{}
	s := serverAt(t, sig, &clock{t: now})
	status, out, _ := send(t, s, signed("byd-assistance", secret, now,
		`{"":0,"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site"}`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.NotEmpty(t, out["field"], "the 400 names no field: %v", out)
	assert.Zero(t, sig.count())
}

// caseSignaler lets the webhook signal a case running in Temporal's test
// environment; any other workflow id is not found.
type caseSignaler struct {
	env        *sdktest.TestWorkflowEnvironment
	workflowID string
	signals    []contract.Milestone
}

func (c *caseSignaler) SignalWorkflow(_ context.Context, workflowID, _, name string, arg any) error {
	if workflowID != c.workflowID {
		return serviceerror.NewNotFound("workflow not found for ID: " + workflowID)
	}
	c.signals = append(c.signals, arg.(contract.Milestone))
	c.env.SignalWorkflow(name, arg)
	return nil
}

// webhookCall is one request to the webhook at some point of a case, with the
// case's outcome right before it and right after anything it sent was handled.
type webhookCall struct {
	name          string
	at            time.Duration
	req           func(now time.Time) request
	status        int
	answer        map[string]string
	signals       int // the signals the case had received after the call
	before, after contract.Outcome
	done          bool
}

func outcomeOf(t *testing.T, env *sdktest.TestWorkflowEnvironment) contract.Outcome {
	v, err := env.QueryWorkflow(contract.QueryOutcome)
	require.NoError(t, err)
	var o contract.Outcome
	require.NoError(t, v.Get(&o))
	return o
}

// TestBadWebhooksLeaveTheCaseUnchanged drives p02 (the partner repairs a
// puncture) with its on_site milestone delivered through the webhook instead
// of the script, among forged, tampered, stale, misaddressed, malformed,
// repeated and replayed requests. Each bad one leaves the case's outcome as it
// was, the case gets exactly one signal, and it ends as the scenario expects,
// equal to the same case given the on_site milestone once, directly.
func TestBadWebhooksLeaveTheCaseUnchanged(t *testing.T) {
	s := p02WithoutOnSite(t)
	const provider = "res-assistance"
	key := resSecret
	onSite := `{"event_id":"res-assistance-1-w1","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"on_site"}`
	milestone := contract.Milestone{
		EventID:      "res-assistance-1-w1",
		AssignmentID: "res-assistance-1",
		Provider:     provider,
		Kind:         contract.MilestoneOnSite,
	}
	goodAt := 30 * time.Minute

	baseline := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		env.RegisterDelayedCallback(func() { env.SignalWorkflow(contract.SignalMilestone, milestone) }, goodAt)
	})
	require.NoError(t, baseline.Err)
	require.Empty(t, s.Check(baseline.Outcome), "the baseline must end as the scenario expects")

	var genuine request // the genuine delivery, as it went over the wire
	calls := []*webhookCall{
		{name: "forged signature", at: 10 * time.Minute, status: http.StatusUnauthorized,
			req: func(now time.Time) request { return signed(provider, []byte("guess"), now, onSite) }},
		{name: "signed with another provider's key", at: 10*time.Minute + time.Second, status: http.StatusUnauthorized,
			req: func(now time.Time) request { return signed(provider, secret, now, onSite) }},
		{name: "body changed after signing", at: 10*time.Minute + 2*time.Second, status: http.StatusUnauthorized,
			req: func(now time.Time) request {
				r := signed(provider, key, now, onSite)
				r.body = `{"event_id":"res-assistance-1-w1","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"repaired"}`
				return r
			}},
		{name: "stale timestamp", at: 10*time.Minute + 3*time.Second, status: http.StatusUnauthorized,
			req: func(now time.Time) request { return signed(provider, key, now.Add(-6*time.Minute), onSite) }},
		{name: "unknown case", at: 10*time.Minute + 4*time.Second, status: http.StatusNotFound,
			req: func(now time.Time) request {
				return signed(provider, key, now, `{"event_id":"x-1","assignment_id":"res-assistance-1","mission_id":"M-9999","kind":"repaired"}`)
			}},
		{name: "malformed body", at: 10*time.Minute + 5*time.Second, status: http.StatusBadRequest,
			req: func(now time.Time) request {
				return signed(provider, key, now, `{"event_id":"x-2","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"fixed"}`)
			}},
		{name: "genuine on_site", at: goodAt, status: http.StatusAccepted,
			req: func(now time.Time) request { genuine = signed(provider, key, now, onSite); return genuine }},
		{name: "repeated event", at: goodAt + time.Minute, status: http.StatusOK,
			req: func(now time.Time) request { return signed(provider, key, now, onSite) }},
		{name: "repeated event with another body", at: goodAt + 2*time.Minute, status: http.StatusOK,
			req: func(now time.Time) request {
				return signed(provider, key, now, `{"event_id":"res-assistance-1-w1","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"repaired"}`)
			}},
		{name: "replay within the window", at: goodAt + 4*time.Minute, status: http.StatusOK,
			req: func(time.Time) request { return genuine }},
		{name: "replay after the window", at: goodAt + 10*time.Minute, status: http.StatusUnauthorized,
			req: func(time.Time) request { return genuine }},
	}

	sig := &caseSignaler{workflowID: contract.WorkflowID("M-1002")}
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		sig.env = env
		srv := api.New(api.Config{Signaler: sig, Keys: keysOf(t, map[string][]byte{provider: key, "byd-assistance": secret}), Now: env.Now})
		for _, c := range calls {
			env.RegisterDelayedCallback(func() {
				c.before = outcomeOf(t, env)
				var out map[string]string
				c.status, out, _ = send(t, srv, c.req(env.Now()))
				c.answer = out
				c.signals = len(sig.signals)
				// A signal sent by the call is handled before this callback runs.
				env.RegisterDelayedCallback(func() { c.after, c.done = outcomeOf(t, env), true }, 0)
			}, c.at)
		}
	})
	require.NoError(t, p.Err, "timeline:\n%s", p.Timeline())
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			require.True(t, c.done)
			assert.NotEmpty(t, c.answer)
			if c.name == "genuine on_site" {
				assert.Equal(t, http.StatusAccepted, c.status, "%v", c.answer)
				assert.Equal(t, 1, c.signals)
				assert.Greater(t, len(c.after.Timeline), len(c.before.Timeline), "the genuine milestone reached the case")
				return
			}
			assert.LessOrEqual(t, c.signals, 1)
			assert.Equal(t, c.before, c.after, "the case changed")
		})
	}
	statuses := map[string]int{}
	for _, c := range calls {
		statuses[c.name] = c.status
	}
	assert.Equal(t, map[string]int{
		"forged signature": 401, "signed with another provider's key": 401, "body changed after signing": 401,
		"stale timestamp": 401, "unknown case": 404, "malformed body": 400, "genuine on_site": 202,
		"repeated event": 200, "repeated event with another body": 200, "replay within the window": 200,
		"replay after the window": 401,
	}, statuses)
	assert.Equal(t, []contract.Milestone{milestone}, sig.signals, "the case got exactly the genuine milestone, once")
	assert.Empty(t, s.Check(p.Outcome), "the case does not end as the scenario expects")
	assert.Equal(t, baseline.Outcome, p.Outcome)
	assert.Equal(t, baseline.Recorder.Notices, p.Recorder.Notices)
}

// p02WithoutOnSite is p02 with its provider's on_site event left out of the
// script: the test delivers it through the webhook.
func p02WithoutOnSite(t *testing.T) *scenario.Scenario {
	t.Helper()
	p02, err := scenarios.Named("p02_operator_puncture_repaired.json")
	require.NoError(t, err)
	s, err := p02.Clone("", func(doc map[string]any) {
		res := doc["providers"].(map[string]any)["res-assistance"].(map[string]any)
		require.Equal(t, []any{"en_route +2m", "on_site +30m", "repaired +55m"}, res["events"])
		res["events"] = []any{"en_route +2m", "repaired +55m"}
	})
	require.NoError(t, err)
	return s
}

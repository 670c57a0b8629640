package api_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/converter"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/testsuite"
)

// The probes of issue 23 ("Trust at the edges") the webhook answers, each
// refused as docs/security.md says.

var evilSecret = []byte("evil-tow-secret-0123456789")

// scorecardSignaler is a case whose outcome lists assignments: it answers the
// outcome Query and records the signals.
type scorecardSignaler struct {
	fakeSignaler
	scorecard []contract.ProviderTimes
	queries   int
}

func (s *scorecardSignaler) QueryWorkflow(_ context.Context, workflowID, _, queryType string, _ ...any) (converter.EncodedValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries++
	if queryType != contract.QueryOutcome {
		return nil, serviceerror.NewNotFound("no query " + queryType)
	}
	p, err := converter.GetDefaultDataConverter().ToPayloads(contract.Outcome{CaseID: workflowID + "/run", Scorecard: s.scorecard})
	if err != nil {
		return nil, err
	}
	return encoded{p}, nil
}

// encoded is a Query's answer.
type encoded struct{ p *commonpb.Payloads }

func (e encoded) HasValue() bool { return e.p != nil }
func (e encoded) Get(v any) error {
	return converter.GetDefaultDataConverter().FromPayloads(e.p, v)
}

// edgeServer is an API with byd-assistance, leaseco-assistance and evil-tow
// (a provider with a key of its own, and no assignment) as parties.
func edgeServer(t *testing.T, sig api.Signaler, cfg api.Config) *api.Server {
	t.Helper()
	cfg.Signaler = sig
	cfg.Keys = keysOf(t, map[string][]byte{"byd-assistance": secret, "leaseco-assistance": resSecret, "evil-tow": evilSecret})
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return now }
	}
	return api.New(cfg)
}

// TestAProviderCannotMoveAnotherProvidersAssignment: a signed repaired from
// evil-tow for the lessor's assignment is refused 403 (the case lists the
// assignment under the lessor), reaches no case and is counted; the lessor's
// own events go through, and an assignment the case does not list yet (an
// acknowledged offer) goes on with its provider, for the case to check.
func TestAProviderCannotMoveAnotherProvidersAssignment(t *testing.T) {
	sig := &scorecardSignaler{scorecard: []contract.ProviderTimes{{Provider: "leaseco-assistance", AssignmentID: "L-7"}}}
	s := edgeServer(t, sig, api.Config{})
	repaired := `{"event_id":"evil-1","assignment_id":"L-7","mission_id":"M-1003","kind":"repaired"}`

	status, out, _ := send(t, s, signed("evil-tow", evilSecret, now, repaired))
	assert.Equal(t, http.StatusForbidden, status)
	assert.Equal(t, "assignment_id: L-7 of mission M-1003 is not an assignment of evil-tow", out["error"])
	assert.Equal(t, "assignment_id", out["field"])
	assert.Zero(t, sig.count(), "another provider's event reached the case")
	assert.EqualValues(t, 1, s.Stats().ForeignAssignments)

	status, _, _ = send(t, s, signed("leaseco-assistance", resSecret, now,
		`{"event_id":"L-7-e1","assignment_id":"L-7","mission_id":"M-1003","kind":"on_site"}`))
	assert.Equal(t, http.StatusAccepted, status)
	status, _, _ = send(t, s, signed("leaseco-assistance", resSecret, now,
		`{"event_id":"L-7-e2","assignment_id":"L-7","mission_id":"M-1003","kind":"towed","destination":"lessor_site"}`))
	assert.Equal(t, http.StatusAccepted, status)
	assert.Equal(t, 2, sig.queries, "the owner is remembered once found")

	status, _, _ = send(t, s, signed("evil-tow", evilSecret, now,
		`{"event_id":"O-1-e1","assignment_id":"O-1","mission_id":"M-1003","kind":"offer_accepted","eta_seconds":600}`))
	assert.Equal(t, http.StatusAccepted, status, "an assignment the case does not list goes on: the case checks it")
	require.Equal(t, 3, sig.count())
	for i, want := range []string{"leaseco-assistance", "leaseco-assistance", "evil-tow"} {
		assert.Equal(t, want, milestoneOf(t, sig.signals[i]).Provider, "the milestone carries the provider that signed it")
	}
}

// TestOneProviderCannotUseUpAnothersEventIDs: the same event id from two
// providers is two events (deduplicated per provider); each reaches the case
// with its own provider, so the case, deduplicating on provider and event id,
// ignores neither.
func TestOneProviderCannotUseUpAnothersEventIDs(t *testing.T) {
	sig := &fakeSignaler{}
	s := edgeServer(t, sig, api.Config{})
	status, _, _ := send(t, s, signed("evil-tow", evilSecret, now,
		`{"event_id":"L-7-e1","assignment_id":"E-1","mission_id":"M-1003","kind":"on_site"}`))
	require.Equal(t, http.StatusAccepted, status)
	status, out, _ := send(t, s, signed("leaseco-assistance", resSecret, now,
		`{"event_id":"L-7-e1","assignment_id":"L-7","mission_id":"M-1003","kind":"on_site"}`))
	assert.Equal(t, http.StatusAccepted, status, "the lessor's event was taken for a repeat: %v", out)
	require.Equal(t, 2, sig.count())
	a, b := milestoneOf(t, sig.signals[0]), milestoneOf(t, sig.signals[1])
	assert.NotEqual(t, a.DedupKey(), b.DedupKey())
	assert.True(t, b.Matches("leaseco-assistance", "L-7"))
	assert.False(t, a.Matches("leaseco-assistance", "L-7"))
}

// TestASignatureIsWorthlessForAnotherProviderOrRoute: a request signed by
// byd-assistance for its events path, replayed byte for byte on another
// provider's path or another route, is refused 401 — even when both parties
// share the same secret.
func TestASignatureIsWorthlessForAnotherProviderOrRoute(t *testing.T) {
	sig := &fakeSignaler{}
	s := api.New(api.Config{Signaler: sig, Now: func() time.Time { return now },
		Keys: keysOf(t, map[string][]byte{"byd-assistance": secret, "res-assistance": secret})})
	r := signed("byd-assistance", secret, now, goodEvent)
	for _, path := range []string{"/v1/providers/res-assistance/events", "/v1/repairers/byd-assistance/diagnoses",
		"/v1/warranty-managers/byd-assistance/decisions"} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(r.body))
		req.Header.Set(webhooksig.HeaderTimestamp, r.timestamp)
		req.Header.Set(webhooksig.HeaderSignature, r.signature)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusUnauthorized, rec.Code, path)
		assert.Contains(t, rec.Body.String(), "bad X-Assistance-Signature", path)
	}
	status, _, _ := send(t, s, r)
	assert.Equal(t, http.StatusAccepted, status, "on its own path the request is good")
	assert.Equal(t, 1, sig.count())
}

// TestOversizedFieldsAndBodies: every field has its limit (400 naming the
// field); a body over the size limit is refused 413 unread — fifty 1 MB
// events reach no case.
func TestOversizedFieldsAndBodies(t *testing.T) {
	sig := &fakeSignaler{}
	s := edgeServer(t, sig, api.Config{})
	event := func(field, value string) string {
		fields := map[string]string{"event_id": "e1", "assignment_id": "A1", "mission_id": "M-1", "kind": "towed", "destination": "garage"}
		fields[field] = value
		var parts []string
		for k, v := range fields {
			parts = append(parts, fmt.Sprintf("%q:%q", k, v))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	for field, value := range map[string]string{
		"event_id":      strings.Repeat("e", contract.MaxEventID+1),
		"assignment_id": strings.Repeat("a", contract.MaxAssignmentID+1),
		"mission_id":    strings.Repeat("m", contract.MaxMissionID+1),
		"destination":   strings.Repeat("d", contract.MaxDestination+1),
		"address":       strings.Repeat("a", contract.MaxAddress+1),
		"note":          strings.Repeat("n", contract.MaxNote+1),
		"at":            strings.Repeat("1", contract.MaxEventTime+1),
	} {
		status, out, _ := send(t, s, signed("byd-assistance", secret, now, event(field, value)))
		assert.Equal(t, http.StatusBadRequest, status, field)
		assert.Equal(t, field, out["field"], field)
		assert.Contains(t, out["error"], field, field)
	}
	huge := event("note", strings.Repeat("x", 1<<20))
	for i := range 50 {
		status, out, _ := send(t, s, signed("byd-assistance", secret, now.Add(time.Duration(i)*time.Millisecond), huge))
		require.Equal(t, http.StatusRequestEntityTooLarge, status)
		require.Equal(t, fmt.Sprintf("the body is larger than %d bytes", contract.MaxWebhookBody), out["error"])
	}
	assert.Zero(t, sig.count())
	assert.EqualValues(t, 50, s.Stats().TooLarge)
}

// TestASlowBodyIsRefused: a body still arriving after the body timeout is
// refused 408 (here 300 ms; 10 s by default: a body 40 s late never reaches a
// case), and counted.
func TestASlowBodyIsRefused(t *testing.T) {
	sig := &fakeSignaler{}
	s := edgeServer(t, sig, api.Config{BodyTimeout: 300 * time.Millisecond, Now: time.Now})
	srv := httptest.NewServer(s)
	defer srv.Close()
	r := signed("byd-assistance", secret, time.Now(), goodEvent)

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	head := fmt.Sprintf("POST /v1/providers/byd-assistance/events HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\n%s: %s\r\n%s: %s\r\n\r\n", len(r.body), webhooksig.HeaderTimestamp, r.timestamp, webhooksig.HeaderSignature, r.signature)
	_, err = conn.Write([]byte(head + r.body[:10]))
	require.NoError(t, err)
	time.Sleep(600 * time.Millisecond)
	_, _ = conn.Write([]byte(r.body[10:])) // too late
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Zero(t, sig.count())
	assert.EqualValues(t, 1, s.Stats().SlowBodies)

	// The same request sent at once goes through.
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/providers/byd-assistance/events", strings.NewReader(r.body))
	require.NoError(t, err)
	req.Header.Set(webhooksig.HeaderTimestamp, r.timestamp)
	req.Header.Set(webhooksig.HeaderSignature, r.signature)
	ok, err := srv.Client().Do(req)
	require.NoError(t, err)
	ok.Body.Close()
	assert.Equal(t, http.StatusAccepted, ok.StatusCode)
}

// alerter records the API's ops alerts.
type alerter struct {
	mu     sync.Mutex
	alerts []activities.OpsAlert
}

func (a *alerter) AlertOps(_ context.Context, alert activities.OpsAlert) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.alerts = append(a.alerts, alert)
	return nil
}

func (a *alerter) got() []activities.OpsAlert {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]activities.OpsAlert(nil), a.alerts...)
}

// TestAFloodOfEventsIsRefusedCountedAndAlertedOnce: past its bound of events,
// an assignment's next events are refused 409 and never signalled, each is
// counted, and ops are alerted once; the same holds for a provider's events
// about one mission over many assignment ids. Another provider is not held back.
func TestAFloodOfEventsIsRefusedCountedAndAlertedOnce(t *testing.T) {
	sig := &fakeSignaler{}
	ops := &alerter{}
	s := edgeServer(t, sig, api.Config{Alerts: ops, Rate: 1e6, Burst: 1e6})
	bound := contract.MaxEventsPerAssignment
	for i := range bound + 10 {
		status, out, _ := send(t, s, signed("evil-tow", evilSecret, now,
			fmt.Sprintf(`{"event_id":"f-%d","assignment_id":"E-1","mission_id":"M-1004","kind":"en_route","note":"%s"}`, i, strings.Repeat("x", 400))))
		if i < bound {
			require.Equal(t, http.StatusAccepted, status, "event %d", i)
			continue
		}
		require.Equal(t, http.StatusConflict, status, "event %d", i)
		assert.Equal(t, fmt.Sprintf("assignment E-1 of mission M-1004 already had its %d events: no more are taken (ops are told)", bound), out["error"])
	}
	assert.Equal(t, bound, sig.count(), "nothing past the bound is written into the case")
	s.Wait()
	alerts := ops.got()
	require.Len(t, alerts, 1, "ops are alerted once")
	assert.Equal(t, api.AlertWebhookFlood, alerts[0].Kind)
	assert.Equal(t, "M-1004", alerts[0].MissionID)
	assert.Equal(t, contract.WorkflowID("M-1004"), alerts[0].CaseID)
	assert.Contains(t, alerts[0].Reason, "evil-tow sent assignment E-1 of mission M-1004 more than its 16 events")
	st := s.Stats()
	assert.EqualValues(t, 10, st.Floods)
	assert.EqualValues(t, 1, st.FloodAlerts)

	// Many assignment ids for one mission: bounded per provider and mission.
	perCase := contract.MaxEventsPerProviderPerCase
	accepted := bound
	for i := 0; accepted < perCase+5; i++ {
		status, _, _ := send(t, s, signed("evil-tow", evilSecret, now,
			fmt.Sprintf(`{"event_id":"g-%d","assignment_id":"G-%d","mission_id":"M-1004","kind":"en_route"}`, i, i)))
		if accepted < perCase {
			require.Equal(t, http.StatusAccepted, status)
		} else {
			require.Equal(t, http.StatusConflict, status)
		}
		accepted++
	}
	assert.Equal(t, perCase, sig.count())
	s.Wait()
	assert.Len(t, ops.got(), 2, "one more alert, for the case")

	status, _, _ := send(t, s, signed("byd-assistance", secret, now, goodEvent))
	assert.Equal(t, http.StatusAccepted, status, "another provider of the same mission is not held back")
}

// TestRateLimitPerProvider: past its burst (the default: 40 at once, 20 per
// second) a provider is answered 429 with Retry-After (and
// X-Retry-After-Ms), counted; another provider is not slowed down; the
// tokens come back with time.
func TestRateLimitPerProvider(t *testing.T) {
	sig := &fakeSignaler{}
	c := &clock{t: now}
	s := edgeServer(t, sig, api.Config{Now: c.Now})
	event := func(p string, i int) string {
		return fmt.Sprintf(`{"event_id":"%s-%d","assignment_id":"A-%d","mission_id":"M-%d","kind":"on_site"}`, p, i, i, i)
	}
	for i := range api.DefaultBurst {
		status, _, _ := send(t, s, signed("evil-tow", evilSecret, now, event("e", i)))
		require.Equal(t, http.StatusAccepted, status, i)
	}
	status, out, header := send(t, s, signed("evil-tow", evilSecret, now, event("e", 40)))
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "1", header.Get("Retry-After"))
	assert.Equal(t, "50", header.Get("X-Retry-After-Ms"))
	assert.Contains(t, out["error"], "evil-tow sends more than 20 requests per second")
	assert.EqualValues(t, 1, s.Stats().RateLimited)

	status, _, _ = send(t, s, signed("byd-assistance", secret, now, goodEvent))
	assert.Equal(t, http.StatusAccepted, status, "another provider has its own rate")
	c.Set(now.Add(100 * time.Millisecond))
	status, _, _ = send(t, s, signed("evil-tow", evilSecret, now, event("e", 41)))
	assert.Equal(t, http.StatusAccepted, status, "a token came back")
	assert.Equal(t, api.DefaultBurst+2, sig.count())
}

// caseQuerier is caseSignaler that also answers the case's Queries.
type caseQuerier struct{ caseSignaler }

func (c *caseQuerier) QueryWorkflow(_ context.Context, workflowID, _, queryType string, args ...any) (converter.EncodedValue, error) {
	if workflowID != c.workflowID {
		return nil, serviceerror.NewNotFound("workflow not found for ID: " + workflowID)
	}
	return c.env.QueryWorkflow(queryType, args...)
}

// TestAnotherProviderCannotCloseTheCase plays p02 (the operator's partner
// repairs a puncture) in Temporal's test environment; evil-tow, a provider
// with its own key, sends a signed repaired for the partner's assignment
// while the partner is on its way. The API refuses it (403) from the case's
// own outcome, the case does not change, and it ends as the scenario expects.
func TestAnotherProviderCannotCloseTheCase(t *testing.T) {
	s := p02WithoutOnSite(t)
	repaired := `{"event_id":"evil-9","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"repaired"}`
	onSite := `{"event_id":"res-assistance-1-w1","assignment_id":"res-assistance-1","mission_id":"M-1002","kind":"on_site"}`
	var before, after contract.Outcome
	statuses := map[string]int{}
	sig := &caseQuerier{caseSignaler{workflowID: contract.WorkflowID("M-1002")}}
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		sig.env = env
		srv := api.New(api.Config{Signaler: sig, Now: env.Now,
			Keys: keysOf(t, map[string][]byte{"res-assistance": resSecret, "evil-tow": evilSecret})})
		env.RegisterDelayedCallback(func() {
			before = outcomeOf(t, env)
			statuses["evil repaired"], _, _ = send(t, srv, signed("evil-tow", evilSecret, env.Now(), repaired))
			env.RegisterDelayedCallback(func() { after = outcomeOf(t, env) }, 0)
		}, 10*time.Minute)
		env.RegisterDelayedCallback(func() {
			statuses["genuine on_site"], _, _ = send(t, srv, signed("res-assistance", resSecret, env.Now(), onSite))
		}, 30*time.Minute)
	})
	require.NoError(t, p.Err, "timeline:\n%s", p.Timeline())
	assert.Equal(t, map[string]int{"evil repaired": http.StatusForbidden, "genuine on_site": http.StatusAccepted}, statuses)
	require.NotEmpty(t, before.Scorecard, "the partner's assignment is on the case's scorecard")
	assert.Equal(t, before, after, "evil-tow's event changed the case")
	require.Len(t, sig.signals, 1)
	assert.Equal(t, "res-assistance", sig.signals[0].Provider)
	assert.Empty(t, s.Check(p.Outcome), "the case does not end as the scenario expects")
	assert.Equal(t, contract.MissionResumed, p.Outcome.Mission)
}

// TestTheBodyDeadlineEndsWithItsRequest: the body timeout of one request does
// not cut the next request on the same kept-alive connection.
func TestTheBodyDeadlineEndsWithItsRequest(t *testing.T) {
	sig := &fakeSignaler{}
	s := edgeServer(t, sig, api.Config{BodyTimeout: 200 * time.Millisecond, Now: time.Now})
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := srv.Client()
	for i := range 2 {
		body := fmt.Sprintf(`{"event_id":"k-%d","assignment_id":"A1","mission_id":"M-1","kind":"en_route"}`, i)
		r := signed("byd-assistance", secret, time.Now(), body)
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/providers/byd-assistance/events", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set(webhooksig.HeaderTimestamp, r.timestamp)
		req.Header.Set(webhooksig.HeaderSignature, r.signature)
		resp, err := c.Do(req)
		require.NoError(t, err, "request %d", i)
		resp.Body.Close()
		assert.Equal(t, http.StatusAccepted, resp.StatusCode, "request %d", i)
		time.Sleep(400 * time.Millisecond) // past the first request's deadline
	}
	assert.Equal(t, 2, sig.count())
}

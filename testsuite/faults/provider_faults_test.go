package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
)

const (
	// faultSimScale plays the script fast: the fallback partner tows 10 s after
	// accepting. The provider calls' retry policy is paced like the case's
	// windows: 4 attempts, 5, 10 then 20 s apart divided by the case's time
	// scale, never under 10 ms (workflows.withProviderCall); the server starts
	// a retry no sooner than about a second later anyway.
	faultSimScale = 600
	// faultHTTPTimeout bounds each call to a provider in this test, so a
	// provider that hangs fails each attempt after a second.
	faultHTTPTimeout = time.Second
	// faultAttempts is the retry policy's MaximumAttempts.
	faultAttempts = 4
)

// faultRetryBackoff are the retry policy's intervals between two attempts, at
// the test's time scale.
var faultRetryBackoff = []time.Duration{paced(5 * time.Second), paced(10 * time.Second), paced(20 * time.Second)}

// paced is d at the test's time scale, as the workflow paces its retries.
func paced(d time.Duration) time.Duration {
	return max(time.Duration(float64(d)/faultSimScale), 10*time.Millisecond)
}

// The three ways a provider fails.
const (
	fault500  = "answers-500"
	faultHang = "hangs"
	faultDrop = "drops-connection"
)

// attempt is one request a faulty provider received.
type attempt struct {
	at   time.Time
	took time.Duration
	path string
	key  string
}

// faultyProvider stands in for one provider and fails every request its way.
type faultyProvider struct {
	fault string
	srv   *httptest.Server
	quit  chan struct{}

	mu       sync.Mutex
	attempts []attempt
}

// newFaultyProvider starts the provider; Cleanup stops it.
func newFaultyProvider(t *testing.T, fault string) *faultyProvider {
	p := &faultyProvider{fault: fault, quit: make(chan struct{})}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(func() {
		close(p.quit)
		p.srv.Close()
	})
	return p
}

func (p *faultyProvider) serve(w http.ResponseWriter, r *http.Request) {
	a := attempt{at: time.Now(), path: r.URL.Path, key: r.Header.Get("Idempotency-Key")}
	defer func() {
		a.took = time.Since(a.at)
		p.mu.Lock()
		p.attempts = append(p.attempts, a)
		p.mu.Unlock()
	}()
	// Read the whole request first: the order reached the provider (and the
	// server notices when our client gives up and closes the connection).
	_, _ = io.Copy(io.Discard, r.Body)
	switch p.fault {
	case fault500:
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
	case faultHang:
		select { // until our client gives up (its timeout), or the test ends
		case <-r.Context().Done():
		case <-p.quit:
		}
	case faultDrop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close() // the request read, no answer at all
		}
	}
}

// seen returns the requests received so far.
func (p *faultyProvider) seen() []attempt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]attempt(nil), p.attempts...)
}

// TestProviderFaults plays three cases whose vehicle's own assistance fails
// every request: one answers 500, one hangs past our 1 s HTTP timeout, one
// drops the connection without answering. Each is a clone of p08 (the lessor's
// assistance stays busy; the operator's partner takes over) with the lessor's
// assistance replaced by a small HTTP server failing its way, the simulator
// playing the partner res-assistance. It checks that each faulty provider got
// exactly 4 requests (Temporal's retries of one dispatch activity), all with
// the same Idempotency-Key and at the retry policy's intervals, the hanging one
// each cut after about a second; and that each case then fell back to
// res-assistance (fallback=true, the operator pays), traced the provider as
// unreachable and told the client assistance_unavailable, with p08's expected
// outcome and no order placed twice.
func TestProviderFaults(t *testing.T) {
	skipShort(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	p08 := loadScenarios(t, "p08")[0]
	faulty := map[string]*faultyProvider{}
	baseURLs := map[string]string{}
	var cases []*scenario.Scenario
	for i, fault := range []string{fault500, faultHang, faultDrop} {
		provider := "lessor-" + fault
		faulty[provider] = newFaultyProvider(t, fault)
		baseURLs[provider] = faulty[provider].srv.URL
		cases = append(cases, faultCase(t, p08, i+1, provider))
	}
	st := systemtest.Start(ctx, t, stack.Config{Scale: faultSimScale, Scenarios: cases, ExternalWorker: true})
	cfg := st.CaseWorkerConfig(faultSimScale)
	cfg.HTTPTimeout = faultHTTPTimeout
	inProcessWorker(t, st, cfg, func(acts *activities.Activities) {
		acts.Providers = providers.New(providers.Config{URLTemplate: cfg.ProvidersURL, CallbackURL: cfg.CallbackURL,
			Timeout: faultHTTPTimeout, BaseURLs: baseURLs})
	})

	started := time.Now()
	results := demo.Player{Cases: st.Cases, Scale: faultSimScale}.PlayAll(ctx, cases, 0)
	t.Logf("%d cases closed in %s", len(results), since(started))

	for _, r := range results {
		provider := r.Scenario.Report.Vehicle.Assistance.Provider
		t.Run(faulty[provider].fault, func(t *testing.T) {
			require.NoError(t, r.Err)
			for _, m := range r.Mismatches() {
				t.Error(m)
			}
			assert.Empty(t, r.Refused)
			checkFaultyProvider(t, faulty[provider], r)
			steps := map[string]bool{}
			for _, e := range r.Outcome.Timeline {
				steps[e.Step] = true
			}
			assert.True(t, steps["provider_unreachable"], "the case traced %s as unreachable", provider)
			assert.True(t, steps["fallback"], "the case traced the fallback")
			assert.Contains(t, noticesOf(t, st.Simulator.Records(pathNotices, r.Scenario.Report.MissionID)),
				contract.NoticeAssistanceUnavailable, "the client received assistance_unavailable")
			if t.Failed() {
				for _, e := range r.Outcome.Timeline {
					t.Logf("  %s %s %s: %s", e.At, e.Stage, e.Step, e.Reason)
				}
			}
		})
	}
	stats := st.Simulator.Stats()
	t.Logf("simulator: %+v", stats)
	assert.Zero(t, stats.DuplicateOrders, "no provider saw the same order twice")
}

// faultCase is p08 for mission M-1008-F<n> with the lessor's assistance
// replaced by provider, reached at the faulty server: its script (busy) is
// dropped, res-assistance's kept; expected as p08, and handled by
// res-assistance at the operator's cost.
func faultCase(t *testing.T, p08 *scenario.Scenario, n int, provider string) *scenario.Scenario {
	t.Helper()
	c, err := p08.Clone(fmt.Sprintf("%s-F%03d", p08.Report.MissionID, n), nil)
	require.NoError(t, err)
	c.Name = fmt.Sprintf("%s #%d", p08.Name, n)
	c.Report.Vehicle.Assistance.Provider = provider
	c.Providers = map[string]*scenario.ProviderScript{contract.OperatorPartner: c.Providers[contract.OperatorPartner]}
	c.Expect["provider"] = json.RawMessage(`"res-assistance"`)
	c.Expect["payer"] = json.RawMessage(`"operator"`)
	return c
}

// checkFaultyProvider checks the requests the faulty provider received for the
// case: the information at the report, tried faultAttempts times with its
// key (counted informed all the same), then one dispatch, tried faultAttempts
// times with the same key at the retry policy's intervals.
func checkFaultyProvider(t *testing.T, p *faultyProvider, r demo.Result) {
	t.Helper()
	caseID := r.Outcome.CaseID
	var seen []attempt
	informed := 0
	for _, a := range p.seen() {
		if a.path == "/breakdown-notices" {
			assert.Equal(t, caseID+"/informed", a.key, "the information at the report carries its own key")
			informed++
			continue
		}
		seen = append(seen, a)
	}
	assert.Equal(t, faultAttempts, informed, "the information at the report tried %d times (Temporal's retries), no more", faultAttempts)
	assert.True(t, r.Outcome.AssistanceInformedAtReport, "an assistance out of reach still counts as informed at the report")
	wantKey := caseID + "/dispatch/" + r.Scenario.Report.Vehicle.Assistance.Provider + "/1"
	gaps := make([]time.Duration, 0, len(seen))
	took := make([]time.Duration, 0, len(seen))
	for i, a := range seen {
		assert.Equal(t, "/assignments", a.path, "request %d", i+1)
		assert.Equal(t, wantKey, a.key, "request %d carries the key of the first", i+1)
		took = append(took, a.took.Round(time.Millisecond))
		if i > 0 {
			gaps = append(gaps, a.at.Sub(seen[i-1].at).Round(10*time.Millisecond))
		}
	}
	t.Logf("%s: %d requests with key %s, each lasting %v, started %v apart", p.fault, len(seen), wantKey, took, gaps)
	require.Len(t, seen, faultAttempts, "the dispatch tried %d times (Temporal's retries), no more", faultAttempts)
	for i, gap := range gaps {
		// From one start to the next: the attempt's own time plus the backoff.
		assert.GreaterOrEqual(t, gap, faultRetryBackoff[i], "retry %d after the backoff", i+1)
	}
	if p.fault == faultHang {
		for i, d := range took {
			assert.InDelta(t, faultHTTPTimeout.Seconds(), d.Seconds(), 0.5, "hanging request %d cut by our timeout", i+1)
		}
	}
}

// noticesOf returns the kinds of the client notices in records.
func noticesOf(t *testing.T, records []json.RawMessage) []contract.NoticeKind {
	t.Helper()
	out := make([]contract.NoticeKind, 0, len(records))
	for _, raw := range records {
		var n activities.ClientNotice
		require.NoError(t, json.Unmarshal(raw, &n))
		out = append(out, n.Kind)
	}
	return out
}

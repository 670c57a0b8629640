package simulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
)

// testParties are the parties of the tests, each with a key of its own.
var testParties = []string{"byd-assistance", "res-assistance", "leaseco-assistance", "mutual-assistance", "any-assistance",
	"authorised_repairer", "opteven", "nobody"}

// keys are the test parties' rings: the simulator signs with them, the
// receivers (and our API) verify with them.
var keys = func() webhooksig.Keys {
	var spec []string
	for _, p := range testParties {
		spec = append(spec, p+"=k1:"+p+"-test-secret")
	}
	k, err := webhooksig.ParseKeys(strings.Join(spec, ";"))
	if err != nil {
		panic(err)
	}
	return k
}()

// script builds a provider script from the scenario grammar.
func script(t *testing.T, dispatch, events, quotes []string) *scenario.ProviderScript {
	t.Helper()
	p := &scenario.ProviderScript{}
	for _, d := range dispatch {
		a, err := scenario.ParseAnswer(d)
		require.NoError(t, err)
		p.Dispatch = append(p.Dispatch, a)
	}
	for _, e := range events {
		ev, err := scenario.ParseEvent(e)
		require.NoError(t, err)
		p.Events = append(p.Events, ev)
	}
	for _, q := range quotes {
		o, err := scenario.ParseQuote(q)
		require.NoError(t, err)
		p.Quotes = append(p.Quotes, o)
	}
	return p
}

// mission is a scenario of one mission with these provider scripts.
func mission(id string, providers map[string]*scenario.ProviderScript) *scenario.Scenario {
	return &scenario.Scenario{Name: id, Report: contract.Report{MissionID: id}, Providers: providers}
}

// start runs a simulator with cfg (scale 60000 and the test keys by default).
func start(t *testing.T, cfg simulator.Config, scenarios ...*scenario.Scenario) (*simulator.Simulator, *httptest.Server) {
	t.Helper()
	if cfg.TimeScale == 0 {
		cfg.TimeScale = 60000 // 1 min = 1 ms
	}
	if cfg.WebhookKeys == nil {
		cfg.WebhookKeys = keys
	}
	if cfg.WebhookBackoff == 0 {
		cfg.WebhookBackoff = 5 * time.Millisecond
	}
	sim := simulator.New(cfg)
	sim.Load(scenarios)
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return sim, srv
}

// answer is an HTTP answer read in full.
type answer struct {
	Status int
	Header http.Header
	Body   map[string]any
}

// call posts body (a JSON value) with an Idempotency-Key when key is not empty.
func call(t *testing.T, url, key string, body any) answer {
	t.Helper()
	data, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return answer{resp.StatusCode, resp.Header, out}
}

// dispatch posts an assignment for a mission to a provider of srv.
func dispatch(t *testing.T, srv *httptest.Server, provider, missionID, key, callback string) answer {
	t.Helper()
	return call(t, srv.URL+"/providers/"+provider+"/assignments", key, map[string]any{
		"idempotency_key": key, "case_id": "breakdown-" + missionID + "/run", "provider": provider,
		"service": "assistance", "mission_id": missionID, "callback_url": callback,
		"vehicle": map[string]any{"vin": "LGXCE4CB0P0000001"}, "symptoms": []string{"no_start"},
	})
}

// receiver is a webhook receiver that checks signatures and keeps the events.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	events []map[string]any
	bad    []string
	// answer, when set, gives the status of the n-th delivery (1-based).
	answer func(n int) int
	n      int
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	t.Helper()
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.n++
		party := strings.Split(r.URL.Path, "/")[3] // /v1/providers/{party}/events
		_, err := webhooksig.VerifyRequest(keys[party], r.Method, r.URL.EscapedPath(), r.Header.Get(webhooksig.HeaderTimestamp),
			r.Header.Get(webhooksig.HeaderSignature), body, time.Now(), 0)
		if err != nil {
			rc.bad = append(rc.bad, err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		status := http.StatusAccepted
		if rc.answer != nil {
			status = rc.answer(rc.n)
		}
		if status/100 == 2 {
			var ev map[string]any
			_ = json.Unmarshal(body, &ev)
			rc.events = append(rc.events, ev)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() (events []map[string]any, deliveries int, bad []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append(events, rc.events...), rc.n, append(bad, rc.bad...)
}

func (rc *receiver) url(provider string) string {
	return rc.URL + "/v1/providers/" + provider + "/events"
}

func jsonBody(s string) io.Reader { return bytes.NewBufferString(s) }

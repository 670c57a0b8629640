package faults

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
)

// The cases of the kill test are clones of these public scenarios: their
// outcome does not depend on how long a case is held up while no worker runs
// (the pause, then the new worker's recovery: sticky tasks rescheduled after
// 5 s, started workflow tasks after their 10 s timeout, an activity that was
// running in the killed process after its 30 s start-to-close timeout).
//
//   - The worker runs with windows divided by killWorkerScale (30), four times
//     longer than the simulator's and the script's time (killSimScale, 120):
//     20 s of qualification window for ops' answer sent 1.5 s after the report,
//     60 s of saturation window for p09's two busy answers (half a second and
//     2 + 4 s of backoff apart; a dispatch lost in the killed process adds 35 s
//     and still fits), 4 min of approval deadline.
//   - In every one of them the rules propose the qualification ops send
//     (p04 aside, whose nature ops correct, within that 20 s window), so even
//     the qualification does not hang on the pause.
//   - The client's decisions (p06, c02, c03) are sent when the client is asked,
//     not at a fixed offset (clientDecisions); the beneficiary chooses when
//     offered (demo.Player); milestones sent while the case is held up wait in
//     its history and queue in its inbox.
//   - Left out: p07 (the client never answers; it closes when the approval
//     expires, 4 min at this scale) and p08 (the lessor stays busy through the
//     whole saturation window, 60 s, then a 50 s tow): their outcome does not
//     depend on the kill either, but they would double the test's duration.
var killScenarios = []string{"p01", "p02", "p03", "p04", "p05", "p06", "p09", "p10", "c01", "c02", "c03", "c04", "c05", "c06"}

const (
	// killCases is the number of cases played at once: 15 of each scenario.
	killCases = 15 * 14
	// killSimScale divides the script's offsets and the simulator's delays:
	// a case takes 20 to 80 s.
	killSimScale = 120
	// killWorkerScale divides the worker's windows (see killScenarios).
	killWorkerScale = 30
	// killStagger separates two reports: all are in within 11 s.
	killStagger = 50 * time.Millisecond
	// killPause is how long no worker runs after the kill.
	killPause = 2 * time.Second
	// killHold is how long each provider answer takes to reach the worker.
	killHold = 300 * time.Millisecond
)

// TestWorkerKilledMidFlight runs the worker command as a child process, kills
// it with SIGKILL once about half of 210 cases have had a provider dispatched,
// at a moment when dispatch answers are on their way back to it (a proxy holds
// each provider answer 300 ms), starts a new worker process two seconds later,
// and checks that every case closes with the outcome its scenario expects,
// that the server lists each case once and completed, and that no provider saw
// an order twice: the killed process's unfinished workflow tasks and activities
// are taken up by the new one from Temporal's history, and each dispatch whose
// answer was lost is asked again with the same Idempotency-Key and answered by
// the provider from its memory (RepeatedRequests), not ordered again.
func TestWorkerKilledMidFlight(t *testing.T) {
	skipShort(t)
	t.Parallel()
	built := time.Now()
	bin := buildWorker(t)
	t.Logf("worker command built in %s", since(built))

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cases := cloneMix(t, loadScenarios(t, killScenarios...), killCases)
	st := systemtest.Start(ctx, t, stack.Config{Scale: killSimScale, Scenarios: cases, ExternalWorker: true})
	slow := newSlowProviders(t, st.SimURL, killHold)
	args := append(st.WorkerArgs(killWorkerScale), "-metrics=", "-providers-url", slow.srv.URL+"/providers/{provider}")
	first := startWorkerProcess(t, bin, "first", args)

	started := time.Now()
	results, decisions := play(ctx, st, killSimScale, cases, killStagger)

	// Kill when about half the cases that call a provider have one dispatched.
	waitHalfDispatched(ctx, t, st, cases, first)
	// Kill while provider answers are held: orders the simulator has placed
	// whose answers die with the process before Temporal recorded them. The
	// new worker asks again, with the same Idempotency-Key.
	require.Eventually(t, func() bool { return slow.heldDispatches.Load() > 0 }, wait.Left(ctx), time.Millisecond, "a dispatch answer held")
	require.NoError(t, first.kill())
	killedAt := time.Now()
	lost := slow.heldDispatches.Load()
	atKill := st.Simulator.Stats()
	t.Logf("SIGKILL at %s: %s, %d dispatch answers lost; simulator %+v",
		killedAt.Sub(started).Round(10*time.Millisecond), standing(st, cases), lost, atKill)

	time.Sleep(killPause)
	second := startWorkerProcess(t, bin, "second", args)
	t.Logf("second worker started %s after the kill", since(killedAt))

	var got []demo.Result
	select {
	case got = <-results:
	case <-second.done:
		t.Fatalf("the second worker stopped: %v", second.err)
	case <-ctx.Done():
		t.Fatalf("cases still open after %s", since(started))
	}
	t.Logf("%d cases closed %s after the first report, %s after the kill", len(got), since(started), since(killedAt))
	stats := checkNothingLost(ctx, t, st, got, decisions, cases)
	assert.GreaterOrEqual(t, int64(stats.RepeatedRequests), lost, "every lost dispatch asked again with its key")
}

// slowProviders stands between the worker and the simulator's providers: it
// passes each request on at once (the simulator places the order) and holds
// the answer for a while, as a slow network would, so that a worker killed
// meanwhile loses the answers of orders already placed.
type slowProviders struct {
	srv *httptest.Server
	// heldDispatches counts the dispatch answers being held.
	heldDispatches atomic.Int64
}

// newSlowProviders proxies to the simulator at simURL, holding answers for
// hold; Cleanup stops it.
func newSlowProviders(t *testing.T, simURL string, hold time.Duration) *slowProviders {
	t.Helper()
	target, err := url.Parse(simURL)
	require.NoError(t, err)
	p := &slowProviders{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if strings.HasSuffix(resp.Request.URL.Path, "/assignments") {
			p.heldDispatches.Add(1)
			defer p.heldDispatches.Add(-1)
		}
		time.Sleep(hold)
		return nil
	}
	p.srv = httptest.NewServer(proxy)
	t.Cleanup(p.srv.Close)
	return p
}

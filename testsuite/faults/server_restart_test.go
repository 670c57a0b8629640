package faults

import (
	"context"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
)

const (
	// restartCases is the number of cases in flight when the server stops:
	// 7 of each of killScenarios, chosen for the same reasons (the cases are
	// held up while the server is down, as they are while no worker runs).
	restartCases = 7 * 14
	// restartSimScale and restartWorkerScale are the time scales of the
	// simulator and the script, and of the worker's windows (as for the kill).
	restartSimScale    = killSimScale
	restartWorkerScale = killWorkerScale
	// restartDown is how long the server stays down, on top of its stop and
	// start. The providers' events sent meanwhile are delivered again by the
	// simulator (8 attempts over about 30 s) and the clients' calls are
	// retried by the SDK (60 s).
	restartDown = 2 * time.Second
)

// TestServerRestartMidLoad stops the embedded Temporal server once every one
// of 98 cases is reported and about half have a provider dispatched, starts it
// again on the same SQLite data directory and frontend address, and checks
// that every case closes with the outcome its scenario expects, that the server
// lists each case once and completed, and that no provider saw an order twice.
// The worker, the client, our API and the simulator keep running throughout:
// their gRPC connections redial the restarted server by themselves, the
// provider events refused meanwhile are delivered again, and the timers and
// tasks due while the server was down fire when it is back.
func TestServerRestartMidLoad(t *testing.T) {
	skipShort(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cases := cloneMix(t, loadScenarios(t, killScenarios...), restartCases)
	dataDir := t.TempDir() // the server starts again on it
	st := systemtest.Start(ctx, t, stack.Config{DataDir: dataDir, Scale: restartSimScale, Scenarios: cases, ExternalWorker: true})
	inProcessWorker(t, st, st.CaseWorkerConfig(restartWorkerScale), nil)

	started := time.Now()
	results, decisions := play(ctx, st, restartSimScale, cases, killStagger)

	all := missionsOf(cases, func(*scenario.Scenario) bool { return true })
	dispatching := missionsOf(cases, dispatches)
	require.Eventually(t, func() bool {
		return count(noticed(st.Simulator, contract.NoticeBreakdownReported), all) == len(all) &&
			count(noticed(st.Simulator, contract.NoticeAssistanceDispatched), dispatching) >= len(dispatching)/2
	}, wait.Left(ctx), 100*time.Millisecond, "every case reported and half dispatched")
	atStop := st.Simulator.Stats()
	stopping := time.Now()
	t.Logf("stopping the server at %s: %d/%d dispatched, %d/%d closed; simulator %+v",
		stopping.Sub(started).Round(10*time.Millisecond),
		count(noticed(st.Simulator, contract.NoticeAssistanceDispatched), dispatching), len(dispatching),
		count(noticed(st.Simulator, contract.NoticeCaseClosed), all), len(all), atStop)
	require.NoError(t, st.StopServer())
	stopped := time.Now()
	time.Sleep(restartDown)
	restarting := time.Now()
	require.NoError(t, st.StartServer(ctx, dataDir))
	t.Logf("server stopped in %s, down %s, started again in %s: %s without a server",
		stopped.Sub(stopping).Round(10*time.Millisecond), restartDown, since(restarting), since(stopping))

	var got []demo.Result
	select {
	case got = <-results:
	case <-ctx.Done():
		t.Fatalf("cases still open after %s", since(started))
	}
	t.Logf("%d cases closed %s after the first report, %s after the restart", len(got), since(started), since(restarting))
	checkNothingLost(ctx, t, st, got, decisions, cases)
}

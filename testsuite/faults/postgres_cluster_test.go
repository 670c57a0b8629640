package faults

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/pgtest"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// The cluster shape plays the same mix as the kill test (see killScenarios
// for why these scenarios' outcomes do not depend on a worker dying), at the
// same scales, with fewer cases: two workers share them.
const clusterCases = 6 * 14

// TestPostgresTwoWorkersOneKilled runs the production shape on this machine:
// Temporal's server on PostgreSQL (Debian's postgresql; the databases and
// schemas made by Temporal's own schema tool, as deploy/ does), two case
// workers as separate processes of the worker command, our API and the
// simulator over real HTTP. It plays the public scenarios across both
// workers, kills one with SIGKILL once about half the cases that call a
// provider have one dispatched, does not restart it, and checks that every
// case closes as its scenario expects, once, with no order placed twice: the
// surviving worker takes over the dead one's cases from their histories.
func TestPostgresTwoWorkersOneKilled(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := buildWorker(t)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pg, err := pgtest.Start(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, pg.Stop()) })

	cases := cloneMix(t, loadScenarios(t, killScenarios...), clusterCases)
	// The data directory holds the lock and the payload key file the workers read.
	st := systemtest.Start(ctx, t, stack.Config{Postgres: pg.URL, Scale: killSimScale, Scenarios: cases, ExternalWorker: true})
	// The case records' database is made beside Temporal's; the workers open it.
	require.Contains(t, st.Records.Where(), "/"+record.DefaultDatabase)
	args := append(st.WorkerArgs(killWorkerScale), "-metrics=")
	require.Contains(t, args, "-records="+st.Records.URL())
	one := startWorkerProcess(t, bin, "one", args)
	two := startWorkerProcess(t, bin, "two", args)

	started := time.Now()
	results, decisions := play(ctx, st, killSimScale, cases, killStagger)

	waitHalfDispatched(ctx, t, st, cases, one)
	require.NoError(t, one.kill())
	killedAt := time.Now()
	t.Logf("SIGKILL of worker one at %s: %s", killedAt.Sub(started).Round(10*time.Millisecond), standing(st, cases))

	var got []demo.Result
	select {
	case got = <-results:
	case <-two.done:
		t.Fatalf("worker two stopped: %v", two.err)
	case <-ctx.Done():
		t.Fatalf("cases still open after %s", since(started))
	}
	t.Logf("%d cases closed %s after the first report, %s after the kill; PostgreSQL holds %.1f MiB",
		len(got), since(started), since(killedAt), float64(pg.Size())/(1<<20))
	checkNothingLost(ctx, t, st, got, decisions, cases)
}

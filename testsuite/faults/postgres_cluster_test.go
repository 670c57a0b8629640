package faults

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
	"github.com/valetops/assistance/testsuite/pgtest"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
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
// provider have one dispatched and it has written a case's record (by then
// most dispatches are out: the kill with dispatch answers in flight is
// TestWorkerKilledMidFlight's), does not restart it, and checks that every case closes as its scenario
// expects, once, with no order placed twice: the surviving worker takes over
// the dead one's cases from their histories. The case record store, its own
// database beside Temporal's, then holds exactly one record per closed case,
// each with its whole timeline, written by both workers.
func TestPostgresTwoWorkersOneKilled(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := buildWorker(t)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pg := pgtest.ForTest(ctx, t)

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
	// Kill once worker one has written a record too, so that both workers
	// write records (and the killed one may die in the middle of another).
	records := openRecords(t, st)
	require.Eventually(t, func() bool { return one.exited() || recordedBy(ctx, t, st, cases, one) },
		wait.Left(ctx), 200*time.Millisecond, "worker one wrote a record")
	require.False(t, one.exited(), "worker one is still running")
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
	checkOneRecordEach(ctx, t, st, records, got)
}

// recordedBy reports whether worker w ran a case's RecordCase to its end
// (the identity of a worker process is PID@HOST@).
func recordedBy(ctx context.Context, t *testing.T, st *stack.Stack, cases []*scenario.Scenario, w *workerProcess) bool {
	t.Helper()
	closed := noticed(st.Simulator, contract.NoticeCaseClosed)
	identity := fmt.Sprintf("%d@", w.cmd.Process.Pid)
	for _, s := range cases {
		if !closed[s.Report.MissionID] {
			continue
		}
		h, err := histories.Fetch(ctx, st.Client, contract.WorkflowID(s.Report.MissionID), "")
		require.NoError(t, err)
		scheduled, started := map[int64]bool{}, map[int64]bool{}
		for _, e := range h.Events {
			if a := e.GetActivityTaskScheduledEventAttributes(); a != nil && a.GetActivityType().GetName() == "RecordCase" {
				scheduled[e.GetEventId()] = true
			}
			if a := e.GetActivityTaskStartedEventAttributes(); a != nil && scheduled[a.GetScheduledEventId()] && strings.HasPrefix(a.GetIdentity(), identity) {
				started[e.GetEventId()] = true
			}
			if a := e.GetActivityTaskCompletedEventAttributes(); a != nil && started[a.GetStartedEventId()] {
				return true
			}
		}
	}
	return false
}

// openRecords opens the records' database of the stack, for SQL.
func openRecords(t *testing.T, st *stack.Stack) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", st.Records.URL())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// checkOneRecordEach checks the record store holds exactly one record per
// closed case, each with its whole timeline, and says which workers wrote them
// (the identity of the worker that ran each case's RecordCase, in its history).
func checkOneRecordEach(ctx context.Context, t *testing.T, st *stack.Stack, db *sql.DB, got []demo.Result) {
	t.Helper()
	var rows, distinct int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT case_id) FROM cases").Scan(&rows, &distinct))
	closed := 0
	writers := map[string]int{}
	retried := 0
	for _, r := range got {
		if r.Outcome.Stage != contract.StageClosed {
			continue
		}
		closed++
		var n, timeline int
		require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*) FROM cases WHERE case_id = $1", r.Outcome.CaseID).Scan(&n))
		require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*) FROM case_timeline WHERE case_id = $1", r.Outcome.CaseID).Scan(&timeline))
		assert.Equal(t, 1, n, "records of %s", r.Outcome.CaseID)
		assert.Equal(t, len(r.Outcome.Timeline), timeline, "timeline rows of %s", r.Outcome.CaseID)
		workflowID, runID, _ := strings.Cut(r.Outcome.CaseID, "/")
		h, err := histories.Fetch(ctx, st.Client, workflowID, runID)
		require.NoError(t, err)
		scheduled := map[int64]bool{}
		for _, e := range h.Events {
			if a := e.GetActivityTaskScheduledEventAttributes(); a != nil && a.GetActivityType().GetName() == "RecordCase" {
				scheduled[e.GetEventId()] = true
			}
			if a := e.GetActivityTaskStartedEventAttributes(); a != nil && scheduled[a.GetScheduledEventId()] {
				writers[a.GetIdentity()]++
				if a.GetAttempt() > 1 {
					retried++
				}
			}
		}
	}
	assert.Equal(t, len(got), closed, "every case closed")
	assert.Equal(t, closed, rows, "one record per closed case")
	assert.Equal(t, closed, distinct, "no case recorded twice")
	t.Logf("records: %d rows, %d cases, %d closed; RecordCase run by %d workers %v, %d on a later attempt", rows, distinct, closed, len(writers), writers, retried)
	assert.Len(t, writers, 2, "both workers wrote records")
}

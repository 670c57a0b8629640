package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/wait"
)

// Where the simulator records what the case sends to the parties.
const pathNotices = "/client/notices"

// skipShort skips a live fault test under -short.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("live fault test on the embedded Temporal server")
	}
}

// loadScenarios reads the public scenarios (the embedded copies of
// shared/scenarios) whose file names start with one of prefixes ("p02",
// "c01"), in the order of prefixes.
func loadScenarios(t *testing.T, prefixes ...string) []*scenario.Scenario {
	t.Helper()
	all, err := scenarios.Builtin()
	require.NoError(t, err)
	out := make([]*scenario.Scenario, 0, len(prefixes))
	for _, p := range prefixes {
		n := len(out)
		for _, s := range all {
			if strings.HasPrefix(filepath.Base(s.File), p+"_") {
				out = append(out, s)
			}
		}
		require.Len(t, out, n+1, "one public scenario named %s_*.json", p)
	}
	return out
}

// cloneMix returns total cases cloned from base in turn (base[0] #1, base[1]
// #1, ..., base[0] #2, ...), so every kind of case is spread over the load.
// The n-th case of a kind has its scenario's script and expectations, for
// mission MISSION-nnnn (M-1004-0001, ...).
func cloneMix(t *testing.T, base []*scenario.Scenario, total int) []*scenario.Scenario {
	t.Helper()
	out := make([]*scenario.Scenario, total)
	for i := range out {
		s, n := base[i%len(base)], i/len(base)+1
		c, err := s.Clone(fmt.Sprintf("%s-%04d", s.Report.MissionID, n), nil)
		require.NoError(t, err)
		c.Name = fmt.Sprintf("%s #%d", s.Name, n)
		out[i] = c
	}
	return out
}

// inProcessWorker starts a worker in the test process, on the stack's client,
// with the activities built from cfg (windows divided by cfg.Scale) and then
// adjusted by adjust (may be nil). The fault tests start the stack without a
// worker (stack.Config.ExternalWorker): each starts its own, this one or
// worker processes (startWorkerProcess).
func inProcessWorker(t *testing.T, st *stack.Stack, cfg caseworker.Config, adjust func(*activities.Activities)) {
	t.Helper()
	acts, err := caseworker.Activities(st.Client, cfg)
	require.NoError(t, err)
	if adjust != nil {
		adjust(acts)
	}
	require.NoError(t, st.ReplaceWorker(acts))
}

// noticed returns the missions the simulator received a client notice of kind for.
func noticed(sim *simulator.Simulator, kind contract.NoticeKind) map[string]bool {
	out := map[string]bool{}
	for _, raw := range sim.Records(pathNotices, "") {
		var n activities.ClientNotice
		if json.Unmarshal(raw, &n) == nil && n.Kind == kind {
			out[n.MissionID] = true
		}
	}
	return out
}

// count returns how many of missions are in set.
func count(set map[string]bool, missions []string) int {
	n := 0
	for _, m := range missions {
		if set[m] {
			n++
		}
	}
	return n
}

// missionsOf returns the mission ids of the cases for which keep is true.
func missionsOf(cases []*scenario.Scenario, keep func(*scenario.Scenario) bool) []string {
	var out []string
	for _, s := range cases {
		if keep(s) {
			out = append(out, s.Report.MissionID)
		}
	}
	return out
}

// dispatches reports whether a case asks a provider to come: every case but
// the drivable one.
func dispatches(s *scenario.Scenario) bool { return !s.Report.Drivable }

// clientDecisions plays the client's approvals of the scenarios. The demo
// player sends a decision at the script's offset after the report; a case held
// up by the fault (its worker killed, its server down) may not have asked yet
// by then, and the decision would be refused. Here the client answers when it
// is asked, as a real one does: once the simulator has received the case's
// approval_requested notice. The deadline (2 h, scaled) leaves it ample time.
type clientDecisions struct {
	cases *starter.Cases
	sim   *simulator.Simulator

	stop context.CancelFunc
	ran  chan struct{}
	wg   sync.WaitGroup

	mu      sync.Mutex
	pending map[string]*scenario.ClientDecide // mission → decision not sent yet
	sent    int
	refused []string
}

// takeDecisions returns the cases for the player, without the client's
// decisions, and the decisions, to be played by start.
func takeDecisions(cases []*scenario.Scenario, st *stack.Stack) ([]*scenario.Scenario, *clientDecisions) {
	d := &clientDecisions{cases: st.Cases, sim: st.Simulator, pending: map[string]*scenario.ClientDecide{}, ran: make(chan struct{})}
	out := make([]*scenario.Scenario, len(cases))
	for i, s := range cases {
		out[i] = s
		if s.Client != nil && s.Client.Decide != nil {
			c := *s
			c.Client = nil
			out[i] = &c
			d.pending[s.Report.MissionID] = s.Client.Decide
		}
	}
	return out, d
}

// start sends each decision once its case asked, until all are sent, ctx ends
// or wait is called.
func (d *clientDecisions) start(ctx context.Context) {
	var looking context.Context
	looking, d.stop = context.WithCancel(ctx)
	go func() {
		defer close(d.ran)
		for d.sendAsked(ctx) > 0 {
			select {
			case <-looking.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
}

// sendAsked sends the decisions of the cases that asked; it returns how many
// are still pending.
func (d *clientDecisions) sendAsked(ctx context.Context) int {
	asked := noticed(d.sim, contract.NoticeApprovalRequested)
	d.mu.Lock()
	defer d.mu.Unlock()
	for mission, decide := range d.pending {
		if !asked[mission] {
			continue
		}
		delete(d.pending, mission)
		d.sent++
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			_, err := d.cases.Decide(ctx, mission, contract.DecideRequest{Choose: decide.Choose, Decline: decide.Decline, By: "fault test client"})
			if err != nil {
				d.mu.Lock()
				d.refused = append(d.refused, mission+": "+err.Error())
				d.mu.Unlock()
			}
		}()
	}
	return len(d.pending)
}

// wait stops looking for requests, waits for the decisions under way, and
// returns how many were sent, how many were never asked for, and the refusals.
func (d *clientDecisions) wait() (sent, unasked int, refused []string) {
	d.stop()
	<-d.ran
	d.wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sent, len(d.pending), d.refused
}

// play plays every case live with the demo player (the valet's report, ops'
// qualification at its offset, the beneficiary's choice when offered) and
// the client's decisions when asked; it returns at once, the results come on
// the channel when every case has closed.
func play(ctx context.Context, st *stack.Stack, scale float64, cases []*scenario.Scenario, stagger time.Duration) (<-chan []demo.Result, *clientDecisions) {
	forPlayer, decisions := takeDecisions(cases, st)
	done := make(chan []demo.Result, 1)
	decisions.start(ctx)
	go func() {
		p := demo.Player{Cases: st.Cases, Scale: scale, Poll: 500 * time.Millisecond}
		done <- p.PlayAll(ctx, forPlayer, stagger)
	}()
	return done, decisions
}

// checkResults checks every case closed with its scenario's expected outcome
// and that no scripted request was refused.
func checkResults(t *testing.T, results []demo.Result, decisions *clientDecisions) {
	t.Helper()
	failed := 0
	for _, r := range results {
		var problems []string
		if r.Err != nil {
			problems = append(problems, "error: "+r.Err.Error())
		} else if r.Outcome.Stage != contract.StageClosed {
			problems = append(problems, "not closed: "+string(r.Outcome.Stage))
		}
		for _, m := range r.Mismatches() {
			problems = append(problems, m.String())
		}
		for _, why := range r.Refused {
			problems = append(problems, "refused "+why)
		}
		if len(problems) == 0 {
			continue
		}
		failed++
		if failed <= 5 { // the first few in full; the count says the rest
			t.Errorf("%s (%s): %s", r.Scenario.Report.MissionID, filepath.Base(r.Scenario.File), strings.Join(problems, "; "))
			for _, e := range r.Outcome.Timeline {
				t.Logf("  %s %s %s: %s", e.At, e.Stage, e.Step, e.Reason)
			}
		}
	}
	sent, unasked, refused := decisions.wait()
	assert.Empty(t, refused, "client decisions refused")
	assert.Zero(t, unasked, "client decisions never asked for")
	t.Logf("client decisions sent when asked: %d", sent)
	assert.Zero(t, failed, "cases without their expected outcome, of %d", len(results))
}

// checkVisibility checks that the server lists exactly the cases played, one
// run each, every one completed (none failed, timed out or terminated).
func checkVisibility(ctx context.Context, t *testing.T, st *stack.Stack, cases []*scenario.Scenario) {
	t.Helper()
	want := map[string]bool{}
	for _, s := range cases {
		want["breakdown-"+s.Report.MissionID] = true
	}
	completed := enums.WORKFLOW_EXECUTION_STATUS_COMPLETED.String()
	byStatus := func(listed []starter.CaseSummary) map[string]int {
		statuses := map[string]int{}
		for _, c := range listed {
			statuses[c.Status]++
		}
		return statuses
	}
	var listed []starter.CaseSummary // read once the wait is over
	if !assert.EventuallyWithT(t, func(c *assert.CollectT) {
		var err error
		listed, err = st.Cases.List(ctx, starter.Filter{})
		require.NoError(c, err)
		assert.Equal(c, map[string]int{completed: len(want)}, byStatus(listed), "runs listed, by status")
	}, wait.Left(ctx), 500*time.Millisecond, "every case listed once, completed") {
		return
	}
	t.Logf("visibility: %d runs listed: %v", len(listed), byStatus(listed))
	runs := map[string]int{}
	for _, c := range listed {
		runs[c.WorkflowID]++
	}
	for id, n := range runs {
		assert.True(t, want[id], "unexpected case %s", id)
		assert.Equal(t, 1, n, "runs of %s", id)
	}
}

// buildWorker builds the worker command into a temporary directory of t.
func buildWorker(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err, "go env GOMOD")
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(t.TempDir(), "worker")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./worker")
	build.Dir = root
	out, err = build.CombinedOutput()
	require.NoError(t, err, "go build ./worker in %s:\n%s", root, out)
	return bin
}

// workerProcess is a worker command running as a child process.
type workerProcess struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error // set when done is closed
}

// startWorkerProcess starts the worker binary with args; its output goes to a
// log file, shown if the test fails. Cleanup interrupts it if still running.
func startWorkerProcess(t *testing.T, bin, name string, args []string) *workerProcess {
	t.Helper()
	p := &workerProcess{name: name, log: filepath.Join(t.TempDir(), name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	require.NoError(t, err)
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	require.NoError(t, p.cmd.Start(), "starting the %s worker", name)
	go func() {
		p.err = p.cmd.Wait()
		_ = f.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			if out, err := os.ReadFile(p.log); err == nil && len(out) > 0 {
				t.Logf("%s worker's log (last 4000 bytes):\n%s", name, tail(out, 4000))
			}
		}
	})
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *workerProcess) kill() error {
	if err := p.cmd.Process.Kill(); err != nil {
		return err
	}
	<-p.done
	return nil
}

// stop interrupts the process (a clean stop) and kills it after 15 s.
func (p *workerProcess) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.kill()
	}
}

// exited reports whether the process has ended.
func (p *workerProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// since is the time elapsed since start, rounded for the logs.
func since(start time.Time) time.Duration { return time.Since(start).Round(10 * time.Millisecond) }

// checkNothingLost checks that every case ended as expected, once, and that no
// provider saw an order twice nor missed an event; it returns the simulator's
// figures for the test's own checks.
func checkNothingLost(ctx context.Context, t *testing.T, st *stack.Stack, got []demo.Result, decisions *clientDecisions, cases []*scenario.Scenario) simulator.Stats {
	t.Helper()
	checkResults(t, got, decisions)
	checkVisibility(ctx, t, st, cases)
	stats := st.Simulator.Stats()
	t.Logf("simulator: %+v", stats)
	assert.Zero(t, stats.DuplicateOrders, "no provider saw the same order twice")
	assert.Zero(t, stats.WebhookFailures, "every provider event reached its case")
	return stats
}

// waitHalfDispatched waits until half the cases that call a provider have one
// dispatched, with w still running (it fails the test otherwise).
func waitHalfDispatched(ctx context.Context, t *testing.T, st *stack.Stack, cases []*scenario.Scenario, w *workerProcess) {
	t.Helper()
	dispatching := missionsOf(cases, dispatches)
	require.Eventually(t, func() bool {
		return w.exited() || count(noticed(st.Simulator, contract.NoticeAssistanceDispatched), dispatching) >= len(dispatching)/2
	}, wait.Left(ctx), 100*time.Millisecond, "half the cases dispatched")
	require.False(t, w.exited(), "worker %s is still running", w.name)
}

// standing says how many cases are reported, dispatched and closed.
func standing(st *stack.Stack, cases []*scenario.Scenario) string {
	dispatching := missionsOf(cases, dispatches)
	all := missionsOf(cases, func(*scenario.Scenario) bool { return true })
	return fmt.Sprintf("%d/%d cases reported, %d/%d dispatched, %d/%d closed",
		count(noticed(st.Simulator, contract.NoticeBreakdownReported), all), len(all),
		count(noticed(st.Simulator, contract.NoticeAssistanceDispatched), dispatching), len(dispatching),
		count(noticed(st.Simulator, contract.NoticeCaseClosed), all), len(all))
}

// Command bench measures how much the system carries, against the embedded
// Temporal server: N happy-path cases with the simulator answering at once and
// the saga's windows scaled down, and in the same run a bare workflow with the
// same number of activities as the reference, and the shape twin (ShapeTwin:
// the case's exact conversation without its rules and search attributes). It
// prints cases/s for the three and the saga's ratio to each, report→first-dispatch p50/p99 (saturated, then at a fraction of
// the saturating rate), report→dispatch at that rate for cases whose first
// provider stays silent (its offer expires and the operator's partner goes),
// history events per case, and the worker's peak RSS; with
// -open K it also holds K cases open, waiting on providers, and prints the
// worker's memory. The worker runs as a child process (this binary, role
// "worker") so its memory is its own.
//
// With -secure every connection uses the cluster shape's mutual TLS and
// authorization by role (docs/security.md): run it with and without to
// measure what they cost.
//
//	go run ./cmd/bench -n 300
//	go run ./cmd/bench -n 300 -open 10000
//	go run ./cmd/bench -n 300 -postgres local -secure
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/valetops/assistance/rules"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := runWorker(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := bench(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	n, concurrency, latencyN, open, sample int
	silentN                                int
	scale, openScale, fraction             float64
	data, template, postgres               string
	every                                  time.Duration
	dump, reference, twin, encrypt, secure bool
	records                                bool
	ownerQuery                             bool
}

func bench() error {
	var o options
	flag.IntVar(&o.n, "n", 300, "happy-path cases (and reference workflows) in the throughput phase")
	flag.IntVar(&o.concurrency, "concurrency", 200, "cases in flight at once in the throughput phase")
	flag.IntVar(&o.latencyN, "latency-n", 150, "cases in the latency phase, at -fraction of the saturating rate")
	flag.IntVar(&o.silentN, "silent-n", 100, "cases in the silent-provider phase, at -fraction of the saturating rate: the vehicle's assistance never answers, its offer expires, the operator's partner goes (0: skip)")
	flag.Float64Var(&o.fraction, "fraction", 0.5, "rate of the latency phase, as a fraction of the saturating rate")
	flag.Float64Var(&o.scale, "scale", 10000, "time scale of the throughput phases (the simulator answers at once)")
	flag.IntVar(&o.open, "open", 0, "cases to hold open, waiting on providers, for the memory phase (0: skip)")
	flag.Float64Var(&o.openScale, "open-scale", 60, "time scale of the memory phase (8 h follow window → 8 min at 60)")
	flag.StringVar(&o.data, "data", "", "Temporal data directory (default: a temporary one)")
	flag.StringVar(&o.postgres, "postgres", "", `run Temporal on PostgreSQL: a postgres:// URL, or "local" for a throwaway durable cluster of this machine's PostgreSQL (default: SQLite in -data)`)
	flag.DurationVar(&o.every, "progress", 0, "print the cases closed, the rate, the worker's memory and the store's size at this interval during the throughput phase (0: never)")
	flag.IntVar(&o.sample, "sample", 1000, "cases whose history is read for the figures (evenly spread)")
	flag.BoolVar(&o.reference, "reference", true, "run the bare reference workflow too")
	flag.BoolVar(&o.twin, "twin", true, "run the shape twin too: the case's conversation without its rules and search attributes")
	flag.BoolVar(&o.encrypt, "encrypt", true, "encrypt every payload (AES-256-GCM, as in production); false measures without")
	flag.BoolVar(&o.secure, "secure", false, "the cluster shape's mutual TLS and authorization by role on every connection (docs/security.md); false measures without")
	flag.BoolVar(&o.records, "records", true, "write each closed case's record to the case record store (false: the worker keeps none; the saga and the twin still call RecordCase, which then writes nothing)")
	flag.BoolVar(&o.ownerQuery, "owner-query", true, "our API asks the case whose each new assignment is before passing its event on (false measures without: the case still checks every event)")
	flag.BoolVar(&o.dump, "dump", false, "print the timed history of one case of the latency phase")
	flag.StringVar(&o.template, "case", "testsuite/scenarios/p04_new_vehicle_manufacturer.json", "the happy-path case to clone")
	flag.Parse()

	tmpl, err := scenario.Load(o.template)
	if err != nil {
		return err
	}
	warm, happy, paced, open := clones(tmpl, "W", 1, true), clones(tmpl, "H", o.n, true), clones(tmpl, "L", o.latencyN, true), clones(tmpl, "O", o.open, false)
	twins := clones(tmpl, "T", o.n, true)
	silent := silentClones(tmpl, o.silentN)
	all := append(append(append(append(append(warm, happy...), paced...), open...), twins...), silent...)

	ctx := context.Background()
	store, stopStore, err := openStore(ctx, &o)
	if err != nil {
		return err
	}
	defer stopStore()
	if o.data == "" { // on PostgreSQL: a directory for the lock and the payload key file
		dir, err := os.MkdirTemp("", "bench-keys-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		o.data = dir
	}
	st, err := stack.Start(ctx, stack.Config{
		DataDir:        o.data,
		Postgres:       o.postgres,
		FrontendAddr:   "127.0.0.1:0",
		Scale:          o.scale,
		Scenarios:      all,
		ExternalWorker: true,
		Plain:          !o.encrypt,
		Secure:         o.secure,
		NoOwnerQuery:   !o.ownerQuery,
	})
	if err != nil {
		return err
	}
	defer st.Stop()
	child, err := startWorker(st, o)
	if err != nil {
		return err
	}
	defer stopWorker(child)
	payloads := "payloads encrypted (AES-256-GCM)"
	if !o.encrypt {
		payloads = "payloads in clear"
	}
	if o.secure {
		payloads += ", mutual TLS and authorization by role"
	} else {
		payloads += ", plain gRPC without authorization"
	}
	records := "each closed case recorded in " + st.Records.Where()
	if !o.records {
		records = "no case record written (-records=false)"
	}
	ownership := ""
	if !o.ownerQuery {
		ownership = ", no ownership Query from the API (-owner-query=false)"
	}
	fmt.Printf("bench: embedded Temporal server (%s), worker pid %d, time scale ×%v, %d cases in flight, %s, %s%s\n", store.name, child.Process.Pid, o.scale, o.concurrency, payloads, records, ownership)

	// One case first: its history gives the shape the reference copies.
	warmRuns, _, err := playCases(ctx, st, warm, 1, nil)
	if err != nil {
		return err
	}
	warmStats, err := collect(ctx, st, warmRuns)
	if err != nil {
		return err
	}
	shape := Shape{Activities: warmStats[0].activities, LocalActivities: warmStats[0].localActivities}
	fmt.Printf("happy path (%s): %d history events, %d activities, %d local activities\n", tmpl.Name, warmStats[0].events, shape.Activities, shape.LocalActivities)

	prog := &progress{total: o.n, interval: o.every, pid: child.Process.Pid, store: store}
	progCtx, stopProgress := context.WithCancel(ctx)
	go prog.run(progCtx)
	sagaCPU := startCPU(child.Process.Pid)
	runs, sagaWall, err := playCases(ctx, st, happy, o.concurrency, prog)
	sagaWorkerCPU, sagaRestCPU := sagaCPU.perCase(o.n)
	stopProgress()
	if err != nil {
		return err
	}
	refWall := time.Duration(0)
	if o.reference {
		if refWall, err = playReference(ctx, st, shape, o.n, o.concurrency); err != nil {
			return err
		}
	}
	twinWall := time.Duration(0)
	var twinRuns []run
	var twinWorkerCPU, twinRestCPU time.Duration
	if o.twin {
		twinCPU := startCPU(child.Process.Pid)
		if twinRuns, twinWall, err = playTwins(ctx, st, twins, o.concurrency); err != nil {
			return err
		}
		twinWorkerCPU, twinRestCPU = twinCPU.perCase(o.n)
	}
	stats, err := collect(ctx, st, sample(runs, o.sample))
	if err != nil {
		return err
	}
	sagaRate, refRate := float64(o.n)/sagaWall.Seconds(), float64(o.n)/refWall.Seconds()
	mean, maxEvents := eventCounts(stats)
	lat := dispatchLatencies(stats)
	_, peak, _ := memoryOf(child.Process.Pid)
	fmt.Printf("\nthroughput, %d each, %d in flight:\n", o.n, o.concurrency)
	fmt.Printf("  saga       %7.1f cases/s  (%s; processor per case: worker %s, server and the rest %s)\n", sagaRate, sagaWall.Round(time.Millisecond),
		sagaWorkerCPU.Round(100*time.Microsecond), sagaRestCPU.Round(100*time.Microsecond))
	if o.reference {
		fmt.Printf("  reference  %7.1f workflows/s  (%s)\n", refRate, refWall.Round(time.Millisecond))
	}
	if o.twin {
		fmt.Printf("  shape twin %7.1f cases/s  (%s; processor per case: worker %s, server and the rest %s)\n", float64(o.n)/twinWall.Seconds(),
			twinWall.Round(time.Millisecond), twinWorkerCPU.Round(100*time.Microsecond), twinRestCPU.Round(100*time.Microsecond))
	}
	if o.reference {
		fmt.Printf("  saga / bare reference  %5.2f\n", sagaRate/refRate)
	}
	if o.twin {
		fmt.Printf("  saga / shape twin      %5.2f  (target ≥ 0.90)\n", sagaRate/(float64(o.n)/twinWall.Seconds()))
		same, err := compareShapes(ctx, st, runs[0], twinRuns[0])
		if err != nil {
			return err
		}
		fmt.Printf("  conversation of a case and its twin: %s\n", same)
	}
	fmt.Printf("history events per case: mean %.1f, max %d (target ≤ 60)\n", mean, maxEvents)
	recorded := "-"
	if sum, err := st.Records.Summary(ctx); err == nil {
		recorded = fmt.Sprint(sum.Cases)
	}
	fmt.Printf("store: %s: Temporal %.0f MiB; case records %.1f MiB (%s records)\n", store.name, mib(store.temporal()), mib(store.records()), recorded)
	fmt.Printf("report→dispatch when saturated: p50 %s, p99 %s\n", percentile(lat, 50).Round(time.Millisecond), percentile(lat, 99).Round(time.Millisecond))

	if o.latencyN == 0 {
		_, peak, _ := memoryOf(child.Process.Pid)
		fmt.Printf("worker peak RSS: %.0f MiB\n", peak)
		return holdOpenIf(ctx, st, child, open, o)
	}
	rate := sagaRate * o.fraction
	pacedRuns, err := playPaced(ctx, st, paced, rate)
	if err != nil {
		return err
	}
	pacedStats, err := collect(ctx, st, pacedRuns)
	if err != nil {
		return err
	}
	if o.dump && len(pacedRuns) > 0 {
		if err := dump(ctx, st, pacedRuns[len(pacedRuns)/2]); err != nil {
			return err
		}
	}
	lat = dispatchLatencies(pacedStats)
	fmt.Printf("report→dispatch at %.1f cases/s (%.0f%% of saturation), %d cases: p50 %s, p99 %s (target p99 < 1s)\n",
		rate, o.fraction*100, len(paced), percentile(lat, 50).Round(time.Millisecond), percentile(lat, 99).Round(time.Millisecond))
	if err := playSilent(ctx, st, silent, rate, o); err != nil {
		return err
	}
	_, peak2, _ := memoryOf(child.Process.Pid)
	fmt.Printf("worker peak RSS: %.0f MiB after the throughput phase, %.0f MiB after the latency phases\n", peak, peak2)

	return holdOpenIf(ctx, st, child, open, o)
}

// playSilent plays the cases whose first provider stays silent at rate and
// prints report→dispatch: to the first request, and to the request that was
// answered (the operator's partner's, after the offer window).
func playSilent(ctx context.Context, st *stack.Stack, silent []*scenario.Scenario, rate float64, o options) error {
	if len(silent) == 0 {
		return nil
	}
	runs, err := playPaced(ctx, st, silent, rate)
	if err != nil {
		return err
	}
	stats, err := collect(ctx, st, runs)
	if err != nil {
		return err
	}
	window := rules.DefaultSettings().Scaled(o.scale).OfferWindowFor(silent[0].Report.Vehicle.Assistance.Provider)
	first, answered := dispatchLatencies(stats), lastDispatchLatencies(stats)
	fmt.Printf("first provider silent, at %.1f cases/s, %d cases (offer window %s at ×%v):\n", rate, len(silent), window, o.scale)
	fmt.Printf("  report→first dispatch     p50 %s, p99 %s\n", percentile(first, 50).Round(time.Millisecond), percentile(first, 99).Round(time.Millisecond))
	fmt.Printf("  report→partner's dispatch p50 %s, p99 %s (offer window included; beyond it p50 %s, p99 %s)\n",
		percentile(answered, 50).Round(time.Millisecond), percentile(answered, 99).Round(time.Millisecond),
		(percentile(answered, 50) - window).Round(time.Millisecond), (percentile(answered, 99) - window).Round(time.Millisecond))
	return nil
}

// holdOpenIf runs the memory phase when asked for.
func holdOpenIf(ctx context.Context, st *stack.Stack, child *exec.Cmd, open []*scenario.Scenario, o options) error {
	if o.open > 0 {
		return holdOpen(ctx, st, child, open, o)
	}
	return nil
}

// startWorker runs this binary as the worker process for the stack.
func startWorker(st *stack.Stack, o options) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := append([]string{"worker"}, st.WorkerArgs(o.scale)...)
	if !o.encrypt {
		args = append(args, "-plain")
	}
	if !o.records {
		args = append(args, "-records=") // the last one counts: no store
	}
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd, cmd.Start()
}

func stopWorker(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
		}
	}
}

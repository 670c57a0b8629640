package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// arrivalEvery spaces the reports: 400 ms is 80 min of case time for 30
// cases at ×200. All at once, the system's own latency on a small machine
// (seconds) exceeds the offer windows, which are 1.5 s of real time at ×200.
const arrivalEvery = 400 * time.Millisecond

// exampleHandlers is the handler each ready report of examples/reports is
// routed to (the operator's partner when the vehicle's assistance could not
// be had: a fallback).
var exampleHandlers = map[string]contract.Handler{
	"1_valet_error.json":    contract.HandlerOperatorPartner,
	"2_operator_fault.json": contract.HandlerOperatorPartner,
	"3_lease_return.json":   contract.HandlerLessor,
	"4_new.json":            contract.HandlerManufacturer,
	"5_used.json":           contract.HandlerInsurer,
	"6_no_assistance.json":  contract.HandlerOperatorArranged,
}

// TestUnscriptedCasesLive reports the ready reports of examples/reports (one
// per routing kind) and more cases made from them elsewhere in France
// (UNSCRIPTED_CASES, default 24) to the real embedded server; no scenario
// scripts them: the simulator's network model (simulation/network/default.json, seed 1)
// plays every provider. Each example must be dispatched, followed to repaired
// or towed and closed; every case must close. It logs the figures.
func TestUnscriptedCasesLive(t *testing.T) {
	examples := loadExamples(t)
	extra := 24
	if v := os.Getenv("UNSCRIPTED_CASES"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "UNSCRIPTED_CASES")
		extra = n
	}
	reports := append(slices.Clone(examples), variants(examples, extra)...)

	model, err := network.Default()
	require.NoError(t, err)
	net := network.New(model, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{Scale: liveScale, Network: net})

	started := time.Now()
	results := make([]Followed, len(reports))
	var wg sync.WaitGroup
	for i, r := range reports {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Newcomer{Cases: st.Cases, Poll: 300 * time.Millisecond}.Follow(ctx, r.Report)
		}()
		time.Sleep(arrivalEvery)
	}
	wg.Wait()
	t.Logf("%d unscripted cases played live in %s (scale ×%d)", len(reports), time.Since(started).Round(time.Millisecond), liveScale)

	for i, f := range results {
		name := reports[i].Name
		t.Run(name, func(t *testing.T) {
			require.NoError(t, f.Err)
			o := f.Outcome
			assert.Equal(t, contract.StageClosed, o.Stage)
			assert.NotEmpty(t, o.Mission, "the mission is decided")
			want, isExample := exampleHandlers[name]
			if !isExample {
				return
			}
			if o.Fallback {
				assert.Equal(t, contract.HandlerOperatorPartner, o.Handler, "a fallback goes to the operator's partner")
			} else {
				assert.Equal(t, want, o.Handler)
			}
			assert.Contains(t, o.ClientNotified, contract.NoticeAssistanceDispatched, "dispatched")
			assert.Contains(t, o.ClientNotified, contract.NoticeOnSite, "followed")
			assert.True(t, o.HasService(contract.ServiceTow) || o.HasService(contract.ServiceOnSiteRepair), "repaired or towed: %v", o.Services)
			if t.Failed() {
				for _, e := range o.Timeline {
					t.Logf("  %s %s %s: %s", e.At, e.Stage, e.Step, e.Reason)
				}
			}
		})
	}
	logFigures(t, results, st, net)
	stats := st.Simulator.Stats()
	assert.Zero(t, stats.DuplicateOrders)
	assert.Zero(t, stats.WebhookFailures)
}

// namedReport is a report and the name it is shown under.
type namedReport struct {
	Name   string
	Report contract.Report
}

func loadExamples(t *testing.T) []namedReport {
	t.Helper()
	paths, err := filepath.Glob("../../examples/reports/*.json")
	require.NoError(t, err)
	require.Len(t, paths, len(exampleHandlers), "one ready report per routing kind")
	var out []namedReport
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		r, err := contract.ParseReport(data)
		require.NoError(t, err, p)
		out = append(out, namedReport{Name: filepath.Base(p), Report: r})
	}
	return out
}

// towns are places in France where the variants break down: near depots of
// the default network, and some further from them.
var towns = []struct {
	name     string
	lat, lon float64
}{
	{"Paris", 48.85, 2.35}, {"Lyon", 45.76, 4.83}, {"Marseille", 43.30, 5.37}, {"Toulouse", 43.60, 1.44},
	{"Nantes", 47.22, -1.55}, {"Lille", 50.63, 3.06}, {"Bordeaux", 44.84, -0.58}, {"Strasbourg", 48.57, 7.75},
	{"Rennes", 48.11, -1.68}, {"Montpellier", 43.61, 3.88}, {"Limoges", 45.83, 1.26}, {"Reims", 49.26, 4.03},
	{"Orleans", 47.90, 1.91}, {"Tours", 47.39, 0.69}, {"Annecy", 45.90, 6.13}, {"Dijon", 47.32, 5.04},
}

// variants makes n cases from the examples, each moved to a town (jittered a
// few km), with its own mission id; the same n gives the same cases.
func variants(examples []namedReport, n int) []namedReport {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]namedReport, n)
	for i := range n {
		ex := examples[i%len(examples)]
		rep := ex.Report
		town := towns[r.IntN(len(towns))]
		rep.MissionID = fmt.Sprintf("M-GEN-%03d", i+1)
		rep.Location = rep.Location.WithPosition(town.lat+(r.Float64()-0.5)*0.2, town.lon+(r.Float64()-0.5)*0.2)
		out[i] = namedReport{Name: fmt.Sprintf("%s_%s_%s", rep.MissionID, ex.Name[2:len(ex.Name)-5], town.name), Report: rep}
	}
	return out
}

// logFigures logs what the cases ended with: closed, handled by whom,
// fallbacks, services, the report→dispatch time (real time: the rules qualify
// after the scaled 10 min window, no ops act), and from the network model:
// the ETAs promised (model time), tows, repairs, late trucks, answers.
func logFigures(t *testing.T, results []Followed, st *stack.Stack, net *network.Network) {
	t.Helper()
	closed, dispatched, fallbacks := 0, 0, 0
	handlers, services := map[string]int{}, map[string]int{}
	var toDispatch []time.Duration
	for _, f := range results {
		if f.Outcome.Stage == contract.StageClosed {
			closed++
		}
		if f.Dispatched > 0 {
			dispatched++
			toDispatch = append(toDispatch, f.Dispatched)
		} else {
			t.Logf("not dispatched: mission %s: %s", f.Report.MissionID, lastReason(f.Outcome))
		}
		if f.Outcome.Fallback {
			fallbacks++
		}
		handlers[string(f.Outcome.Handler)]++
		for _, s := range f.Outcome.Services {
			services[string(s)]++
		}
	}
	t.Logf("closed %d/%d, dispatched %d, fallbacks %d", closed, len(results), dispatched, fallbacks)
	t.Logf("handlers %v; services %v", handlers, services)
	t.Logf("report→dispatch, real time at scale ×%d: p50 %s, p90 %s, max %s", liveScale,
		percentile(toDispatch, 0.5, time.Millisecond), percentile(toDispatch, 0.9, time.Millisecond), percentile(toDispatch, 1, time.Millisecond))
	promises := net.Promises()
	t.Logf("ETA promised by the network model (model time): p50 %s, p90 %s, max %s",
		percentile(promises, 0.5, time.Minute), percentile(promises, 0.9, time.Minute), percentile(promises, 1, time.Minute))
	t.Logf("network model: %+v", *st.Simulator.Stats().Network)
}

// percentile is the p-th (0 to 1) of ds, rounded.
func percentile(ds []time.Duration, p float64, round time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1))].Round(round)
}

// lastReason is the reason of the case's last unassisted or provider step.
func lastReason(o contract.Outcome) string {
	why := string(o.Stage)
	for _, e := range o.Timeline {
		switch e.Step {
		case "unassisted", "provider_rejected", "provider_unreachable", "provider_saturated", "approval_declined", "no_assistance":
			why = e.Step + ": " + e.Reason
		}
	}
	if why == string(o.Stage) {
		why = fmt.Sprintf("%s (approval %s, %d options quoted)", o.Stage, o.Approval, len(o.OptionsOffered))
	}
	return why
}

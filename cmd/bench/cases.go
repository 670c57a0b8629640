package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/client"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
)

// run is one started case.
type run struct {
	workflowID, runID string
	reported          time.Time
}

// clones copies the happy-path case under new mission ids. Ops qualify right
// after the report (playOne); the provider accepts at once
// and, when finishing, is on site and tows right after; otherwise it never
// reports, and the case waits on it.
func clones(tmpl *scenario.Scenario, prefix string, n int, finishing bool) []*scenario.Scenario {
	out := make([]*scenario.Scenario, n)
	for i := range out {
		s := *tmpl
		s.Ops, s.Client, s.Beneficiary = nil, nil, nil
		s.Report.MissionID = fmt.Sprintf("B%s-%06d", prefix, i)
		p := &scenario.ProviderScript{Dispatch: []scenario.Answer{{Kind: scenario.AnswerAccept, ETA: time.Minute}}}
		if finishing {
			p.Events = []scenario.Event{
				{Kind: contract.MilestoneOnSite, After: time.Minute},
				{Kind: contract.MilestoneTowed, After: 2 * time.Minute, Destination: contract.DestinationAuthorisedRepairer},
			}
		}
		s.Providers = map[string]*scenario.ProviderScript{tmpl.Report.Vehicle.Assistance.Provider: p}
		out[i] = &s
	}
	return out
}

// playCases reports every case (update-with-start) with at most concurrency in
// flight and waits for each to close; it returns the runs and the wall time.
func playCases(ctx context.Context, st *stack.Stack, cases []*scenario.Scenario, concurrency int, prog *progress) ([]run, time.Duration, error) {
	return playEach(ctx, st, cases, concurrency, prog, playOne)
}

// playEach plays every case with one, at most concurrency in flight.
func playEach(ctx context.Context, st *stack.Stack, cases []*scenario.Scenario, concurrency int, prog *progress,
	one func(context.Context, *stack.Stack, *scenario.Scenario) (run, error)) ([]run, time.Duration, error) {
	runs := make([]run, len(cases))
	errs := make(chan error, len(cases))
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	started := time.Now()
	for i, s := range cases {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			r, err := one(ctx, st, s)
			runs[i] = r
			if err != nil {
				errs <- err
			}
			if prog != nil {
				prog.closed.Add(1)
			}
		}()
	}
	wg.Wait()
	wall := time.Since(started)
	close(errs)
	for err := range errs {
		return nil, 0, err
	}
	return runs, wall, nil
}

func playOne(ctx context.Context, st *stack.Stack, s *scenario.Scenario) (run, error) {
	reported := time.Now()
	receipt, err := st.Cases.Report(ctx, s.Report)
	if err != nil {
		return run{}, fmt.Errorf("%s: %w", s.Report.MissionID, err)
	}
	// Ops qualify at once, as on a quiet day: dispatch does not wait for the
	// qualification window.
	if _, err := st.Cases.Qualify(ctx, s.Report.MissionID, contract.QualifyRequest{
		Origin:   contract.OriginMechanical,
		Nature:   contract.NatureEngine,
		Operator: "bench",
	}); err != nil {
		return run{}, fmt.Errorf("%s: qualify: %w", s.Report.MissionID, err)
	}
	out, err := st.Cases.Wait(ctx, s.Report.MissionID)
	if err != nil {
		return run{}, fmt.Errorf("%s: %w", s.Report.MissionID, err)
	}
	if out.Mission != contract.MissionReorganised {
		return run{}, fmt.Errorf("%s ended %q, not reorganised: %s", s.Report.MissionID, out.Mission, out.MissionReason)
	}
	workflowID, runID, _ := strings.Cut(receipt.CaseID, "/")
	return run{workflowID: workflowID, runID: runID, reported: reported}, nil
}

// playPaced starts the cases at a steady rate and waits for them all.
func playPaced(ctx context.Context, st *stack.Stack, cases []*scenario.Scenario, perSecond float64) ([]run, error) {
	runs := make([]run, len(cases))
	errs := make(chan error, len(cases))
	tick := time.NewTicker(time.Duration(float64(time.Second) / perSecond))
	defer tick.Stop()
	var wg sync.WaitGroup
	for i, s := range cases {
		<-tick.C
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := playOne(ctx, st, s)
			runs[i] = r
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return nil, err
	}
	return runs, nil
}

// playReference runs n reference workflows with at most concurrency in flight.
func playReference(ctx context.Context, st *stack.Stack, shape Shape, n, concurrency int) (time.Duration, error) {
	errs := make(chan error, n)
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	started := time.Now()
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			wr, err := st.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID:        fmt.Sprintf("bench-reference-%06d", i),
				TaskQueue: referenceQueue,
			}, "BenchReference", shape)
			if err == nil {
				err = wr.Get(ctx, nil)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	wall := time.Since(started)
	close(errs)
	for err := range errs {
		return 0, err
	}
	return wall, nil
}

// silentClones copies the happy-path case with its provider acknowledging
// every request and never answering: each offer expires after the offer
// window and the operator's partner, which accepts at once, goes instead.
func silentClones(tmpl *scenario.Scenario, n int) []*scenario.Scenario {
	out := clones(tmpl, "S", n, true)
	for _, s := range out {
		first := s.Providers[tmpl.Report.Vehicle.Assistance.Provider]
		s.Providers = map[string]*scenario.ProviderScript{
			tmpl.Report.Vehicle.Assistance.Provider: {Dispatch: []scenario.Answer{{Kind: scenario.AnswerSilent}}},
			contract.OperatorPartner:                first,
		}
	}
	return out
}

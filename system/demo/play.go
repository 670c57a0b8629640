// Package demo plays acceptance scenarios live against the running system: the
// valet's report through the typed client, ops and the client acting at the
// script's offsets (divided by the time scale), the beneficiary choosing as
// soon as services are offered. The providers are played by the simulator.
package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/starter"
)

// Result is what one live scenario ended with.
type Result struct {
	Scenario *scenario.Scenario
	Outcome  contract.Outcome
	Err      error
	// Refused lists the scripted requests the case refused, with the reason.
	Refused []string
}

// Mismatches compares the outcome with the scenario's expect.
func (r Result) Mismatches() []scenario.Mismatch { return r.Scenario.Check(r.Outcome) }

// Player plays scenarios live.
type Player struct {
	Cases *starter.Cases
	// Scale divides the script's offsets, as the worker's windows are divided.
	Scale float64
	// Poll is how often the beneficiary looks for an offer (default 100 ms).
	Poll time.Duration
}

// Play plays one scenario and waits for its case to close.
func (p Player) Play(ctx context.Context, s *scenario.Scenario) Result {
	res := Result{Scenario: s}
	var mu sync.Mutex
	refuse := func(what string, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Refused = append(res.Refused, fmt.Sprintf("%s: %v", what, err))
	}
	mission := s.Report.MissionID
	reportedAt := time.Now()
	if _, err := p.Cases.Report(ctx, s.Report); err != nil {
		res.Err = fmt.Errorf("report: %w", err)
		return res
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	at := func(offset scenario.Offset, act func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(time.Until(reportedAt.Add(p.scaled(offset.Duration())))):
				act()
			case <-ctx.Done():
			}
		}()
	}
	if q := opsQualify(s); q != nil {
		at(q.After, func() {
			_, err := p.Cases.Qualify(ctx, mission, contract.QualifyRequest{
				Origin:   q.Origin,
				Nature:   q.Nature,
				Drivable: q.Drivable,
				Operator: "demo",
			})
			if err != nil {
				refuse("qualify", err)
			}
		})
	}
	if s.Valet != nil && s.Valet.Position != nil {
		pos := s.Valet.Position
		at(pos.After, func() {
			if _, err := p.Cases.Locate(ctx, mission, pos.Locate()); err != nil {
				refuse("locate", err)
			}
		})
	}
	if d := clientDecide(s); d != nil {
		at(d.After, func() {
			// A client decides once asked: retries to an unreachable provider
			// are not scaled, so the question may come later than the script says.
			if !p.until(ctx, mission, func(o contract.Outcome) bool { return o.Approval == contract.ApprovalPending }) {
				refuse("decide", fmt.Errorf("the case closed before asking the client"))
				return
			}
			if _, err := p.Cases.Decide(ctx, mission, contract.DecideRequest{
				Choose:  d.Choose,
				Decline: d.Decline,
				By:      "demo client",
			}); err != nil {
				refuse("decide", err)
			}
		})
	}
	if s.Beneficiary != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.beneficiary(ctx, s, refuse)
		}()
	}
	res.Outcome, res.Err = p.Cases.Wait(ctx, mission)
	stop()
	wg.Wait()
	return res
}

// beneficiary waits for the offer, then chooses in order.
func (p Player) beneficiary(ctx context.Context, s *scenario.Scenario, refuse func(string, error)) {
	poll := p.Poll
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	for {
		o, err := p.Cases.Outcome(ctx, s.Report.MissionID)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil && o.Stage == contract.StageClosed:
			return
		case err == nil && o.Stage == contract.StageAwaitingChoice:
			for _, c := range s.Beneficiary.Choose {
				if _, err := p.Cases.ChooseService(ctx, s.Report.MissionID, contract.ServiceChoice{Service: c, By: s.Report.ValetID}); err != nil {
					refuse("choose_service", err)
				}
			}
			return
		}
		select {
		case <-time.After(poll):
		case <-ctx.Done():
			return
		}
	}
}

// until polls the case until ready says so (true) or the case closes (false).
func (p Player) until(ctx context.Context, mission string, ready func(contract.Outcome) bool) bool {
	poll := p.Poll
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	for {
		o, err := p.Cases.Outcome(ctx, mission)
		switch {
		case ctx.Err() != nil:
			return false
		case err == nil && ready(o):
			return true
		case err == nil && o.Stage == contract.StageClosed:
			return false
		}
		select {
		case <-time.After(poll):
		case <-ctx.Done():
			return false
		}
	}
}

// PlayAll plays scenarios at once, each started start apart, and returns the
// results in the scenarios' order.
func (p Player) PlayAll(ctx context.Context, all []*scenario.Scenario, stagger time.Duration) []Result {
	out := make([]Result, len(all))
	var wg sync.WaitGroup
	for i, s := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = p.Play(ctx, s)
		}()
		select {
		case <-time.After(stagger):
		case <-ctx.Done():
		}
	}
	wg.Wait()
	return out
}

func (p Player) scaled(d time.Duration) time.Duration {
	if p.Scale <= 0 {
		return d
	}
	return time.Duration(float64(d) / p.Scale)
}

func opsQualify(s *scenario.Scenario) *scenario.OpsQualify {
	if s.Ops == nil {
		return nil
	}
	return s.Ops.Qualify
}

func clientDecide(s *scenario.Scenario) *scenario.ClientDecide {
	if s.Client == nil {
		return nil
	}
	return s.Client.Decide
}

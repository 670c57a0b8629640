package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/starter"
)

// Followed is how an unscripted case went, seen from outside as a person
// following it would see it.
type Followed struct {
	Report  contract.Report
	Outcome contract.Outcome
	Err     error
	// Dispatched is the time from the report until the case was first seen
	// with a provider on its way (zero: never), real time.
	Dispatched time.Duration
	// Closed is the time from the report until the case closed, real time.
	Closed time.Duration
}

// Newcomer reports cases no scenario scripts and plays only the people: the
// client approves the first paid option quoted, the beneficiary takes the
// first service the case offers. Ops do nothing (the rules qualify); the
// providers are whatever the simulator's network model does.
type Newcomer struct {
	Cases *starter.Cases
	// Poll is how often the case is looked at (default 50 ms).
	Poll time.Duration
}

// Follow reports r and follows its case until it closes or ctx ends.
func (n Newcomer) Follow(ctx context.Context, r contract.Report) Followed {
	f := Followed{Report: r}
	poll := n.Poll
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	start := time.Now()
	if _, err := n.Cases.Report(ctx, r); err != nil {
		f.Err = fmt.Errorf("report: %w", err)
		return f
	}
	decided, chose := false, false
	for {
		o, err := n.Cases.Outcome(ctx, r.MissionID)
		if err == nil {
			f.Outcome = o
			if f.Dispatched == 0 && (o.Stage == contract.StageAssisting || hasNotice(o, contract.NoticeAssistanceDispatched)) {
				f.Dispatched = time.Since(start)
			}
			switch {
			case o.Stage == contract.StageClosed:
				f.Closed = time.Since(start)
				return f
			case o.Stage == contract.StageAwaitingApproval && !decided && len(o.OptionsOffered) > 0:
				_, err := n.Cases.Decide(ctx, r.MissionID, contract.DecideRequest{Choose: o.OptionsOffered[0].Option, By: "newcomer client"})
				decided = err == nil
			case o.Stage == contract.StageAwaitingChoice && !chose && len(o.Entitlements) > 0:
				_, err := n.Cases.ChooseService(ctx, r.MissionID, contract.ServiceChoice{Service: o.Entitlements[0], By: r.ValetID})
				chose = err == nil
			}
		}
		select {
		case <-ctx.Done():
			f.Err = fmt.Errorf("mission %s not closed: %w (last stage %s)", r.MissionID, ctx.Err(), f.Outcome.Stage)
			return f
		case <-time.After(poll):
		}
	}
}

func hasNotice(o contract.Outcome, k contract.NoticeKind) bool {
	for _, n := range o.ClientNotified {
		if n == k {
			return true
		}
	}
	return false
}

package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// keepToPromise holds the accepted assignment to its promise; an ETA longer
// than the mission allows makes the case ask the alternative at once.
func (d *dispatch) keepToPromise(ctx workflow.Context) error {
	d.promiseAccepted(d.current)
	_, _, maxETA := d.file.settings.PromiseWindows()
	if time.Duration(d.current.ETASeconds)*time.Second <= maxETA {
		return nil
	}
	if err := d.raceAlternative(ctx, maxETA); err != nil {
		return err
	}
	d.promiseAccepted(d.current)
	return nil
}

// raceAlternative asks the alternative at the same time as a provider whose
// ETA is longer than the mission allows, keeps the sooner arrival and
// withdraws the other (superseded). The alternative winning is a fallback.
func (d *dispatch) raceAlternative(ctx workflow.Context, maxETA time.Duration) error {
	f := d.file
	first := d.current
	firstETA := time.Duration(first.ETASeconds) * time.Second
	why := fmt.Sprintf("promises to be on site in %s, longer than the mission allows (%s)", firstETA, maxETA)
	alt, ok := d.routing.nextAlternative(ctx, d.routing.route, why)
	if !ok {
		f.trace(ctx, "eta_too_long", "%s %s; there is no alternative to ask", first.Provider, why)
		return nil
	}
	f.trace(ctx, "eta_too_long", "%s %s: asking %s at the same time", first.Provider, why, alt.Provider)
	res, err := d.requestUntilAnswered(ctx, alt, first.Service)
	if err != nil {
		return err
	}
	if !res.accepted {
		d.current = first
		f.trace(ctx, "alternative_unavailable", "%s %s: %s stays", alt.Provider, res.why, first.Provider)
		return nil
	}
	second := d.current
	d.scoreAccepted(second)
	firstArrival := first.AcceptedAt.Add(firstETA)
	secondArrival := second.AcceptedAt.Add(time.Duration(second.ETASeconds) * time.Second)
	if !secondArrival.Before(firstArrival) {
		d.withdraw(ctx, second, "superseded")
		d.score(second).Replaced = "superseded"
		d.current = first
		f.trace(ctx, "sooner_arrival_kept", "%s arrives first (%s, against %s for %s): %s withdrawn",
			first.Provider, f.caseTime(firstArrival), f.caseTime(secondArrival), second.Provider, second.ID)
		return nil
	}
	d.withdraw(ctx, first, "superseded")
	d.score(first).Replaced = "superseded"
	f.trace(ctx, "sooner_arrival_kept", "%s arrives first (%s, against %s for %s): %s withdrawn",
		second.Provider, f.caseTime(secondArrival), f.caseTime(firstArrival), first.Provider, first.ID)
	d.routing.fallBack(ctx, alt)
	// Like every fallback, the client is told (seed 000 §5).
	d.notices.notify(ctx, contract.NoticeAssistanceUnavailable, contract.NoticeFacts{Provider: first.Provider, Why: contract.WhyTooLong, Alternative: second.Provider})
	return nil
}

// replaceLate sends the alternative to replace a provider still not on site
// the give-up after its promise. The late assignment is cancelled once the
// alternative has accepted; without an alternative, the case keeps following
// the late one.
func (d *dispatch) replaceLate(ctx workflow.Context, late *assignment, giveUpAfter time.Duration) (bool, error) {
	f := d.file
	d.promise.gaveUp = true
	why := fmt.Sprintf("is not on site %s after its promise", giveUpAfter)
	alt, ok := d.routing.nextAlternative(ctx, d.routing.route, why)
	if !ok {
		f.trace(ctx, "no_alternative", "%s %s and there is no other alternative: the case keeps following it", late.Provider, why)
		return false, nil
	}
	d.notices.notify(ctx, contract.NoticeAssistanceUnavailable, contract.NoticeFacts{Provider: late.Provider, Why: contract.WhyLate, Alternative: alt.Provider})
	lateStage := f.out.Stage
	res, err := d.requestUntilAnswered(ctx, alt, late.Service)
	if err != nil {
		return false, err
	}
	if !res.accepted {
		d.current = late
		f.enter(ctx, lateStage, fmt.Sprintf("%s late; %s %s: following %s", late.Provider, alt.Provider, res.why, late.Provider))
		f.trace(ctx, "no_alternative", "%s %s: the case keeps following %s", alt.Provider, res.why, late.Provider)
		return false, nil
	}
	d.withdraw(ctx, late, "eta_breached")
	d.score(late).Replaced = "eta_breached"
	d.routing.fallBack(ctx, alt)
	d.promiseAccepted(d.current)
	d.dispatched(ctx, d.current)
	return true, nil
}

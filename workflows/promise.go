package workflows

import (
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/workflow"
)

// An ETA is a promise (docs/saga.md, "Offers and promises"): not on site the
// grace after it, the client is told of the delay and ops are alerted; not on
// site the give-up after the promise in force, the alternative is sent and the
// late assignment cancelled. The provider may renew its promise once (an eta
// event). An ETA longer than the mission allows makes the case ask the
// alternative at the same time and keep the sooner arrival.

// promise is what the case holds of an assignment's promise.
type promise struct {
	// at is when the provider promised to be on site (the promise in force).
	at time.Time
	// renewed: the provider already announced a new ETA (taken once).
	renewed bool
	// arrived: the provider reported it reached the vehicle.
	arrived bool
	// told: the client was told of the delay; gaveUp: the alternative was
	// sought (and could not be had: the case keeps following).
	told, gaveUp bool
}

// nextCheck is the moment of the next promise check, and what it checks; zero
// when nothing is left to check.
func (p *promise) nextCheck(grace, giveUp time.Duration) (time.Time, string) {
	switch {
	case p.arrived || p.at.IsZero() || p.gaveUp:
		return time.Time{}, ""
	case !p.told:
		return p.at.Add(grace), "delay"
	default:
		return p.at.Add(giveUp), "give_up"
	}
}

// follow follows the open assignment until the vehicle is repaired or towed
// (or the provider ends otherwise), the client told each milestone, and keeps its
// provider to its promise; a late assignment replaced by the alternative is
// followed no further, the alternative is.
func (c *caseRun) follow(ctx workflow.Context) error {
	grace, giveUp, _ := c.settings.PromiseWindows()
	for {
		a := c.current
		deadline := a.AcceptedAt.Add(c.settings.FollowTimeout)
		followCtx, stopFollow := workflow.WithCancel(ctx)
		followTimer := workflow.NewTimerWithOptions(followCtx, deadline.Sub(workflow.Now(ctx)), workflow.TimerOptions{Summary: "follow " + a.Provider + " until done"})
		var checkTimer workflow.Future
		var checkAt time.Time
		stopCheck := func() {}
		done, replaced, err := func() (bool, bool, error) {
			defer func() { stopCheck(); stopFollow() }()
			for {
				at, what := c.promise.nextCheck(grace, giveUp)
				if !at.Equal(checkAt) {
					stopCheck()
					checkTimer, checkAt = nil, at
					if !at.IsZero() {
						var checkCtx workflow.Context
						checkCtx, stopCheck = workflow.WithCancel(followCtx)
						checkTimer = workflow.NewTimerWithOptions(checkCtx, max(0, at.Sub(workflow.Now(ctx))),
							workflow.TimerOptions{Summary: fmt.Sprintf("%s promise: %s check", a.Provider, what)})
					}
				}
				if err := workflow.Await(ctx, func() bool {
					return len(c.inbox) > 0 || followTimer.IsReady() || (checkTimer != nil && checkTimer.IsReady())
				}); err != nil {
					return false, false, err
				}
				switch {
				case len(c.inbox) > 0:
					if c.onPromisedMilestone(ctx, a, c.popMilestone(), grace) {
						return true, false, nil
					}
				case checkTimer != nil && checkTimer.IsReady():
					checkTimer, checkAt = nil, time.Time{}
					if what == "delay" {
						c.etaBreached(ctx, a, grace)
						continue
					}
					replaced, err := c.replaceLate(ctx, a, giveUp)
					if err != nil || replaced {
						return false, replaced, err
					}
				default:
					c.trace(ctx, "follow_timeout", "%s did not finish within %s of accepting", a.Provider, c.settings.FollowTimeout)
					c.alertOps(ctx, contract.AlertProviderSilent, "%s has not finished assignment %s for mission %s: check with the provider", a.Provider, a.ID, c.report.MissionID)
					return true, false, nil
				}
			}
		}()
		if err != nil || done || !replaced {
			return err
		}
	}
}

// onPromisedMilestone takes one milestone of the followed assignment: a new
// ETA renews the promise once; the first milestone that puts the provider at
// the vehicle keeps (or breaks) the promise. It reports whether the
// provider's work is over.
func (c *caseRun) onPromisedMilestone(ctx workflow.Context, a *assignment, m contract.Milestone, grace time.Duration) bool {
	if m.AssignmentID != a.ID {
		c.trace(ctx, "milestone_ignored", "%s is about assignment %s, not the open one (%s)", m.Describe(), m.AssignmentID, a.ID)
		return false
	}
	p := &c.promise
	switch {
	case m.Kind == contract.MilestoneETA && p.renewed:
		c.trace(ctx, "eta_ignored", "%s: a promise is renewed once; the promise in force stays %s", m.Describe(), c.caseTime(p.at))
		return false
	case m.Kind == contract.MilestoneETA:
		p.renewed, p.at = true, workflow.Now(ctx).Add(time.Duration(m.ETASeconds)*time.Second)
		c.score(a).PromisedAt = c.caseTime(p.at)
		c.trace(ctx, "eta_renewed", "%s: the promise in force is now %s", m.Describe(), c.caseTime(p.at))
		return false
	case m.Kind.OfferAnswer():
		c.trace(ctx, "milestone_ignored", "%s: the offer was already answered", m.Describe())
		return false
	}
	if !p.arrived && m.Kind != contract.MilestoneEnRoute {
		p.arrived = true
		now := workflow.Now(ctx)
		c.score(a).OnSiteAt = c.caseTime(now)
		if !p.at.IsZero() && now.After(p.at.Add(grace)) && !p.told {
			c.etaBreached(ctx, a, grace)
		}
	}
	return c.onMilestone(ctx, a, m)
}

// etaBreached records that the provider is late past the grace: the client
// is told, ops alerted, the case marked (search attribute EtaBreached).
func (c *caseRun) etaBreached(ctx workflow.Context, a *assignment, grace time.Duration) {
	c.promise.told = true
	c.out.EtaBreached = true
	c.trace(ctx, "eta_breached", "%s is not on site %s after its promise (%s)", a.Provider, grace, c.caseTime(c.promise.at))
	c.index(ctx)
	c.notify(ctx, contract.NoticeDelay, "%s is late: it promised to reach the vehicle by %s. We are following it closely.",
		a.Provider, c.caseTime(c.promise.at))
	c.alertOps(ctx, contract.AlertEtaBreached, "%s is late on its promise (%s) for assignment %s, mission %s",
		a.Provider, c.caseTime(c.promise.at), a.ID, c.report.MissionID)
}

// replaceLate sends the alternative to replace a provider still not on site
// the give-up after its promise. The late assignment is cancelled once the
// alternative has accepted; without an alternative, the case keeps following
// the late one.
func (c *caseRun) replaceLate(ctx workflow.Context, late *assignment, giveUp time.Duration) (bool, error) {
	c.promise.gaveUp = true
	why := fmt.Sprintf("is not on site %s after its promise", giveUp)
	alt, ok := c.nextAlternative(ctx, c.route, why)
	if !ok {
		c.trace(ctx, "no_alternative", "%s %s and there is no other alternative: the case keeps following it", late.Provider, why)
		return false, nil
	}
	c.notify(ctx, contract.NoticeAssistanceUnavailable, "%s %s: we are sending %s instead.", late.Provider, why, alt.Provider)
	lateRoute, lateStage := c.route, c.out.Stage
	res, err := c.requestUntilAnswered(ctx, alt, late.Service)
	if err != nil {
		return false, err
	}
	if !res.accepted {
		c.current = late
		c.enter(ctx, lateStage, fmt.Sprintf("%s late; %s %s: following %s", late.Provider, alt.Provider, res.why, late.Provider))
		c.trace(ctx, "no_alternative", "%s %s: the case keeps following %s", alt.Provider, res.why, late.Provider)
		c.route = lateRoute
		return false, nil
	}
	c.withdraw(ctx, late, "eta_breached")
	c.score(late).Replaced = "eta_breached"
	c.trace(ctx, "fallback", "%s", alt.Reason)
	c.route = alt
	c.applyRoute(alt)
	c.out.Fallback = true
	c.promiseAccepted(ctx, c.current)
	c.enter(ctx, contract.StageAssisting, fmt.Sprintf("%s on its way (ETA %s)", alt.Provider, eta(res.answer)))
	c.notify(ctx, contract.NoticeAssistanceDispatched, "%s is on its way to the vehicle, expected in %s.", alt.Provider, eta(res.answer))
	return true, nil
}

// raceAlternative asks the alternative at the same time as a provider whose
// ETA is longer than the mission allows, keeps the sooner arrival and
// withdraws the other (superseded). The alternative winning is a fallback.
func (c *caseRun) raceAlternative(ctx workflow.Context, maxETA time.Duration) error {
	first := c.current
	firstETA := time.Duration(first.ETASeconds) * time.Second
	why := fmt.Sprintf("promises to be on site in %s, longer than the mission allows (%s)", firstETA, maxETA)
	alt, ok := c.nextAlternative(ctx, c.route, why)
	if !ok {
		c.trace(ctx, "eta_too_long", "%s %s; there is no alternative to ask", first.Provider, why)
		return nil
	}
	c.trace(ctx, "eta_too_long", "%s %s: asking %s at the same time", first.Provider, why, alt.Provider)
	firstRoute := c.route
	res, err := c.requestUntilAnswered(ctx, alt, first.Service)
	if err != nil {
		return err
	}
	if !res.accepted {
		c.current, c.route = first, firstRoute
		c.trace(ctx, "alternative_unavailable", "%s %s: %s stays", alt.Provider, res.why, first.Provider)
		return nil
	}
	second := c.current
	c.scoreAccepted(second)
	firstArrival := first.AcceptedAt.Add(firstETA)
	secondArrival := second.AcceptedAt.Add(time.Duration(second.ETASeconds) * time.Second)
	if !secondArrival.Before(firstArrival) {
		c.withdraw(ctx, second, "superseded")
		c.score(second).Replaced = "superseded"
		c.current, c.route = first, firstRoute
		c.trace(ctx, "sooner_arrival_kept", "%s arrives first (%s, against %s for %s): %s withdrawn",
			first.Provider, c.caseTime(firstArrival), c.caseTime(secondArrival), second.Provider, second.ID)
		return nil
	}
	c.withdraw(ctx, first, "superseded")
	c.score(first).Replaced = "superseded"
	c.trace(ctx, "sooner_arrival_kept", "%s arrives first (%s, against %s for %s): %s withdrawn",
		second.Provider, c.caseTime(secondArrival), c.caseTime(firstArrival), first.Provider, first.ID)
	c.trace(ctx, "fallback", "%s", alt.Reason)
	c.route = alt
	c.applyRoute(alt)
	c.out.Fallback = true
	return nil
}

// keepToPromise holds the accepted assignment to its promise; an ETA longer
// than the mission allows makes the case ask the alternative at once.
func (c *caseRun) keepToPromise(ctx workflow.Context) error {
	c.promiseAccepted(ctx, c.current)
	_, _, maxETA := c.settings.PromiseWindows()
	if time.Duration(c.current.ETASeconds)*time.Second <= maxETA {
		return nil
	}
	if err := c.raceAlternative(ctx, maxETA); err != nil {
		return err
	}
	c.promiseAccepted(ctx, c.current)
	return nil
}

// promiseAccepted starts keeping an accepted assignment to its promise, and
// opens its scorecard entry.
func (c *caseRun) promiseAccepted(ctx workflow.Context, a *assignment) {
	c.promise = promise{}
	if a.ETASeconds > 0 {
		c.promise.at = a.AcceptedAt.Add(time.Duration(a.ETASeconds) * time.Second)
	}
	c.scoreAccepted(a)
}

// scoreAccepted records an acceptance and its promise on the scorecard.
func (c *caseRun) scoreAccepted(a *assignment) {
	s := c.score(a)
	s.AcceptedAt = c.caseTime(a.AcceptedAt)
	if a.ETASeconds > 0 {
		s.PromisedAt = c.caseTime(a.AcceptedAt.Add(time.Duration(a.ETASeconds) * time.Second))
	}
}

// score is the scorecard entry of an assignment, opened on first use.
func (c *caseRun) score(a *assignment) *contract.ProviderTimes {
	for i := range c.out.Scorecard {
		if c.out.Scorecard[i].AssignmentID == a.ID && c.out.Scorecard[i].Provider == a.Provider {
			return &c.out.Scorecard[i]
		}
	}
	c.out.Scorecard = append(c.out.Scorecard, contract.ProviderTimes{Provider: a.Provider, AssignmentID: a.ID,
		RequestedAt: c.caseTime(a.RequestedAt)})
	return &c.out.Scorecard[len(c.out.Scorecard)-1]
}

// caseTime is a workflow moment in the case's own time (RFC 3339).
func (c *caseRun) caseTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return c.settings.CaseTime(c.report.ReachedAssistanceAt(), c.opened, t).UTC().Format(time.RFC3339)
}

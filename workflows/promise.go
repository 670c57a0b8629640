package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// follow follows the open assignment until the vehicle is repaired or towed
// (or the provider ends otherwise), the client told each milestone, under one
// timer for the follow window, and keeps its provider to its promise; a late
// assignment replaced by the alternative is followed no further, the
// alternative is.
func (d *dispatch) follow(ctx workflow.Context) error {
	f := d.file
	grace, giveUpAfter, _ := f.settings.PromiseWindows()
	for {
		a := d.current
		deadline := a.AcceptedAt.Add(f.settings.FollowTimeout)
		followCtx, stopFollow := workflow.WithCancel(ctx)
		followTimer := workflow.NewTimerWithOptions(followCtx, deadline.Sub(workflow.Now(ctx)), workflow.TimerOptions{Summary: "follow " + a.Provider + " until done"})
		var checkTimer workflow.Future
		var checkAt time.Time
		stopCheck := func() {}
		done, replaced, err := func() (bool, bool, error) {
			defer func() { stopCheck(); stopFollow() }()
			for {
				at, what := d.promise.nextCheck(grace, giveUpAfter)
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
					return len(d.inbox) > 0 || followTimer.IsReady() || (checkTimer != nil && checkTimer.IsReady())
				}); err != nil {
					return false, false, err
				}
				switch {
				case len(d.inbox) > 0:
					if d.onPromisedMilestone(ctx, a, d.popMilestone(), grace) {
						return true, false, nil
					}
				case checkTimer != nil && checkTimer.IsReady():
					checkTimer, checkAt = nil, time.Time{}
					if what == "delay" {
						d.markETABreached(ctx, a, grace)
						continue
					}
					replaced, err := d.replaceLate(ctx, a, giveUpAfter)
					if err != nil || replaced {
						return false, replaced, err
					}
				default:
					f.trace(ctx, "follow_timeout", "%s did not finish within %s of accepting", a.Provider, f.settings.FollowTimeout)
					d.ops.alert(ctx, contract.AlertProviderSilent, "%s has not finished assignment %s for mission %s: check with the provider", a.Provider, a.ID, f.report.MissionID)
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
func (d *dispatch) onPromisedMilestone(ctx workflow.Context, a *assignment, m contract.Milestone, grace time.Duration) bool {
	f := d.file
	switch {
	case m.AssignmentID == a.ID && m.Provider != a.Provider:
		d.refuseMilestone(ctx, "milestone_refused", "%s about assignment %s, which is %s's: refused", m.Describe(), a.ID, a.Provider)
		return false
	case !m.Matches(a.Provider, a.ID):
		d.refuseMilestone(ctx, "milestone_ignored", "%s is about assignment %s, not the open one (%s)", m.Describe(), m.AssignmentID, a.ID)
		return false
	}
	p := &d.promise
	switch {
	case m.Kind == contract.MilestoneETA && p.renewed:
		f.trace(ctx, "eta_ignored", "%s: a promise is renewed once; the promise in force stays %s", m.Describe(), f.caseTime(p.at))
		return false
	case m.Kind == contract.MilestoneETA:
		p.renewed, p.at = true, workflow.Now(ctx).Add(time.Duration(m.ETASeconds)*time.Second)
		d.score(a).PromisedAt = f.caseTime(p.at)
		f.trace(ctx, "eta_renewed", "%s: the promise in force is now %s", m.Describe(), f.caseTime(p.at))
		return false
	case m.Kind.OfferAnswer():
		f.trace(ctx, "milestone_ignored", "%s: the offer was already answered", m.Describe())
		return false
	}
	if !p.arrived && m.Kind != contract.MilestoneEnRoute {
		p.arrived = true
		now := workflow.Now(ctx)
		d.score(a).OnSiteAt = f.caseTime(now)
		if !p.at.IsZero() && now.After(p.at.Add(grace)) && !p.told {
			d.markETABreached(ctx, a, grace)
		}
	}
	return d.onMilestone(ctx, a, m)
}

// etaBreached records that the provider is late past the grace: the client
// is told, ops alerted, the case marked (search attribute EtaBreached, written
// at once).
func (d *dispatch) markETABreached(ctx workflow.Context, a *assignment, grace time.Duration) {
	f := d.file
	d.promise.told = true
	f.out.EtaBreached = true
	f.trace(ctx, "eta_breached", "%s is not on site %s after its promise (%s)", a.Provider, grace, f.caseTime(d.promise.at))
	d.index.write(ctx)
	d.notices.notify(ctx, contract.NoticeDelay, contract.NoticeFacts{Provider: a.Provider, ETA: f.caseTime(d.promise.at),
		LateMinutes: f.caseMinutes(workflow.Now(ctx).Sub(d.promise.at))})
	d.ops.alert(ctx, contract.AlertEtaBreached, "%s is late on its promise (%s) for assignment %s, mission %s",
		a.Provider, f.caseTime(d.promise.at), a.ID, f.report.MissionID)
}

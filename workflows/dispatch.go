package workflows

import (
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// dispatchResult is how a round of requests to one provider ended.
type dispatchResult struct {
	accepted bool
	answer   activities.DispatchAnswer
	// why the provider could not take the case: "stays saturated", "is unreachable", "refused: …"
	why string
}

// dispatch sends the case to the routed provider; a provider that stays
// saturated, cannot be reached or refuses is replaced by the operator's partner,
// and the client is told. With no provider at all, ops are alerted.
func (c *caseRun) dispatch(ctx workflow.Context, service string) error {
	c.firstPartner(ctx)
	res, err := c.requestUntilAnswered(ctx, c.route, service)
	if err != nil {
		return err
	}
	for !res.accepted {
		alt, ok := c.nextAlternative(ctx, c.route, res.why)
		if !ok {
			return c.giveUp(ctx, res.why)
		}
		c.trace(ctx, "fallback", "%s", alt.Reason)
		c.route = alt
		c.applyRoute(alt)
		c.out.Fallback = true
		c.notify(ctx, contract.NoticeAssistanceUnavailable,
			"The vehicle's assistance %s: we have sent our own assistance partner instead so the vehicle is not left immobilised.", res.why)
		if res, err = c.requestUntilAnswered(ctx, alt, service); err != nil {
			return err
		}
	}
	if err := c.keepToPromise(ctx); err != nil {
		return err
	}
	res.answer.ETASeconds = c.current.ETASeconds
	c.enter(ctx, contract.StageAssisting, fmt.Sprintf("%s on its way (ETA %s)", c.route.Provider, eta(res.answer)))
	c.notify(ctx, contract.NoticeAssistanceDispatched, "%s is on its way to the vehicle, expected in %s.", c.route.Provider, eta(res.answer))
	return nil
}

// giveUp records that no assistance could be had: the operator's partner
// itself is unavailable. The client is told, ops are alerted, and the mission
// will be suspended.
func (c *caseRun) giveUp(ctx workflow.Context, why string) error {
	c.unassisted = true
	c.trace(ctx, "unassisted", "%s %s and there is no other alternative", c.route.Provider, why)
	c.notify(ctx, contract.NoticeAssistanceUnavailable,
		"No assistance can be had for your vehicle right now: %s %s. Our staff are on it; the mission is suspended meanwhile.", c.route.Provider, why)
	c.alertOps(ctx, contract.AlertUnassisted, "no assistance could be had for mission %s: %s %s; the vehicle is immobilised", c.report.MissionID, c.route.Provider, why)
	return nil
}

// requestUntilAnswered asks one provider until it accepts or refuses, or stays
// busy past the saturation window. A busy provider is asked again with backoff,
// never sooner than its retry-after.
func (c *caseRun) requestUntilAnswered(ctx workflow.Context, route rules.Route, service string) (dispatchResult, error) {
	c.enter(ctx, contract.StageDispatching, "asking "+route.Provider+" to take the case")
	started := workflow.Now(ctx)
	backoff := c.settings.RetryInitial
	for attempt := 1; ; attempt++ {
		order := c.order(route, service, attempt)
		// Cancelled while in flight, the order is withdrawn by its key.
		c.undos.push(order.IdempotencyKey, c.undoDispatch(route.Provider, order.IdempotencyKey, ""))
		requested := workflow.Now(ctx)
		var answer activities.DispatchAnswer
		err := workflow.ExecuteActivity(withProviderCall(ctx, fmt.Sprintf("dispatch to %s (request %d)", route.Provider, attempt)), acts.Dispatch, order).Get(ctx, &answer)
		if err != nil {
			if isCancel(ctx, err) {
				return dispatchResult{}, err
			}
			c.undos.drop(order.IdempotencyKey)
			c.trace(ctx, "provider_unreachable", "%s could not be reached after retries: %v", route.Provider, err)
			return dispatchResult{why: "is unreachable"}, nil
		}
		if answer.Status != activities.StatusAccepted && answer.Status != activities.StatusAcknowledged {
			c.undos.drop(order.IdempotencyKey)
		}
		switch answer.Status {
		case activities.StatusAcknowledged:
			return c.awaitOffer(ctx, route, service, order, answer, requested)
		case activities.StatusAccepted:
			c.current = &assignment{
				Provider:    route.Provider,
				ID:          answer.AssignmentID,
				DispatchKey: order.IdempotencyKey,
				Open:        true,
				ETASeconds:  answer.ETASeconds,
				Service:     service,
				AcceptedAt:  workflow.Now(ctx),
				RequestedAt: requested,
			}
			c.undos.push(order.IdempotencyKey, c.undoDispatch(route.Provider, order.IdempotencyKey, answer.AssignmentID))
			c.trace(ctx, "dispatched", "%s accepted assignment %s (%s), ETA %s", route.Provider, answer.AssignmentID, service, eta(answer))
			return dispatchResult{accepted: true, answer: answer}, nil
		case activities.StatusRejected:
			c.trace(ctx, "provider_rejected", "%s rejected the case: %s", route.Provider, answer.Reason)
			return dispatchResult{why: "refused the case (" + answer.Reason + ")"}, nil
		}
		wait := backoff
		retryAfter := time.Duration(answer.RetryAfterSeconds) * time.Second
		if answer.RetryAfterMillis > 0 {
			retryAfter = time.Duration(answer.RetryAfterMillis) * time.Millisecond
		}
		if retryAfter > wait {
			wait = retryAfter
		}
		if workflow.Now(ctx).Add(wait).Sub(started) > c.settings.SaturationWindow {
			c.trace(ctx, "provider_saturated", "%s still busy after %d requests over %s (saturation window %s)",
				route.Provider, attempt, workflow.Now(ctx).Sub(started), c.settings.SaturationWindow)
			return dispatchResult{why: "stays saturated"}, nil
		}
		c.trace(ctx, "provider_busy", "%s is busy (request %d); asking again in %s", route.Provider, attempt, wait)
		if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: route.Provider + " busy: ask again"}).Get(ctx, nil); err != nil {
			return dispatchResult{}, err
		}
		if backoff *= 2; backoff > c.settings.RetryMax {
			backoff = c.settings.RetryMax
		}
	}
}

// undoDispatch withdraws a dispatch order at its provider: the assignment by
// its id once accepted, else the order by its key (its answer never came back).
func (c *caseRun) undoDispatch(provider, dispatchKey, assignmentID string) undo {
	return undo{
		what: assignmentID + " at " + provider,
		run: func(ctx workflow.Context) error {
			order := activities.CancelOrder{
				IdempotencyKey: dispatchKey + "/cancel",
				CaseID:         c.caseID,
				MissionID:      c.report.MissionID,
				Provider:       provider,
				AssignmentID:   assignmentID,
				DispatchKey:    dispatchKey,
				Reason:         c.cancelReason(),
			}
			return workflow.ExecuteActivity(withCompensation(ctx, "cancel "+provider+" assignment"), acts.CancelAssignment, order).Get(ctx, nil)
		},
		undone: func(ctx workflow.Context) {
			c.trace(ctx, "assignment_cancelled", "assignment %s cancelled at %s", assignmentID, provider)
			if c.current != nil {
				c.current.Open = false
			}
		},
		byHand: fmt.Sprintf("cancel assignment %s at %s by hand (mission %s)", assignmentID, provider, c.report.MissionID),
	}
}

// order builds a dispatch order whose idempotency key is the same for every
// retry of this request and different for the next request.
func (c *caseRun) order(route rules.Route, service string, attempt int) activities.DispatchOrder {
	return activities.DispatchOrder{
		IdempotencyKey: fmt.Sprintf("%s/dispatch/%s/%d", c.caseID, route.Provider, attempt),
		CaseID:         c.caseID,
		Provider:       route.Provider,
		Service:        service,
		MissionID:      c.report.MissionID,
		Vehicle:        c.report.Vehicle,
		Location:       c.report.Location,
		Nature:         c.qualification.Nature,
		Symptoms:       c.report.Symptoms,
		Payer:          route.Payer,
		TowTo:          c.towTo(route),
	}
}

// towTo is where the program sends a tow (a discharged HV battery goes to a
// charging point), when the vehicle's own assistance handles the case.
func (c *caseRun) towTo(route rules.Route) string {
	if c.coverage == nil || route.Provider != c.coverage.Input.Report.Vehicle.Assistance.Provider {
		return ""
	}
	return c.coverage.Result.TowTo
}

func eta(a activities.DispatchAnswer) string {
	if a.ETASeconds <= 0 {
		return "an unknown time"
	}
	return (time.Duration(a.ETASeconds) * time.Second).String()
}

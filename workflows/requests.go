package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// requestUntilAnswered asks one provider until it accepts or refuses, or stays
// busy past the saturation window. A busy provider is asked again with backoff,
// never sooner than its retry-after.
func (d *dispatch) requestUntilAnswered(ctx workflow.Context, route rules.Route, service string) (dispatchResult, error) {
	f := d.file
	f.enter(ctx, contract.StageDispatching, "asking "+route.Provider+" to take the case")
	started := workflow.Now(ctx)
	backoff := f.settings.RetryInitial
	for attempt := 1; ; attempt++ {
		order := d.order(route, service, attempt)
		// Cancelled while in flight, the order is withdrawn by its key.
		d.undos.push(order.IdempotencyKey, d.undoDispatch(route.Provider, order.IdempotencyKey, ""))
		requested := workflow.Now(ctx)
		d.inFlight = &assignment{Provider: route.Provider, DispatchKey: order.IdempotencyKey, Open: true, Service: service, RequestedAt: requested}
		var answer activities.DispatchAnswer
		err := workflow.ExecuteActivity(withProviderCall(ctx, fmt.Sprintf("dispatch to %s (request %d)", route.Provider, attempt)), acts.Dispatch, order).Get(ctx, &answer)
		if err != nil && isCancel(ctx, err) {
			// Its answer never came back: the provider may hold it (release).
			return dispatchResult{}, err
		}
		d.inFlight = nil
		if err != nil {
			d.undos.drop(order.IdempotencyKey)
			f.trace(ctx, "provider_unreachable", "%s could not be reached after retries: %v", route.Provider, err)
			d.scoreUnanswered(route.Provider, "", service, contract.AnswerUnreachable, requested, time.Time{}, "")
			return dispatchResult{why: "is unreachable", word: failureWord(err)}, nil
		}
		if answer.Status != activities.StatusAccepted && answer.Status != activities.StatusAcknowledged {
			d.undos.drop(order.IdempotencyKey)
		}
		switch answer.Status {
		case activities.StatusAcknowledged:
			return d.awaitOffer(ctx, route, service, order, answer, requested)
		case activities.StatusAccepted:
			d.current = &assignment{
				Provider:    route.Provider,
				ID:          answer.AssignmentID,
				DispatchKey: order.IdempotencyKey,
				Open:        true,
				ETASeconds:  answer.ETASeconds,
				Service:     service,
				AcceptedAt:  workflow.Now(ctx),
				RequestedAt: requested,
			}
			d.held = append(d.held, d.current)
			d.undos.push(order.IdempotencyKey, d.undoDispatch(route.Provider, order.IdempotencyKey, answer.AssignmentID))
			f.trace(ctx, "dispatched", "%s accepted assignment %s (%s), ETA %s", route.Provider, answer.AssignmentID, service, eta(answer))
			return dispatchResult{accepted: true, answer: answer}, nil
		case activities.StatusRejected:
			f.trace(ctx, "provider_rejected", "%s rejected the case: %s", route.Provider, answer.Reason)
			d.scoreUnanswered(route.Provider, answer.AssignmentID, service, contract.AnswerRefused, requested, workflow.Now(ctx), answer.Reason)
			return dispatchResult{why: "refused the case (" + answer.Reason + ")", word: contract.WhyRejected}, nil
		}
		wait := backoff
		retryAfter := time.Duration(answer.RetryAfterSeconds) * time.Second
		if answer.RetryAfterMillis > 0 {
			retryAfter = time.Duration(answer.RetryAfterMillis) * time.Millisecond
		}
		wait = max(wait, retryAfter)
		if workflow.Now(ctx).Add(wait).Sub(started) > f.settings.SaturationWindow {
			f.trace(ctx, "provider_saturated", "%s still busy after %d requests over %s (saturation window %s)",
				route.Provider, attempt, workflow.Now(ctx).Sub(started), f.settings.SaturationWindow)
			d.scoreUnanswered(route.Provider, "", service, contract.AnswerSaturated, started, workflow.Now(ctx), "")
			return dispatchResult{why: "stays saturated", word: contract.WhyBusy}, nil
		}
		f.trace(ctx, "provider_busy", "%s is busy (request %d); asking again in %s", route.Provider, attempt, wait)
		if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: route.Provider + " busy: ask again"}).Get(ctx, nil); err != nil {
			return dispatchResult{}, err
		}
		backoff = min(backoff*2, f.settings.RetryMax)
	}
}

// order builds a dispatch order whose idempotency key is the same for every
// retry of this request and different for the next request. It carries where
// the vehicle's program tows (after a fallback away from it too) and the
// warranty's event number, when the case has one.
func (d *dispatch) order(route rules.Route, service string, attempt int) activities.DispatchOrder {
	f := d.file
	key := fmt.Sprintf("%s/dispatch/%s/%d", f.caseID, route.Provider, attempt)
	if d.round > 0 {
		// Routed anew: a provider asked again gets new requests.
		key = fmt.Sprintf("%s/dispatch/%s/%d.%d", f.caseID, route.Provider, d.round+1, attempt)
	}
	towTo, towMaxKm := d.services.towFor(route.Provider)
	return activities.DispatchOrder{
		IdempotencyKey: key,
		CaseID:         f.caseID,
		Provider:       route.Provider,
		Service:        service,
		MissionID:      f.report.MissionID,
		Vehicle:        f.report.Vehicle,
		Location:       f.report.Location,
		Nature:         f.out.Nature,
		Symptoms:       f.report.Symptoms,
		Payer:          route.Payer,
		TowTo:          towTo,
		TowMaxKm:       towMaxKm,
		EventNumber:    f.out.EventNumber,
	}
}

// eta says an answer's ETA.
func eta(a activities.DispatchAnswer) string {
	if a.ETASeconds <= 0 {
		return "an unknown time"
	}
	return (time.Duration(a.ETASeconds) * time.Second).String()
}

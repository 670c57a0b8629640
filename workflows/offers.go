package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// Offers that take time (docs/saga.md, "Offers and promises"): a provider may
// acknowledge a request and answer later by webhook. The case waits for that
// answer during the provider's offer window; no answer in time is a refusal
// (offer_expired) and the offer is withdrawn at the provider.

// awaitOffer waits for the answer to an acknowledged request. The offer is
// held as the case's open assignment meanwhile, so cancelling the case
// withdraws it.
func (d *dispatch) awaitOffer(ctx workflow.Context, route rules.Route, service string, order activities.DispatchOrder,
	ack activities.DispatchAnswer, requested time.Time) (dispatchResult, error) {
	f := d.file
	window := f.settings.OfferWindowFor(route.Provider)
	offer := &assignment{Provider: route.Provider, ID: ack.AssignmentID, DispatchKey: order.IdempotencyKey, Open: true,
		Service: service, RequestedAt: requested, Pending: true}
	d.current = offer
	d.held = append(d.held, offer)
	// Held by the provider until it answers: cancelling the case withdraws it.
	d.undos.push(order.IdempotencyKey, d.undoDispatch(route.Provider, order.IdempotencyKey, offer.ID))
	f.trace(ctx, "offer_acknowledged", "%s acknowledged the request (offer %s); it has until %s to answer (offer window %s)",
		route.Provider, offer.ID, requested.Add(window).UTC().Format(time.RFC3339), window)
	got, err := waitFor(ctx, requested.Add(window).Sub(workflow.Now(ctx)), route.Provider+" offer window",
		func() bool { return d.offerAnswerAt(offer) >= 0 })
	if err != nil {
		return dispatchResult{}, err
	}
	if !got {
		f.trace(ctx, "offer_expired", "%s did not answer offer %s within its offer window (%s): it counts as a refusal (%s)",
			route.Provider, offer.ID, window, activities.ReasonOfferExpired)
		d.scoreUnanswered(route.Provider, offer.ID, service, contract.AnswerExpired, requested, time.Time{}, activities.ReasonOfferExpired)
		d.withdraw(ctx, offer, activities.ReasonOfferExpired)
		d.current = nil
		return dispatchResult{why: "did not answer in time (" + activities.ReasonOfferExpired + ")", word: contract.WhyOfferExpire}, nil
	}
	m := d.takeOfferAnswer(offer)
	if m.Kind == contract.MilestoneOfferRejected {
		offer.Open = false
		d.current = nil
		d.undos.drop(offer.DispatchKey)
		f.trace(ctx, "provider_rejected", "%s refused offer %s: %s", route.Provider, offer.ID, m.Note)
		d.scoreUnanswered(route.Provider, offer.ID, service, contract.AnswerRefused, requested, workflow.Now(ctx), m.Note)
		return dispatchResult{why: "refused the case (" + m.Note + ")", word: contract.WhyRejected}, nil
	}
	offer.Pending = false
	offer.ETASeconds = m.ETASeconds
	offer.AcceptedAt = workflow.Now(ctx)
	f.trace(ctx, "dispatched", "%s accepted offer %s (%s) after %s, ETA %s", route.Provider, offer.ID, service,
		offer.AcceptedAt.Sub(requested), time.Duration(m.ETASeconds)*time.Second)
	return dispatchResult{accepted: true, answer: activities.DispatchAnswer{Status: activities.StatusAccepted,
		AssignmentID: offer.ID, ETASeconds: m.ETASeconds}}, nil
}

// offerAnswerAt is the place in the inbox of the answer to an offer, from
// its provider, or -1.
func (d *dispatch) offerAnswerAt(offer *assignment) int {
	for i, m := range d.inbox {
		if m.Matches(offer.Provider, offer.ID) && m.Kind.OfferAnswer() {
			return i
		}
	}
	return -1
}

// takeOfferAnswer removes the answer to an offer from the inbox; the other
// milestones keep their order.
func (d *dispatch) takeOfferAnswer(offer *assignment) contract.Milestone {
	i := d.offerAnswerAt(offer)
	m := d.inbox[i]
	d.inbox = append(d.inbox[:i:i], d.inbox[i+1:]...)
	return m
}

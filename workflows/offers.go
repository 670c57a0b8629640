package workflows

import (
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// Offers that take time (docs/saga.md, "Offers and promises"): a provider may
// acknowledge a request and answer later by webhook. The case waits for that
// answer during the provider's offer window; no answer in time is a refusal
// (offer_expired) and the offer is withdrawn at the provider.

// awaitOffer waits for the answer to an acknowledged request. The offer is
// held as the case's open assignment meanwhile, so cancelling the case
// withdraws it.
func (c *caseRun) awaitOffer(ctx workflow.Context, route rules.Route, service string, order activities.DispatchOrder,
	ack activities.DispatchAnswer, requested time.Time) (dispatchResult, error) {
	window := c.settings.OfferWindowFor(route.Provider)
	offer := &assignment{Provider: route.Provider, ID: ack.AssignmentID, DispatchKey: order.IdempotencyKey, Open: true,
		Service: service, RequestedAt: requested, Pending: true}
	c.current = offer
	// Held by the provider until it answers: cancelling the case withdraws it.
	c.undos.push(order.IdempotencyKey, c.undoDispatch(route.Provider, order.IdempotencyKey, offer.ID))
	c.trace(ctx, "offer_acknowledged", "%s acknowledged the request (offer %s); it has until %s to answer (offer window %s)",
		route.Provider, offer.ID, requested.Add(window).UTC().Format(time.RFC3339), window)
	got, err := waitFor(ctx, requested.Add(window).Sub(workflow.Now(ctx)), route.Provider+" offer window",
		func() bool { return c.offerAnswerAt(offer.ID) >= 0 })
	if err != nil {
		return dispatchResult{}, err
	}
	if !got {
		c.trace(ctx, "offer_expired", "%s did not answer offer %s within its offer window (%s): it counts as a refusal (%s)",
			route.Provider, offer.ID, window, activities.ReasonOfferExpired)
		c.withdraw(ctx, offer, activities.ReasonOfferExpired)
		c.current = nil
		return dispatchResult{why: "did not answer in time (" + activities.ReasonOfferExpired + ")"}, nil
	}
	m := c.takeOfferAnswer(offer.ID)
	if m.Kind == contract.MilestoneOfferRejected {
		offer.Open = false
		c.current = nil
		c.undos.drop(offer.DispatchKey)
		c.trace(ctx, "provider_rejected", "%s refused offer %s: %s", route.Provider, offer.ID, m.Note)
		return dispatchResult{why: "refused the case (" + m.Note + ")"}, nil
	}
	offer.Pending = false
	offer.ETASeconds = m.ETASeconds
	offer.AcceptedAt = workflow.Now(ctx)
	c.trace(ctx, "dispatched", "%s accepted offer %s (%s) after %s, ETA %s", route.Provider, offer.ID, service,
		offer.AcceptedAt.Sub(requested), time.Duration(m.ETASeconds)*time.Second)
	return dispatchResult{accepted: true, answer: activities.DispatchAnswer{Status: activities.StatusAccepted,
		AssignmentID: offer.ID, ETASeconds: m.ETASeconds}}, nil
}

// offerAnswerAt is the place in the inbox of the answer to offer id, or -1.
func (c *caseRun) offerAnswerAt(id string) int {
	for i, m := range c.inbox {
		if m.AssignmentID == id && m.Kind.OfferAnswer() {
			return i
		}
	}
	return -1
}

// takeOfferAnswer removes the answer to offer id from the inbox; the other
// milestones keep their order.
func (c *caseRun) takeOfferAnswer(id string) contract.Milestone {
	i := c.offerAnswerAt(id)
	m := c.inbox[i]
	c.inbox = append(c.inbox[:i:i], c.inbox[i+1:]...)
	return m
}

// withdraw cancels an offer or an assignment at its provider now, for reason
// (offer_expired, eta_breached, superseded), and takes it off the undo list.
// A withdrawal that does not get through is handed to ops: the provider may
// still hold the order (it stays on the undo list, for a cancelled case).
func (c *caseRun) withdraw(ctx workflow.Context, a *assignment, reason string) {
	order := activities.CancelOrder{IdempotencyKey: a.DispatchKey + "/withdraw", CaseID: c.caseID, MissionID: c.report.MissionID,
		Provider: a.Provider, AssignmentID: a.ID, DispatchKey: a.DispatchKey, Reason: reason}
	err := workflow.ExecuteActivity(withProviderCall(ctx, fmt.Sprintf("withdraw %s at %s (%s)", a.ID, a.Provider, reason)),
		acts.CancelAssignment, order).Get(ctx, nil)
	if err != nil {
		if isCancel(ctx, err) {
			return
		}
		c.trace(ctx, "withdrawal_failed", "could not withdraw %s at %s (%s): %v", a.ID, a.Provider, reason, err)
		c.alertOps(ctx, contract.AlertCompensationFailed, "cancel %s at %s by hand (mission %s): %s", a.ID, a.Provider, c.report.MissionID, reason)
		return
	}
	a.Open = false
	c.undos.drop(a.DispatchKey)
	c.trace(ctx, "assignment_withdrawn", "%s withdrawn at %s: %s", a.ID, a.Provider, reason)
}

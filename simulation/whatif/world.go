package whatif

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/network"
)

// clock is the test environment as the world sees it: its (skipped) time,
// callbacks at a later time, and messages to a case.
type clock interface {
	Now() time.Time
	After(d time.Duration, fn func())
	Signal(workflowID string, m contract.Milestone)
	Update(workflowID, name string, arg any)
}

// world plays the providers from the network model, and the client, the
// beneficiary and the mission system as the day says; it counts what the
// report needs that a case's outcome does not hold.
type world struct {
	net   *network.Network
	clock clock
	day   Day

	mu sync.Mutex
	// answers keeps each order's first answer by its idempotency key: a retry
	// gets the same answer, as from a real provider.
	answers map[string]activities.DispatchAnswer
	// firstBusy is when each provider first answered busy: it ran out of trucks.
	firstBusy map[string]time.Time
	// asked is when each case was asked to approve a paid option.
	asked map[string]time.Time
	// ops is what ops say of each mission when they qualify it.
	ops map[string]contract.QualifyRequest
	// cancelled are the assignments withdrawn: their events are no longer due.
	cancelled map[string]bool
	closed    int
}

func newWorld(n *network.Network, c clock, d Day) *world {
	return &world{net: n, clock: c, day: d, answers: map[string]activities.DispatchAnswer{},
		firstBusy: map[string]time.Time{}, asked: map[string]time.Time{}, cancelled: map[string]bool{}, ops: map[string]contract.QualifyRequest{}}
}

// Dispatch answers an order from the network model and schedules its events.
func (w *world) Dispatch(_ context.Context, o activities.DispatchOrder) (activities.DispatchAnswer, error) {
	w.mu.Lock()
	if a, ok := w.answers[o.IdempotencyKey]; ok {
		w.mu.Unlock()
		return a, nil
	}
	w.mu.Unlock()
	now := w.clock.Now()
	lat, lon, _ := o.Location.Position()
	d := w.net.Offer(now, network.Order{
		Provider: o.Provider, MissionID: o.MissionID, CaseID: o.CaseID, Service: o.Service,
		Nature: string(o.Nature), Payer: string(o.Payer), TowTo: o.TowTo,
		Lat: lat, Lon: lon, WeightKg: o.Vehicle.WeightKg,
	})
	var a activities.DispatchAnswer
	switch d.Verdict {
	case network.Unreachable:
		return a, fmt.Errorf("%s unreachable: %s", o.Provider, d.Reason)
	case network.Busy:
		w.mu.Lock()
		if _, ok := w.firstBusy[o.Provider]; !ok {
			w.firstBusy[o.Provider] = now
		}
		w.mu.Unlock()
		a = activities.DispatchAnswer{Status: activities.StatusBusy, RetryAfterSeconds: int(d.RetryAfter.Round(time.Second) / time.Second)}
	case network.Rejected:
		a = activities.DispatchAnswer{Status: activities.StatusRejected, Reason: d.Reason}
	case network.Accepted:
		a = activities.DispatchAnswer{Status: activities.StatusAccepted, AssignmentID: d.AssignmentID, ETASeconds: int(d.ETA / time.Second)}
	case network.Acknowledged:
		a = activities.DispatchAnswer{Status: activities.StatusAcknowledged, AssignmentID: d.AssignmentID}
	}
	w.schedule(now, workflowOf(o.MissionID), o.Provider, d)
	w.mu.Lock()
	w.answers[o.IdempotencyKey] = a
	w.mu.Unlock()
	return a, nil
}

// schedule delivers an assignment's events to its case at their times.
func (w *world) schedule(now time.Time, workflowID, provider string, d network.Decision) {
	for i, e := range d.Events {
		m := contract.Milestone{
			EventID: fmt.Sprintf("%s-e%d", d.AssignmentID, i+1), AssignmentID: d.AssignmentID, Provider: provider,
			Kind: contract.MilestoneKind(e.Kind), Destination: e.Destination, RepairDays: e.RepairDays,
			ETASeconds: int(e.ETA / time.Second), Note: e.Note,
		}
		w.clock.After(e.At.Sub(now), func() {
			w.mu.Lock()
			cancelled := w.cancelled[d.AssignmentID]
			w.mu.Unlock()
			if !cancelled {
				w.clock.Signal(workflowID, m)
			}
		})
	}
}

// Quote answers a request for paid options from the network model.
func (w *world) Quote(_ context.Context, q activities.QuoteRequest) ([]contract.Option, error) {
	lat, lon, _ := q.Location.Position()
	quotes, ok := w.net.Quotes(w.clock.Now(), q.Provider, lat, lon)
	if !ok {
		return nil, fmt.Errorf("%s cannot quote", q.Provider)
	}
	out := make([]contract.Option, len(quotes))
	for i, x := range quotes {
		out[i] = contract.Option{Option: x.Option, PriceEUR: x.PriceEUR, Provider: q.Provider}
	}
	return out, nil
}

// Cancel frees the assignment's truck.
func (w *world) Cancel(_ context.Context, o activities.CancelOrder) error {
	if o.AssignmentID != "" {
		w.net.Cancel(w.clock.Now(), o.AssignmentID)
		w.mu.Lock()
		w.cancelled[o.AssignmentID] = true
		w.mu.Unlock()
	}
	return nil
}

// OrderService confirms an additional service: the network model has no
// hire cars or hotels to run out of.
func (w *world) OrderService(_ context.Context, o activities.ServiceOrder) (activities.ServiceConfirmation, error) {
	return activities.ServiceConfirmation{Reference: "whatif-" + o.IdempotencyKey}, nil
}

// CancelService takes a service back.
func (w *world) CancelService(context.Context, activities.ServiceCancellation) error { return nil }

// NotifyClient plays ops and the client, who hear of the case together: ops
// qualify a reported case OpsAfter the report; a client asked to approve a
// paid option approves the first one after ClientAfter, or declines
// (DeclineShare of the clients, by the case's number); a closed case is
// counted.
func (w *world) NotifyClient(_ context.Context, n activities.ClientNotice) error {
	switch n.Kind {
	case contract.NoticeBreakdownReported:
		w.mu.Lock()
		q, ok := w.ops[n.MissionID]
		w.mu.Unlock()
		if ok {
			id := workflowOf(n.MissionID)
			w.clock.After(w.day.OpsAfter, func() { w.clock.Update(id, contract.UpdateQualify, q) })
		}
	case contract.NoticeApprovalRequested:
		w.mu.Lock()
		w.asked[n.MissionID] = w.clock.Now()
		w.mu.Unlock()
		decline := declines(n.MissionID, w.day.DeclineShare)
		id := workflowOf(n.MissionID)
		w.clock.After(w.day.ClientAfter, func() {
			d := contract.DecideRequest{Decline: decline, By: "what-if client"}
			if !decline {
				d.Choose = "tow"
			}
			w.clock.Update(id, contract.UpdateDecide, d)
		})
	case contract.NoticeCaseClosed:
		w.mu.Lock()
		w.closed++
		w.mu.Unlock()
	}
	return nil
}

// AlertOps: ops' alerts are counted in the outcome; nobody answers them.
func (w *world) AlertOps(context.Context, activities.OpsAlert) error { return nil }

// NotifyValet takes a notice to the valet: the planned reports all have a
// position, so no position link is ever asked for.
func (w *world) NotifyValet(context.Context, activities.ValetNotice) error { return nil }

// OfferServices plays the beneficiary: the first service offered, at once.
func (w *world) OfferServices(_ context.Context, o activities.ServiceOffer) error {
	if len(o.Services) == 0 {
		return nil
	}
	id := workflowOf(o.MissionID)
	choice := contract.ServiceChoice{Service: o.Services[0], By: o.ValetID}
	w.clock.After(0, func() { w.clock.Update(id, contract.UpdateChooseService, choice) })
	return nil
}

// UpdateMission: the mission system takes every decision.
func (w *world) UpdateMission(context.Context, activities.MissionUpdate) error { return nil }

// Closed is how many cases have closed.
func (w *world) Closed() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

func workflowOf(missionID string) string { return contract.WorkflowID(missionID) }

// declines decides, the same way for the same case, whether its client
// declines.
func declines(missionID string, share float64) bool {
	h := uint32(2166136261)
	for i := 0; i < len(missionID); i++ {
		h = (h ^ uint32(missionID[i])) * 16777619
	}
	return float64(h%1000)/1000 < share
}

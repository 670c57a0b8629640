// Package testsuite plays acceptance scenarios
// (package scenario) through the real saga in Temporal's test environment,
// with time skipping: the workflow and the activity code are the product's
// own; the providers, ops, the client and the beneficiary are played by the
// scenario's script. It also replays the recorded histories. Files that also
// use the SDK's go.temporal.io/sdk/testsuite import that one as sdktest.
package testsuite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/scenario"
)

// Clock lets the scripted parties act later in the case's own time.
type Clock interface {
	// After runs fn once d has passed.
	After(d time.Duration, fn func())
}

// ScriptedProviders answers dispatch, quote, cancel and service orders (and
// their cancellations) as the
// scenario's providers section says. It remembers every idempotency key, so a
// retried order gets its first answer again and is never ordered twice, and it
// counts such repeats.
type ScriptedProviders struct {
	Script map[string]*scenario.ProviderScript
	Clock  Clock
	// Deliver sends a milestone to the case (a signal to the workflow).
	Deliver func(contract.Milestone)

	mu         sync.Mutex
	requests   map[string]int
	answers    map[string]activities.DispatchAnswer
	orders     []activities.DispatchOrder
	cancels    []activities.CancelOrder
	services   []activities.ServiceOrder
	serviceKey map[string]activities.ServiceConfirmation
	// serviceCancels are the cancellations of services, once per key.
	serviceCancels []activities.ServiceCancellation
	// cancelKeys are the idempotency keys of the cancellations seen.
	cancelKeys map[string]bool
	// cancelled are the assignment ids and service order keys cancelled.
	cancelled map[string]bool
	repeats   int
	// serviceRequests counts the service orders answered by a provider's
	// own services answers.
	serviceRequests map[string]int
	// informed are the informations given at the report, once per key.
	informed    []activities.AssistanceNotice
	informedKey map[string]bool
}

var errUnreachable = errors.New("connection refused (scripted: unreachable)")

// Dispatch answers the i-th request to a provider with its i-th scripted answer.
func (p *ScriptedProviders) Dispatch(_ context.Context, o activities.DispatchOrder) (activities.DispatchAnswer, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	if a, ok := p.answers[o.IdempotencyKey]; ok {
		p.repeats++
		return a, nil
	}
	i := p.requests[o.Provider]
	p.requests[o.Provider]++
	script := p.Script[o.Provider]
	answer := script.AnswerFor(i)
	var a activities.DispatchAnswer
	switch answer.Kind {
	case scenario.AnswerUnreachable:
		return a, errUnreachable
	case scenario.AnswerBusy:
		a = activities.DispatchAnswer{Status: activities.StatusBusy, RetryAfterSeconds: int(answer.RetryAfter / time.Second)}
	case scenario.AnswerReject:
		a = activities.DispatchAnswer{Status: activities.StatusRejected, Reason: answer.Reason}
	case scenario.AnswerAccept:
		id := fmt.Sprintf("%s-%d", o.Provider, len(p.orders)+1)
		a = activities.DispatchAnswer{Status: activities.StatusAccepted, AssignmentID: id, ETASeconds: int(answer.ETA / time.Second)}
		p.orders = append(p.orders, o)
		p.scheduleEvents(o.Provider, id, 0, script.Events)
	}
	if answer.Acknowledged() {
		a = p.acknowledge(o, answer, script)
	}
	p.answers[o.IdempotencyKey] = a
	return a, nil
}

// acknowledge answers an offer that is answered later by webhook (or never,
// when silent): the answer comes After the request, and an acceptance's
// events follow it, at offsets from that acceptance. Called with p.mu held.
func (p *ScriptedProviders) acknowledge(o activities.DispatchOrder, answer scenario.Answer, script *scenario.ProviderScript) activities.DispatchAnswer {
	id := fmt.Sprintf("%s-%d", o.Provider, len(p.orders)+1)
	p.orders = append(p.orders, o)
	if answer.Kind != scenario.AnswerSilent {
		m := contract.Milestone{
			EventID:      id + "-answer",
			AssignmentID: id,
			Provider:     o.Provider,
			Kind:         contract.MilestoneOfferRejected,
			Note:         answer.Reason,
		}
		if answer.Kind == scenario.AnswerAccept {
			m = contract.Milestone{EventID: id + "-answer", AssignmentID: id, Provider: o.Provider, Kind: contract.MilestoneOfferAccepted,
				ETASeconds: int(answer.ETA / time.Second)}
		}
		p.deliverLater(answer.After, id, m)
		if answer.Kind == scenario.AnswerAccept {
			p.scheduleEvents(o.Provider, id, answer.After, script.Events)
		}
	}
	return activities.DispatchAnswer{Status: activities.StatusAcknowledged, AssignmentID: id}
}

// scheduleEvents plays the provider's milestones after the acceptance, which
// came accepted after the request.
func (p *ScriptedProviders) scheduleEvents(provider, assignment string, accepted time.Duration, events []scenario.Event) {
	for i, e := range events {
		m := contract.Milestone{
			EventID: fmt.Sprintf("%s-e%d", assignment, i+1), AssignmentID: assignment, Provider: provider,
			Kind: e.Kind, Destination: e.Destination, RepairDays: e.RepairDays, ETASeconds: int(e.ETA / time.Second), Seats: e.Seats,
		}
		p.deliverLater(accepted+e.After, assignment, m)
	}
}

// deliverLater sends m after d, unless its assignment was cancelled by then.
func (p *ScriptedProviders) deliverLater(d time.Duration, assignment string, m contract.Milestone) {
	p.Clock.After(d, func() {
		p.mu.Lock()
		cancelled := p.cancelled[assignment]
		p.mu.Unlock()
		if !cancelled {
			p.Deliver(m)
		}
	})
}

// Quote returns the provider's scripted options.
func (p *ScriptedProviders) Quote(_ context.Context, q activities.QuoteRequest) ([]contract.Option, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	options, answer := p.Script[q.Provider].QuoteAnswer(p.requests[q.Provider])
	switch {
	case len(options) > 0:
		return options, nil
	case answer.Kind == scenario.AnswerUnreachable:
		return nil, errUnreachable
	case answer.Kind == scenario.AnswerAccept:
		return nil, nil
	}
	return nil, fmt.Errorf("%w: %s cannot quote (%s)", activities.ErrRefused, q.Provider, answer.ServiceRefusal())
}

// Cancel withdraws an assignment: its later milestones are not sent.
func (p *ScriptedProviders) Cancel(_ context.Context, o activities.CancelOrder) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	p.cancels = append(p.cancels, o)
	if o.AssignmentID != "" {
		p.cancelled[o.AssignmentID] = true
	}
	if a, ok := p.answers[o.DispatchKey]; ok && a.AssignmentID != "" {
		p.cancelled[a.AssignmentID] = true
	}
	return nil
}

// OrderService confirms an additional service, once per idempotency key.
func (p *ScriptedProviders) OrderService(_ context.Context, o activities.ServiceOrder) (activities.ServiceConfirmation, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	if c, ok := p.serviceKey[o.IdempotencyKey]; ok {
		p.repeats++
		return c, nil
	}
	if p.cancelled[o.IdempotencyKey] {
		return activities.ServiceConfirmation{}, fmt.Errorf("%w: order %s was cancelled", activities.ErrRefused, o.IdempotencyKey)
	}
	// The provider's services answers confirm the service, or, without them,
	// its dispatch answers (FORMAT.md, third round).
	script := p.Script[o.Provider]
	answer, own := script.ServiceAnswerFor(p.serviceRequests[o.Provider])
	if own {
		p.serviceRequests[o.Provider]++
	} else {
		answer = script.AnswerFor(p.requests[o.Provider])
		p.requests[o.Provider]++
	}
	if answer.Kind == scenario.AnswerUnreachable {
		return activities.ServiceConfirmation{}, errUnreachable
	}
	if why := answer.ServiceRefusal(); why != "" {
		return activities.ServiceConfirmation{}, fmt.Errorf("%w: %s did not confirm %s (%s)", activities.ErrRefused, o.Provider, o.Service, why)
	}
	c := activities.ServiceConfirmation{Reference: fmt.Sprintf("%s-%s-%d", o.Provider, o.Service, len(p.services)+1)}
	p.services = append(p.services, o)
	p.serviceKey[o.IdempotencyKey] = c
	return c, nil
}

// InformAssistance takes the information given to the vehicle's own
// assistance at the report: always, once per key, using none of the
// provider's scripted answers (FORMAT.md, third round).
func (p *ScriptedProviders) InformAssistance(_ context.Context, n activities.AssistanceNotice) (activities.AssistanceReceipt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	if p.informedKey[n.IdempotencyKey] {
		p.repeats++
	} else {
		p.informedKey[n.IdempotencyKey] = true
		p.informed = append(p.informed, n)
	}
	return activities.AssistanceReceipt{Reference: fmt.Sprintf("%s-info-%d", n.Provider, len(p.informed))}, nil
}

// Informed returns the informations given at the report so far.
func (p *ScriptedProviders) Informed() []activities.AssistanceNotice {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]activities.AssistanceNotice(nil), p.informed...)
}

// CancelService takes back a service, once per idempotency key; an order
// whose key was cancelled before it arrived is refused.
func (p *ScriptedProviders) CancelService(_ context.Context, c activities.ServiceCancellation) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init()
	if p.cancelKeys[c.IdempotencyKey] {
		p.repeats++
		return nil
	}
	p.cancelKeys[c.IdempotencyKey] = true
	p.serviceCancels = append(p.serviceCancels, c)
	if _, ordered := p.serviceKey[c.OrderKey]; !ordered {
		p.cancelled[c.OrderKey] = true
	}
	return nil
}

// ProviderOrders is what the scripted providers were asked to do, in order.
type ProviderOrders struct {
	// Accepted are the dispatch orders a provider accepted.
	Accepted []activities.DispatchOrder
	// Cancels are the cancellations of assignments and dispatch orders.
	Cancels []activities.CancelOrder
	// Services are the additional services ordered (once per idempotency key).
	Services []activities.ServiceOrder
	// ServiceCancels are the cancellations of additional services.
	ServiceCancels []activities.ServiceCancellation
	// Repeats counts the requests that repeated an earlier idempotency key.
	Repeats int
}

// Orders returns what the providers were asked to do so far.
func (p *ScriptedProviders) Orders() ProviderOrders {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ProviderOrders{
		Accepted:       append([]activities.DispatchOrder(nil), p.orders...),
		Cancels:        append([]activities.CancelOrder(nil), p.cancels...),
		Services:       append([]activities.ServiceOrder(nil), p.services...),
		ServiceCancels: append([]activities.ServiceCancellation(nil), p.serviceCancels...),
		Repeats:        p.repeats,
	}
}

func (p *ScriptedProviders) init() {
	if p.requests == nil {
		p.requests = map[string]int{}
		p.answers = map[string]activities.DispatchAnswer{}
		p.serviceKey = map[string]activities.ServiceConfirmation{}
		p.cancelled = map[string]bool{}
		p.cancelKeys = map[string]bool{}
		p.serviceRequests = map[string]int{}
		p.informedKey = map[string]bool{}
	}
}

// Recorder keeps what the case told the client, ops, the beneficiary and the
// mission system; OnOffer lets the beneficiary's script answer an offer.
type Recorder struct {
	OnOffer func(activities.ServiceOffer)
	// RefuseNotices plays a client whose notice endpoint refuses every
	// notice, retries included (client.notices: "unreachable").
	RefuseNotices bool

	mu       sync.Mutex
	Notices  []activities.ClientNotice
	Alerts   []activities.OpsAlert
	Offers   []activities.ServiceOffer
	Valet    []activities.ValetNotice
	Missions []activities.MissionUpdate
	// Refused are the client's notices its endpoint refused, each attempt.
	Refused []activities.ClientNotice
}

// errNoticesRefused is the client's endpoint refusing a notice.
var errNoticesRefused = errors.New("the client's notice endpoint answered 503 (scripted: unreachable)")

// NotifyClient records a notice.
func (r *Recorder) NotifyClient(_ context.Context, n activities.ClientNotice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.RefuseNotices {
		r.Refused = append(r.Refused, n)
		return errNoticesRefused
	}
	r.Notices = append(r.Notices, n)
	return nil
}

// AlertOps records an alert.
func (r *Recorder) AlertOps(_ context.Context, a activities.OpsAlert) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Alerts = append(r.Alerts, a)
	return nil
}

// OfferServices records an offer and lets the beneficiary answer it.
func (r *Recorder) OfferServices(_ context.Context, o activities.ServiceOffer) error {
	r.mu.Lock()
	r.Offers = append(r.Offers, o)
	on := r.OnOffer
	r.mu.Unlock()
	if on != nil {
		on(o)
	}
	return nil
}

// NotifyValet records a notice to the valet.
func (r *Recorder) NotifyValet(_ context.Context, n activities.ValetNotice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Valet = append(r.Valet, n)
	return nil
}

// UpdateMission records a mission update.
func (r *Recorder) UpdateMission(_ context.Context, u activities.MissionUpdate) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Missions = append(r.Missions, u)
	return nil
}

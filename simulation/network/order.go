package network

import "time"

// Order is what a network needs of a dispatch order (the body of
// POST /assignments in api/openapi.yaml).
type Order struct {
	// Provider is the provider asked.
	Provider string
	// MissionID and CaseID say whose order it is.
	MissionID string
	CaseID    string
	// Service is "assistance" (the provider chooses: repair on site or tow),
	// or the option the client approved (tow, on_site_repair).
	Service string
	// Nature is the nature of the breakdown (engine, flat_tyre, ...).
	Nature string
	// Payer is who pays (operator, client, lessor, ...): it may choose the tow's
	// destination.
	Payer string
	// TowTo is where a tow must go when the case says so (e.g. charging_point).
	TowTo string
	// Lat and Lon are where the vehicle is.
	Lat, Lon float64
	// WeightKg is the vehicle's weight; 0: unknown.
	WeightKg float64
}

// Verdict is how an order was answered.
type Verdict string

// The verdicts.
const (
	// Accepted: the assignment is taken, with an ETA; its milestones follow.
	Accepted Verdict = "accepted"
	// Rejected: refused, for a reason; final for this order.
	Rejected Verdict = "rejected"
	// Busy: no truck free now; ask again after RetryAfter with a new order.
	Busy Verdict = "busy"
	// Unreachable: the provider is not in the model, or down.
	Unreachable Verdict = "unreachable"
	// Acknowledged: the answer comes later, as an offer_accepted or
	// offer_rejected event (or never, for a silent provider).
	Acknowledged Verdict = "acknowledged"
)

// Decision is a network's answer to an order.
type Decision struct {
	Verdict Verdict
	// AssignmentID names an accepted or acknowledged assignment (for its
	// events and its cancellation).
	AssignmentID string
	// ETA is the promise of an accepted assignment: from now to on site.
	ETA time.Duration
	// Reason says why an order was rejected.
	Reason string
	// RetryAfter is when to ask a busy provider again.
	RetryAfter time.Duration
	// Events are the assignment's events, in the order of their times (model
	// time), to deliver at those times.
	Events []Event
}

// EventKind is the kind of a provider event (ProviderEvent.kind).
type EventKind string

// The kinds of events a network sends.
const (
	OfferAccepted EventKind = "offer_accepted"
	OfferRejected EventKind = "offer_rejected"
	EnRoute       EventKind = "en_route"
	NewETA        EventKind = "eta"
	OnSite        EventKind = "on_site"
	Repaired      EventKind = "repaired"
	Unsuccessful  EventKind = "unsuccessful"
	Towed         EventKind = "towed"
)

// Event is one timed event of an assignment.
type Event struct {
	// At is when it happens, in model time.
	At   time.Time
	Kind EventKind
	// ETA is the time from At until on site (offer_accepted, en_route, eta).
	ETA time.Duration
	// Destination, RepairDays and Seats describe a tow.
	Destination string
	RepairDays  int
	// Seats is the seats for passengers in the truck (towed), nil: not said.
	Seats *int
	// Note is the reason of an offer_rejected.
	Note string
}

// Quote is a paid option's price for one case.
type Quote struct {
	Option   string
	PriceEUR float64
}

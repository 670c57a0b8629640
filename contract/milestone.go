package contract

import (
	"fmt"
	"strings"
	"time"

	"github.com/valetops/assistance/contract/strictjson"
)

// MilestoneKind is a step a provider reports on an assignment.
type MilestoneKind string

// The milestones a provider reports.
const (
	MilestoneEnRoute       MilestoneKind = "en_route"
	MilestoneOnSite        MilestoneKind = "on_site"
	MilestoneRepaired      MilestoneKind = "repaired"
	MilestoneTowed         MilestoneKind = "towed"
	MilestoneGoneOnArrival MilestoneKind = "goa"
	MilestoneUnsuccessful  MilestoneKind = "unsuccessful"
	// MilestoneFixedByPhone: the provider solved the breakdown by phone (seed
	// 002 IV, "Aide téléphonique … la première tentative"); no vehicle is sent.
	MilestoneFixedByPhone MilestoneKind = "fixed_by_phone"
	// MilestoneOfferAccepted: the provider accepts an offer it had
	// acknowledged, with an ETA (docs/contract.md, asynchronous answers).
	MilestoneOfferAccepted MilestoneKind = "offer_accepted"
	// MilestoneOfferRejected: the provider refuses an offer it had
	// acknowledged; the note says why.
	MilestoneOfferRejected MilestoneKind = "offer_rejected"
	// MilestoneETA: the provider announces a new arrival time, once; it
	// replaces the promise.
	MilestoneETA MilestoneKind = "eta"
)

// milestoneKinds are the known milestones, in the order error messages list them.
var milestoneKinds = []MilestoneKind{MilestoneEnRoute, MilestoneOnSite, MilestoneRepaired, MilestoneTowed, MilestoneGoneOnArrival,
	MilestoneUnsuccessful, MilestoneOfferAccepted, MilestoneOfferRejected, MilestoneETA, MilestoneFixedByPhone}

var milestones = set(milestoneKinds...)

// MilestoneKinds lists the known milestones, for error messages.
func MilestoneKinds() []string {
	out := make([]string, 0, len(milestoneKinds))
	for _, k := range milestoneKinds {
		out = append(out, string(k))
	}
	return out
}

// OfferAnswer reports whether the milestone answers an acknowledged offer.
func (m MilestoneKind) OfferAnswer() bool {
	return m == MilestoneOfferAccepted || m == MilestoneOfferRejected
}

// Valid reports whether m is a known milestone.
func (m MilestoneKind) Valid() bool { return milestones[m] }

// Final reports whether the milestone ends the provider's work on the vehicle.
// An unsuccessful on-site attempt is not final: a tow usually follows.
func (m MilestoneKind) Final() bool {
	return m == MilestoneRepaired || m == MilestoneTowed || m == MilestoneGoneOnArrival || m == MilestoneFixedByPhone
}

// Tow destinations with a meaning of their own.
const (
	DestinationChargingPoint      = "charging_point"
	DestinationAuthorisedRepairer = "authorised_repairer"
)

// Milestone is a provider's report on an assignment, as it reaches the case.
type Milestone struct {
	// EventID identifies the event at the provider; a repeated event is
	// ignored. Event ids are the provider's own: the case deduplicates on
	// Provider and EventID together (DedupKey), never on EventID alone.
	EventID string `json:"event_id"`
	// AssignmentID is the provider's id of the assignment; the case takes the
	// event only for an assignment it gave to Provider (Matches).
	AssignmentID string `json:"assignment_id"`
	// Provider is the provider that sent the event: our API sets it from the
	// authenticated webhook (the party whose key signed the request for its
	// own path), never from the body.
	Provider string        `json:"provider"`
	Kind     MilestoneKind `json:"kind"`
	// At is when it happened at the provider (RFC 3339), if the provider says.
	At string `json:"at,omitempty"`
	// Destination is where a towed vehicle goes.
	Destination string `json:"destination,omitempty"`
	// Address is the street address of a tow's destination, when given.
	Address string `json:"address,omitempty"`
	// RepairDays is the receiving repairer's estimate, for a towed vehicle.
	RepairDays int `json:"repair_days,omitempty"`
	// ETASeconds is the seconds until the provider is on site: required with
	// offer_accepted and eta (a promise), informative with en_route.
	ETASeconds int `json:"eta_seconds,omitempty"`
	// Seats is how many passenger seats the tow truck has, for a towed vehicle;
	// 0 means none, so the valet needs a taxi; nil means unknown (a seat is assumed).
	Seats *int   `json:"seats,omitempty"`
	Note  string `json:"note,omitempty"`
}

// ValetNeedsTaxi reports whether the tow truck left the valet behind: a tow
// whose truck has no passenger seat (seed 001).
func (m Milestone) ValetNeedsTaxi() bool {
	return m.Kind == MilestoneTowed && m.Seats != nil && *m.Seats == 0
}

// Validate checks a milestone before it reaches a case.
func (m Milestone) Validate() error {
	var errs strictjson.FieldErrors
	if strings.TrimSpace(m.EventID) == "" {
		errs.Add("event_id", "is required (a repeated event must carry the same id)")
	}
	if strings.TrimSpace(m.AssignmentID) == "" {
		errs.Add("assignment_id", "is required")
	}
	if !m.Kind.Valid() {
		errs.Add("kind", "unknown milestone %q; expected one of %s", m.Kind, strings.Join(MilestoneKinds(), ", "))
	}
	if (m.Kind == MilestoneOfferAccepted || m.Kind == MilestoneETA) && m.ETASeconds <= 0 {
		errs.Add("eta_seconds", "is required for %s: the seconds from now until the provider is on site", m.Kind)
	}
	if m.Kind == MilestoneOfferRejected && strings.TrimSpace(m.Note) == "" {
		errs.Add("note", "is required for offer_rejected: the reason of the refusal")
	}
	if m.Kind == MilestoneTowed && strings.TrimSpace(m.Destination) == "" {
		errs.Add("destination", "is required for a tow")
	}
	if m.RepairDays < 0 {
		errs.Add("repair_days", "must not be negative, got %d", m.RepairDays)
	}
	if m.Seats != nil && *m.Seats < 0 {
		errs.Add("seats", "must not be negative, got %d", *m.Seats)
	}
	m.checkLengths(&errs)
	return errs.Err()
}

// Describe is a one-line account of the milestone for the timeline.
func (m Milestone) Describe() string {
	s := fmt.Sprintf("%s reports %s", m.Provider, m.Kind)
	if m.Destination != "" {
		s += " to " + m.Destination
	}
	if m.RepairDays > 0 {
		s += fmt.Sprintf(" (repair estimated at %d days)", m.RepairDays)
	}
	if m.ValetNeedsTaxi() {
		s += " (no seat for the valet in the truck)"
	}
	if m.ETASeconds > 0 && (m.Kind == MilestoneOfferAccepted || m.Kind == MilestoneETA) {
		s += fmt.Sprintf(" (on site in %s)", time.Duration(m.ETASeconds)*time.Second)
	}
	if m.Kind == MilestoneOfferRejected {
		s += " (" + m.Note + ")"
	}
	return s
}

package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/rules/warranty"
)

// Warranty reaches the warranty managers and the repairers (the warranty company's FAQ, docs/glossary.md). As for
// Providers, an error means the party could not be reached; ErrRefused
// (wrapped) means it refused the request itself.
type Warranty interface {
	// AssignEventNumber asks the warranty manager for an event number, before
	// any repair abroad; the manager answers at once.
	AssignEventNumber(ctx context.Context, req EventNumberRequest) (EventNumber, error)
	// OrderDiagnosis asks the repairer that received the vehicle for its
	// diagnosis and quote, to be sent to our API, with the event number.
	OrderDiagnosis(ctx context.Context, order RepairOrder) (RepairReceipt, error)
	// SubmitClaim passes the repairer's diagnosis and quote to the warranty
	// manager, which decides later, on our API.
	SubmitClaim(ctx context.Context, claim ClaimSubmission) (ClaimReceipt, error)
	// Withdraw withdraws an order or a claim the case no longer needs (the
	// undo of OrderDiagnosis and SubmitClaim).
	Withdraw(ctx context.Context, w Withdrawal) error
}

// EventNumberRequest asks a warranty manager for an event number.
type EventNumberRequest struct {
	IdempotencyKey string            `json:"idempotency_key"`
	ClaimID        string            `json:"claim_id"`
	CaseID         string            `json:"case_id"`
	MissionID      string            `json:"mission_id"`
	Manager        string            `json:"manager"`
	Program        string            `json:"program,omitempty"`
	Vehicle        contract.Vehicle  `json:"vehicle"`
	Location       contract.Location `json:"location"`
	Nature         contract.Nature   `json:"nature"`
	// Repairer is where the vehicle was towed.
	Repairer string `json:"repairer"`
}

// EventNumber is the manager's answer.
type EventNumber struct {
	EventNumber string `json:"event_number"`
}

// RepairOrder asks the repairer for its diagnosis and quote.
type RepairOrder struct {
	IdempotencyKey string           `json:"idempotency_key"`
	ClaimID        string           `json:"claim_id"`
	CaseID         string           `json:"case_id"`
	MissionID      string           `json:"mission_id"`
	Repairer       string           `json:"repairer"`
	Vehicle        contract.Vehicle `json:"vehicle"`
	Nature         contract.Nature  `json:"nature"`
	// Manager is the warranty manager the diagnosis is for.
	Manager string `json:"manager"`
	// EventNumber must appear on the invoices (abroad); empty at home.
	EventNumber string `json:"event_number,omitempty"`
	// ReportedAt and TowedAt date the breakdown's report and the tow (RFC 3339,
	// the case's own time).
	ReportedAt string `json:"reported_at"`
	TowedAt    string `json:"towed_at"`
	// DiagnosisDue is when the diagnosis is due at the latest (case time).
	DiagnosisDue string `json:"diagnosis_due"`
}

// RepairReceipt is the repairer's acknowledgement.
type RepairReceipt struct {
	Reference string `json:"reference"`
}

// ClaimSubmission passes the diagnosis and the quote to the warranty manager.
type ClaimSubmission struct {
	IdempotencyKey string           `json:"idempotency_key"`
	ClaimID        string           `json:"claim_id"`
	CaseID         string           `json:"case_id"`
	MissionID      string           `json:"mission_id"`
	Manager        string           `json:"manager"`
	Program        string           `json:"program,omitempty"`
	Vehicle        contract.Vehicle `json:"vehicle"`
	Repairer       string           `json:"repairer"`
	EventNumber    string           `json:"event_number,omitempty"`
	Cause          string           `json:"cause"`
	QuoteEUR       int              `json:"quote_eur"`
	// ReportedAt and SubmittedAt date the report and this submission (case time).
	ReportedAt  string `json:"reported_at"`
	SubmittedAt string `json:"submitted_at"`
	// DecisionDue is when the decision is due at the latest (case time).
	DecisionDue string `json:"decision_due"`
}

// ClaimReceipt is the manager's acknowledgement.
type ClaimReceipt struct {
	Reference string `json:"reference"`
}

// Withdrawal withdraws a repair order (Party is the repairer) or a claim
// (Party is the manager).
type Withdrawal struct {
	IdempotencyKey string `json:"idempotency_key"`
	ClaimID        string `json:"claim_id"`
	MissionID      string `json:"mission_id"`
	// What is "repair_order" or "claim".
	What      string `json:"what"`
	Party     string `json:"party"`
	Reference string `json:"reference,omitempty"`
	Reason    string `json:"reason"`
}

// What a Withdrawal withdraws.
const (
	WithdrawRepairOrder = "repair_order"
	WithdrawClaim       = "claim"
)

// WarrantyTerms are the terms of a vehicle's warranty program.
type WarrantyTerms struct {
	// Known is false when the worker has no such program: the seed's rules
	// apply (abroad, an event number first) and no ceiling is known.
	Known   bool              `json:"known"`
	Program *warranty.Program `json:"program,omitempty"`
}

// LoadWarrantyTerms returns the terms of a warranty program. Run as a local
// activity, so a change of the program files never changes a running claim.
func (a *Activities) LoadWarrantyTerms(_ context.Context, programID string) (WarrantyTerms, error) {
	p := a.WarrantyPrograms.Lookup(programID)
	if p == nil {
		return WarrantyTerms{}, nil
	}
	return WarrantyTerms{Known: true, Program: p}, nil
}

// AssignEventNumber asks the warranty manager for an event number.
func (a *Activities) AssignEventNumber(ctx context.Context, req EventNumberRequest) (EventNumber, error) {
	n, err := callWarranty(a, req.Manager, "event number", "warranty managers", func(w Warranty) (EventNumber, error) {
		return w.AssignEventNumber(ctx, req)
	})
	if err == nil && n.EventNumber == "" {
		return EventNumber{}, providerError(req.Manager, "event number", fmt.Errorf("%w: the answer carries no event number", ErrRefused))
	}
	return n, err
}

// OrderDiagnosis asks the repairer for its diagnosis and quote.
func (a *Activities) OrderDiagnosis(ctx context.Context, order RepairOrder) (RepairReceipt, error) {
	return callWarranty(a, order.Repairer, "repair order", "repairers", func(w Warranty) (RepairReceipt, error) {
		return w.OrderDiagnosis(ctx, order)
	})
}

// SubmitClaim passes the diagnosis and the quote to the warranty manager.
func (a *Activities) SubmitClaim(ctx context.Context, claim ClaimSubmission) (ClaimReceipt, error) {
	return callWarranty(a, claim.Manager, "claim", "warranty managers", func(w Warranty) (ClaimReceipt, error) {
		return w.SubmitClaim(ctx, claim)
	})
}

// callWarranty calls a warranty party (a manager or a repairer) through
// a.Warranty; with none configured, or when the call fails, the error says
// which party and what (providerError), and no answer is returned.
func callWarranty[T any](a *Activities, party, what, kind string, call func(Warranty) (T, error)) (T, error) {
	var zero T
	if a.Warranty == nil {
		return zero, providerError(party, what, fmt.Errorf("%w: no %s configured", ErrRefused, kind))
	}
	v, err := call(a.Warranty)
	if err != nil {
		return zero, providerError(party, what, err)
	}
	return v, nil
}

// WithdrawWarrantyOrder withdraws a repair order or a claim.
func (a *Activities) WithdrawWarrantyOrder(ctx context.Context, w Withdrawal) error {
	if a.Warranty == nil {
		return nil
	}
	if err := a.Warranty.Withdraw(ctx, w); err != nil {
		return providerError(w.Party, "withdraw "+w.What, err)
	}
	return nil
}

// WarrantyWindows are a client's own windows for a warranty claim.
type WarrantyWindows struct {
	Diagnosis time.Duration
	Decision  time.Duration
}

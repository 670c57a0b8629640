package contract

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// VehicleWarranty is the vehicle's warranty (the warranty company's FAQ, docs/glossary.md): a warranty manager and
// its program, separate from the vehicle's assistance. A mechanical breakdown
// towed to a repairer is repaired under it only once the manager has seen the
// repairer's diagnosis and quote and decided.
type VehicleWarranty struct {
	// Manager is the warranty manager's id, such as opteven.
	Manager string `json:"manager" required:"true"`
	// Program is the manager's program, such as opteven-premium; empty: unknown.
	Program string `json:"program"`
}

func (w *VehicleWarranty) validate(errs *strictjson.FieldErrors, prefix string) {
	if w == nil {
		return
	}
	if !idPattern.MatchString(w.Manager) {
		errs.Add(strictjson.Path(prefix, "manager"), "must be a warranty manager id such as opteven, got %q", w.Manager)
	}
	if w.Program != "" && !idPattern.MatchString(w.Program) {
		errs.Add(strictjson.Path(prefix, "program"), "must be a warranty program id such as opteven-premium, got %q", w.Program)
	}
}

// StageAwaitingWarranty is the stage where the vehicle is at the repairer and
// the case waits for the warranty to be settled (diagnosis, quote, the
// manager's decision).
const StageAwaitingWarranty Stage = "awaiting_warranty"

// NoticeWarrantyDecision tells the client what the warranty manager decided.
const NoticeWarrantyDecision NoticeKind = "warranty_decision"

// The states of a warranty claim, as the outcome's warranty key shows them:
// "covered", "partial:AMOUNT_EUR", "refused:REASON", "expired", or "pending"
// while the claim is open.
const (
	WarrantyPending = "pending"
	WarrantyCovered = "covered"
	WarrantyExpired = "expired"
	partialPrefix   = "partial:"
	refusedPrefix   = "refused:"
)

// WarrantyPartial is the state of a claim covered up to amountEUR.
func WarrantyPartial(amountEUR int) string { return partialPrefix + strconv.Itoa(amountEUR) }

// WarrantyRefused is the state of a claim the manager refused for reason.
func WarrantyRefused(reason string) string { return refusedPrefix + reason }

// WarrantySettled reports whether a claim state is a decision on the repair
// (covered, partial or refused), as opposed to pending, expired or none.
func WarrantySettled(state string) bool {
	return state == WarrantyCovered || strings.HasPrefix(state, partialPrefix) || strings.HasPrefix(state, refusedPrefix)
}

// OptionRepair is the paid option of the repair the warranty leaves (in part or
// in full) to the client: the client approves it with decide {choose: repair}.
const OptionRepair = "repair"

// Claim is a warranty claim as the case's outcome shows it.
type Claim struct {
	ClaimID  string `json:"claim_id"`
	Manager  string `json:"manager"`
	Program  string `json:"program,omitempty"`
	Repairer string `json:"repairer,omitempty"`
	// EventNumber is the number the manager assigned before any repair abroad;
	// it must appear on the repairer's invoices.
	EventNumber string `json:"event_number,omitempty"`
	Cause       string `json:"cause,omitempty"`
	QuoteEUR    int    `json:"quote_eur,omitempty"`
	CoveredEUR  int    `json:"covered_eur"`
	// ClientShareEUR is what the warranty leaves to the client.
	ClientShareEUR int `json:"client_share_eur"`
	// State is covered, partial:AMOUNT, refused:REASON, expired or pending.
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// Describe is one sentence about the claim for the client.
func (c Claim) Describe() string {
	switch {
	case c.State == WarrantyCovered:
		return fmt.Sprintf("the warranty covers the repair (%s, quote %d EUR)", c.Cause, c.QuoteEUR)
	case strings.HasPrefix(c.State, partialPrefix):
		return fmt.Sprintf("the warranty covers %d EUR of the %d EUR quote (%s); %d EUR are left to you", c.CoveredEUR, c.QuoteEUR, c.Cause, c.ClientShareEUR)
	case strings.HasPrefix(c.State, refusedPrefix):
		return fmt.Sprintf("the warranty does not cover the repair (%s); the %d EUR quote is left to you", strings.TrimPrefix(c.State, refusedPrefix), c.QuoteEUR)
	case c.State == WarrantyExpired:
		return "the warranty could not be settled in time: " + c.Reason
	}
	return "the warranty claim is open"
}

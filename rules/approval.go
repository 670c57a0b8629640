package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// PayFacts are what a request for the client's approval rests on.
type PayFacts struct {
	// HasOwnAssistance: the vehicle comes with an assistance of its own.
	HasOwnAssistance bool
	// Coverage is the coverage under the vehicle's program ("" when none was
	// evaluated): covered, limited, not_covered:REASON.
	Coverage string
	// Warranty is the warranty claim's state when the request is for what
	// the warranty leaves to the client (partial:AMOUNT, refused:REASON);
	// "" otherwise.
	Warranty string
}

// ApprovalReason says why the client is asked to pay (DOMAIN.md, "A request
// for approval says why the client pays"): what the warranty left
// (warranty_partial, warranty_refused), else the program's refusal
// (not_covered:REASON, the coverage's own word), else a vehicle with no
// assistance of its own (no_assistance). "" when nothing makes the client
// pay: the client should not be asked.
func ApprovalReason(f PayFacts) string {
	switch {
	case strings.HasPrefix(f.Warranty, "partial:"):
		return contract.ApprovalReasonWarrantyPartial
	case strings.HasPrefix(f.Warranty, "refused:"):
		return contract.ApprovalReasonWarrantyRefused
	case strings.HasPrefix(f.Coverage, "not_covered:"):
		return contract.ApprovalReasonNotCovered(strings.TrimPrefix(f.Coverage, "not_covered:"))
	case !f.HasOwnAssistance:
		return contract.ApprovalReasonNoAssistance
	}
	return ""
}

// Reapproval is what becomes of a paid option the client approved when the
// case falls back to another provider.
type Reapproval struct {
	// Ask: the client is asked again (a new request, reminders, expiry), with
	// Options, the alternative's quotes; approval is then the answer to it.
	Ask bool
	// Option is the approved option at the alternative, when it stays
	// approved (Ask false): the alternative's price, no higher.
	Option contract.Option
	// Options are the alternative's quotes, for a new request.
	Options []contract.Option
	// NoQuote: the alternative quoted nothing; it cannot take the option.
	NoQuote bool
	// Reason is one sentence for the trace.
	Reason string
}

// ReapproveAfterFallback decides whether an approved paid option needs the
// client's answer again once the case falls back to an alternative that
// quoted alternative (DOMAIN.md, "An approved paid option stays the client's",
// seed 002 VI "aux frais du client"): the option stays the client's; the
// client is asked again only if the alternative's price for it is higher, or
// if the alternative does not offer it (its other options are then offered).
func ReapproveAfterFallback(approved contract.Option, alternative []contract.Option) Reapproval {
	if len(alternative) == 0 {
		return Reapproval{NoQuote: true, Reason: fmt.Sprintf("the alternative quoted nothing: the approved %s cannot be ordered from it", approved.Option)}
	}
	for _, o := range alternative {
		if o.Option != approved.Option {
			continue
		}
		if o.PriceEUR > approved.PriceEUR {
			return Reapproval{Ask: true, Options: append([]contract.Option(nil), alternative...),
				Reason: fmt.Sprintf("the approved %s costs %.2f EUR at %s instead of %.2f EUR at %s: the client is asked again",
					approved.Option, o.PriceEUR, o.Provider, approved.PriceEUR, approved.Provider)}
		}
		return Reapproval{Option: o, Reason: fmt.Sprintf("the approved %s stays the client's at %s, %.2f EUR, no more than the %.2f EUR approved: no new request",
			approved.Option, o.Provider, o.PriceEUR, approved.PriceEUR)}
	}
	return Reapproval{Ask: true, Options: append([]contract.Option(nil), alternative...),
		Reason: fmt.Sprintf("the alternative does not offer the approved %s: the client is asked again", approved.Option)}
}

// PaidFallbackRoute is the alternative when the provider of a paid option the
// client approved is saturated, unreachable or refuses: the operator's partner
// does it, and the option stays the client's (handler operator_arranged, payer
// client). It returns false when the route already was the operator's partner.
func PaidFallbackRoute(primary Route, why string) (Route, bool) {
	if primary.Provider == contract.OperatorPartner {
		return Route{}, false
	}
	return Route{Handler: contract.HandlerOperatorArranged, Provider: contract.OperatorPartner, Payer: contract.PayerClient, PaidOptions: true,
		Reason: fmt.Sprintf("%s %s: the operator's partner does the option the client approved, still at the client's cost", primary.Provider, why)}, true
}

package contract

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// DecideRequest is the payload of the decide Update: the client approves one of
// the offered paid options, or declines them all.
type DecideRequest struct {
	Choose  string `json:"choose,omitempty"`
	Decline bool   `json:"decline,omitempty"`
	// By names who decided at the client, for the trace.
	By string `json:"by,omitempty"`
}

// Validate checks the decision against the options offered; a decision is taken once.
func (d DecideRequest) Validate(offered []Option, approval string) error {
	var errs strictjson.FieldErrors
	switch {
	case approval != ApprovalPending && (approval == ApprovalDeclined || approval == ApprovalExpired || strings.HasPrefix(approval, approvedPrefix)):
		errs.Add("", "the client's decision was already taken (%s)", approval)
		return errs.Err()
	case approval != ApprovalPending:
		errs.Add("", "no paid option is waiting for the client's approval")
		return errs.Err()
	}
	checkText(&errs, "by", d.By, MaxPerson, false)
	switch {
	case d.Decline && d.Choose != "":
		errs.Add("choose", "cannot choose an option and decline at once")
	case !d.Decline && d.Choose == "":
		errs.Add("choose", "name one of the offered options (%s), or set decline", optionNames(offered))
	case d.Choose != "" && !offers(offered, d.Choose):
		errs.Add("choose", "%q was not offered; the options are %s", d.Choose, optionNames(offered))
	}
	return errs.Err()
}

func offers(offered []Option, name string) bool {
	for _, o := range offered {
		if o.Option == name {
			return true
		}
	}
	return false
}

func optionNames(offered []Option) string {
	names := make([]string, len(offered))
	for i, o := range offered {
		names[i] = fmt.Sprintf("%s (%.2f EUR)", o.Option, o.PriceEUR)
	}
	return strings.Join(names, ", ")
}

// Why the client is asked to pay (DOMAIN.md, "A request for approval says why
// the client pays"): the approval request, its reminders, the approval page
// and the outcome's approval_reason say it.
const (
	// ApprovalReasonNoAssistance: the vehicle has no assistance of its own.
	ApprovalReasonNoAssistance = "no_assistance"
	// ApprovalReasonWarrantyPartial: the warranty covers the repair in part.
	ApprovalReasonWarrantyPartial = "warranty_partial"
	// ApprovalReasonWarrantyRefused: the warranty refused the repair.
	ApprovalReasonWarrantyRefused = "warranty_refused"
	approvalReasonNotCovered      = "not_covered:"
)

// ApprovalReasonNotCovered is the reason of a case the vehicle's program does
// not cover: "not_covered:REASON", the coverage's own word.
func ApprovalReasonNotCovered(reason string) string { return approvalReasonNotCovered + reason }

// ValidApprovalReason reports whether s is one of the approval reasons.
func ValidApprovalReason(s string) bool {
	switch s {
	case ApprovalReasonNoAssistance, ApprovalReasonWarrantyPartial, ApprovalReasonWarrantyRefused:
		return true
	}
	rest, ok := strings.CutPrefix(s, approvalReasonNotCovered)
	return ok && rest != ""
}

// Who may cancel a case.
const (
	CancelledByClient = "client"
	CancelledByOps    = "ops"
)

// CancelRequest is the payload of the cancel Update: the client cancels the
// mission, or ops cancel the case.
type CancelRequest struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// Validate refuses an unknown party or a missing reason.
func (c CancelRequest) Validate() error {
	var errs strictjson.FieldErrors
	if c.By != CancelledByClient && c.By != CancelledByOps {
		errs.Add("by", "must be client or ops, got %q", c.By)
	}
	if strings.TrimSpace(c.Reason) == "" {
		errs.Add("reason", "is required")
	}
	checkText(&errs, "reason", c.Reason, MaxText, true)
	return errs.Err()
}

// ServiceChoice is the payload of the choose_service Update: the beneficiary
// picks one of the additional services offered after a tow.
type ServiceChoice struct {
	Service Service `json:"service"`
	// By names who chose (the valet, for the operator), for the trace.
	By string `json:"by,omitempty"`
}

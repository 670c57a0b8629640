package contract

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// maxQuoteEUR bounds a quote: larger is a typing error, not a repair.
const maxQuoteEUR = 1_000_000

// Diagnosis is the repairer's diagnosis and quote for a vehicle under
// warranty. Amounts are whole euros.
type Diagnosis struct {
	// Cause is what the repairer found, such as turbocharger.
	Cause    string `json:"cause"`
	QuoteEUR int    `json:"quote_eur"`
	// EventNumber repeats the event number the repairer was given, if any.
	EventNumber string `json:"event_number,omitempty"`
	// Repairer names who sent it, for the trace.
	Repairer string `json:"repairer,omitempty"`
}

// Validate checks a diagnosis; every problem names its field.
func (d Diagnosis) Validate() error {
	var errs strictjson.FieldErrors
	if strings.TrimSpace(d.Cause) == "" || len(d.Cause) > 200 {
		errs = append(errs, &strictjson.FieldError{Field: "cause", Reason: "is required: what the repairer found (1 to 200 characters)"})
	}
	if d.QuoteEUR <= 0 || d.QuoteEUR > maxQuoteEUR {
		errs = append(errs, &strictjson.FieldError{
			Field:  "quote_eur",
			Reason: fmt.Sprintf("must be a whole number of euros between 1 and %d, got %d", maxQuoteEUR, d.QuoteEUR),
		})
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Decision is the warranty manager's decision on a quote: covered up to
// CoveredEUR (the whole quote, or part of it), or refused with a reason.
type Decision struct {
	CoveredEUR int `json:"covered_eur"`
	// Refused is the reason of a refusal (a word such as wear_part); empty:
	// the decision covers CoveredEUR.
	Refused string `json:"refused,omitempty"`
	// Manager names who decided, for the trace.
	Manager string `json:"manager,omitempty"`
}

// Validate checks a decision against the quote it answers.
func (d Decision) Validate(quoteEUR int) error {
	var errs strictjson.FieldErrors
	add := errs.Add
	switch {
	case d.Refused != "" && d.CoveredEUR != 0:
		add("covered_eur", "a refusal covers nothing: give covered_eur or refused, not both")
	case d.Refused != "" && !wordOK(d.Refused):
		add("refused", "must be a reason word such as wear_part, got %q", d.Refused)
	case d.Refused == "" && d.CoveredEUR <= 0:
		add("covered_eur", "must be a positive whole number of euros (or give refused: REASON), got %d", d.CoveredEUR)
	case d.Refused == "" && d.CoveredEUR > quoteEUR:
		add("covered_eur", "%d EUR is more than the %d EUR quote", d.CoveredEUR, quoteEUR)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func wordOK(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

package contract

import (
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// Who qualified a case.
const (
	QualifiedByOps   = "ops"
	QualifiedByRules = "rules"
)

// Qualification is what ops (or, failing them, the rules) decide about a
// breakdown: its origin, its nature, and whether the vehicle can go on safely.
type Qualification struct {
	Origin   Origin `json:"origin"`
	Nature   Nature `json:"nature"`
	Drivable bool   `json:"drivable"`
	// NonCompliance says what makes the vehicle non-compliant even if it drives
	// (headlights, seat belts, brakes, steering, windscreen); "" when compliant.
	NonCompliance string `json:"non_compliance,omitempty"`
	By            string `json:"by"`
	Reason        string `json:"reason"`
}

// QualifyRequest is the payload of the qualify Update: ops confirm or correct the
// proposed qualification. Drivable may be left out to keep the proposal's.
type QualifyRequest struct {
	Origin   Origin `json:"origin"`
	Nature   Nature `json:"nature"`
	Drivable *bool  `json:"drivable,omitempty"`
	Operator string `json:"operator,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Validate refuses unknown origins and natures.
func (q QualifyRequest) Validate() error {
	var errs strictjson.FieldErrors
	if !q.Origin.Valid() {
		errs.Add("origin", "unknown origin %q; expected one of %s", q.Origin, strings.Join(Origins(), ", "))
	}
	if !q.Nature.Valid() {
		errs.Add("nature", "unknown nature %q; expected one of %s", q.Nature, strings.Join(Natures(), ", "))
	}
	checkText(&errs, "operator", q.Operator, MaxPerson, false)
	checkText(&errs, "note", q.Note, MaxText, true)
	return errs.Err()
}

// Apply turns the request into the qualification of the case, keeping the
// proposal's drivability when ops did not say.
func (q QualifyRequest) Apply(proposal Qualification) Qualification {
	drivable := proposal.Drivable
	if q.Drivable != nil {
		drivable = *q.Drivable
	}
	reason := "qualified by ops"
	if q.Operator != "" {
		reason += " (" + q.Operator + ")"
	}
	if q.Note != "" {
		reason += ": " + q.Note
	}
	return Qualification{Origin: q.Origin, Nature: q.Nature, Drivable: drivable, By: QualifiedByOps, Reason: reason}
}

// CanGoOn reports whether the vehicle may go on with its mission without
// assistance: drivable and compliant ("roulant et conforme").
func (q Qualification) CanGoOn() bool { return q.Drivable && q.NonCompliance == "" }

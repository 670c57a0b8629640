package contract

import (
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// StageAwaitingOps is the stage of a case whose decision is made and told but
// which still has an alert that needs a person: it waits for ops to resolve it,
// for the ops window at most.
const StageAwaitingOps Stage = "awaiting_ops"

// How an alert was handled (OpsAlertRecord.Handled).
const (
	HandledResolved     = "resolved"
	HandledAcknowledged = "acknowledged"
	// HandledAnsweredPrefix precedes the name of the Update that answered it,
	// e.g. "answered:override_decision".
	HandledAnsweredPrefix = "answered:"
)

// OpsAlertRecord is one alert a case raised, kept on its outcome for the
// record, handled or not.
type OpsAlertRecord struct {
	Kind     AlertKind `json:"kind"`
	Reason   string    `json:"reason"`
	RaisedAt string    `json:"raised_at"`
	// Handled is empty while the alert is open, else resolved, acknowledged or
	// answered:UPDATE.
	Handled   string `json:"handled,omitempty"`
	HandledAt string `json:"handled_at,omitempty"`
	Operator  string `json:"operator,omitempty"`
	Action    string `json:"action,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Open reports whether the alert is not handled yet.
func (r OpsAlertRecord) Open() bool { return r.Handled == "" }

// ResolveRequest is the payload of the resolve Update: ops say what they did
// about an alert, e.g. {kind: unassisted, operator: "marie", action: "arranged
// a tow by hand", note: "Dépannage Martin, ETA 40 min"}.
type ResolveRequest struct {
	Kind     AlertKind `json:"kind"`
	Operator string    `json:"operator"`
	Action   string    `json:"action"`
	Note     string    `json:"note,omitempty"`
}

// Validate refuses an unknown kind, and a missing operator or action.
func (r ResolveRequest) Validate() error {
	var errs strictjson.FieldErrors
	checkKind(&errs, r.Kind)
	if strings.TrimSpace(r.Operator) == "" {
		errs.Add("operator", "is required: who handled the alert")
	}
	if strings.TrimSpace(r.Action) == "" {
		errs.Add("action", "is required: what was done (e.g. arranged a provider by hand, with its name)")
	}
	checkText(&errs, "operator", r.Operator, MaxPerson, false)
	checkText(&errs, "action", r.Action, MaxText, true)
	checkText(&errs, "note", r.Note, MaxText, true)
	return errs.Err()
}

// AcknowledgeRequest is the payload of the acknowledge Update: ops have seen an
// informative alert.
type AcknowledgeRequest struct {
	Kind     AlertKind `json:"kind"`
	Operator string    `json:"operator"`
	Note     string    `json:"note,omitempty"`
}

// Validate refuses an unknown kind, a kind that needs a person (resolve it,
// saying what was done) and a missing operator.
func (r AcknowledgeRequest) Validate() error {
	var errs strictjson.FieldErrors
	if checkKind(&errs, r.Kind) && r.Kind.NeedsPerson() {
		errs.Add("kind", "%s needs a person: resolve it, saying what was done", r.Kind)
	}
	if strings.TrimSpace(r.Operator) == "" {
		errs.Add("operator", "is required: who saw the alert")
	}
	checkText(&errs, "operator", r.Operator, MaxPerson, false)
	checkText(&errs, "note", r.Note, MaxText, true)
	return errs.Err()
}

func checkKind(errs *strictjson.FieldErrors, k AlertKind) bool {
	if k == "" {
		errs.Add("kind", "is required; expected one of %s", alertKindNames())
		return false
	}
	if !k.Valid() {
		errs.Add("kind", "unknown alert kind %q; expected one of %s", k, alertKindNames())
		return false
	}
	return true
}

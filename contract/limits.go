package contract

import (
	"unicode"
	"unicode/utf8"

	"github.com/valetops/assistance/contract/strictjson"
)

// The limits of what a Signal or an Update carries into a case (docs/security.md,
// "Limits"): every id and every free text has a length limit, counted in
// characters, so no message can grow a case's history much. Our API refuses
// longer fields at the edge; Validate refuses them again in the case.
const (
	// MaxEventID bounds a webhook's event_id.
	MaxEventID = 128
	// MaxAssignmentID bounds an assignment_id.
	MaxAssignmentID = 128
	// MaxPartyID bounds a provider, repairer or warranty manager id.
	MaxPartyID = 64
	// MaxMissionID bounds a webhook's mission_id.
	MaxMissionID = 64
	// MaxDestination bounds a tow's destination.
	MaxDestination = 64
	// MaxAddress bounds a tow's street address.
	MaxAddress = 300
	// MaxEventTime bounds a webhook's at (an RFC 3339 time).
	MaxEventTime = 40
	// MaxNote bounds a provider's note.
	MaxNote = 500
	// MaxPerson bounds who acted: operator, by. A person's name has no control
	// character, no line break.
	MaxPerson = 64
	// MaxText bounds ops' reasons, actions and notes.
	MaxText = 1000
)

// The limits of the webhook API (api/openapi.yaml), per provider: the case
// applies the same bounds to what reaches it.
const (
	// MaxWebhookBody is the largest webhook body our API reads, in bytes.
	MaxWebhookBody = 16 << 10
	// MaxEventsPerAssignment is how many events one assignment may send; more
	// is a flood, refused at the edge and never signalled.
	MaxEventsPerAssignment = 16
	// MaxEventsPerProviderPerCase is how many events one provider may send
	// about one mission, all its assignments together.
	MaxEventsPerProviderPerCase = 48
)

// A case alerts ops (AlertHistoryLarge, once) when its history passes either
// bound, well before Temporal's own limits: by default the server warns at
// 10,240 events or 10 MiB and terminates the case at 51,200 events or 50 MiB
// (dynamic config limit.historyCount.* and limit.historySize.*).
const (
	// HistoryLargeEvents is the number of history events past which a case
	// alerts ops.
	HistoryLargeEvents = 5000
	// HistoryLargeBytes is the history size, in bytes, past which a case
	// alerts ops (5 MiB).
	HistoryLargeBytes = 5 << 20
)

// checkText adds an error to errs when s is longer than max characters, is not
// UTF-8, or holds a control character (line breaks and tabs are allowed in a
// multiline text, never in a name).
func checkText(errs *strictjson.FieldErrors, field, s string, max int, multiline bool) {
	if !utf8.ValidString(s) {
		errs.Add(field, "must be UTF-8 text")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		errs.Add(field, "must be at most %d characters, got %d", max, n)
		return
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			errs.Add(field, "must not hold control characters or line breaks (got %q)", r)
			return
		}
	}
}

// CheckPerson checks who acted (an operator, a by): at most MaxPerson
// characters, no control character, no line break. The error names field.
func CheckPerson(field, name string) error {
	var errs strictjson.FieldErrors
	checkText(&errs, field, name, MaxPerson, false)
	return errs.Err()
}

// CheckText checks a free text of ops (a reason, an action, a note): at most
// MaxText characters, no control character but line breaks and tabs. The
// error names field.
func CheckText(field, text string) error {
	var errs strictjson.FieldErrors
	checkText(&errs, field, text, MaxText, true)
	return errs.Err()
}

// checkLengths bounds every text of a milestone: ids and words on one line,
// the note and the address with line breaks at most.
func (m Milestone) checkLengths(errs *strictjson.FieldErrors) {
	for _, f := range []struct {
		field, value string
		max          int
		multiline    bool
	}{
		{"event_id", m.EventID, MaxEventID, false},
		{"assignment_id", m.AssignmentID, MaxAssignmentID, false},
		{"provider", m.Provider, MaxPartyID, false},
		{"at", m.At, MaxEventTime, false},
		{"destination", m.Destination, MaxDestination, false},
		{"address", m.Address, MaxAddress, true},
		{"note", m.Note, MaxNote, true},
	} {
		checkText(errs, f.field, f.value, f.max, f.multiline)
	}
}

// DedupKey is what a repeated milestone is recognised by: the provider and
// its event id (two providers may use the same event ids).
func (m Milestone) DedupKey() string { return m.Provider + "\x00" + m.EventID }

// Matches reports whether the milestone is about the assignment id of
// provider: a provider moves only its own assignments.
func (m Milestone) Matches(provider, assignmentID string) bool {
	return m.Provider == provider && m.AssignmentID == assignmentID
}

package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// providerEvent is the body of a webhook (ProviderEvent in openapi.yaml).
type providerEvent struct {
	EventID      string                 `json:"event_id" required:"true"`
	AssignmentID string                 `json:"assignment_id" required:"true"`
	MissionID    string                 `json:"mission_id" required:"true"`
	Kind         contract.MilestoneKind `json:"kind" required:"true"`
	At           string                 `json:"at,omitempty"`
	Destination  string                 `json:"destination,omitempty"`
	Address      string                 `json:"address,omitempty"`
	RepairDays   int                    `json:"repair_days,omitempty"`
	ETASeconds   int                    `json:"eta_seconds,omitempty"`
	// Seats: passenger seats in the tow truck, for towed (0: the valet needs a taxi).
	Seats *int   `json:"seats,omitempty" null:"refused"`
	Note  string `json:"note,omitempty"`
}

// parseEvent decodes a webhook body strictly and validates it into the
// milestone of provider. Every error names the field.
func parseEvent(provider string, body []byte) (missionID string, m contract.Milestone, err error) {
	var ev providerEvent
	if err := strictjson.Decode(body, &ev); err != nil {
		return "", m, err
	}
	m = contract.Milestone{
		EventID: ev.EventID, AssignmentID: ev.AssignmentID, Provider: provider, Kind: ev.Kind,
		At: ev.At, Destination: ev.Destination, Address: ev.Address, RepairDays: ev.RepairDays, ETASeconds: ev.ETASeconds, Seats: ev.Seats, Note: ev.Note,
	}
	if err := m.Validate(); err != nil {
		return "", m, err
	}
	var errs strictjson.FieldErrors
	if strings.TrimSpace(ev.MissionID) == "" {
		errs = append(errs, &strictjson.FieldError{Field: "mission_id", Reason: "is required"})
	} else if err := contract.CheckPerson("mission_id", ev.MissionID); err != nil || len(ev.MissionID) > contract.MaxMissionID {
		errs = append(errs, &strictjson.FieldError{Field: "mission_id",
			Reason: fmt.Sprintf("must be at most %d characters, without control characters", contract.MaxMissionID)})
	}
	if ev.At != "" {
		if _, err := time.Parse(time.RFC3339, ev.At); err != nil {
			errs = append(errs, &strictjson.FieldError{Field: "at", Reason: "must be an RFC 3339 time, got " + ev.At})
		}
	}
	if ev.ETASeconds < 0 {
		errs = append(errs, &strictjson.FieldError{Field: "eta_seconds", Reason: "must not be negative"})
	}
	if len(errs) > 0 {
		return "", m, errs
	}
	return ev.MissionID, m, nil
}

package contract

import (
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// MissionStatus is what becomes of the conveying mission.
type MissionStatus string

// The decisions on a mission.
const (
	MissionResumed     MissionStatus = "resumed"
	MissionSuspended   MissionStatus = "suspended"
	MissionReorganised MissionStatus = "reorganised"
	MissionStopped     MissionStatus = "stopped"
)

var missionStatuses = set(MissionResumed, MissionSuspended, MissionReorganised, MissionStopped)

// Valid reports whether s is one of the four decisions.
func (s MissionStatus) Valid() bool { return missionStatuses[s] }

// MissionDecision is the proposed or final decision on the mission.
type MissionDecision struct {
	Mission MissionStatus `json:"mission"`
	Reason  string        `json:"reason"`
	By      string        `json:"by"`
}

// OverrideRequest is the payload of the override_decision Update: ops replace
// the proposed decision on the mission.
type OverrideRequest struct {
	Mission  MissionStatus `json:"mission"`
	Reason   string        `json:"reason"`
	Operator string        `json:"operator,omitempty"`
}

// Validate refuses an unknown decision or one with no reason.
func (o OverrideRequest) Validate() error {
	var errs strictjson.FieldErrors
	if !o.Mission.Valid() {
		errs.Add("mission", "unknown decision %q; expected resumed, suspended, reorganised or stopped", o.Mission)
	}
	if strings.TrimSpace(o.Reason) == "" {
		errs.Add("reason", "is required: the client is told why")
	}
	checkText(&errs, "reason", o.Reason, MaxText, true)
	checkText(&errs, "operator", o.Operator, MaxPerson, false)
	return errs.Err()
}

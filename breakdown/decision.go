package breakdown

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

// MissionFacts is what the decision on the mission rests on.
type MissionFacts struct {
	Origin Origin
	// Drivable: the vehicle may go on as it is, drivable and compliant
	// ("roulant et conforme", Qualification.CanGoOn).
	Drivable bool
	// Approval is the state of the client's approval (ApprovalNotRequired, ...).
	Approval string
	// Final is the provider's last milestone; empty when none came.
	Final          MilestoneKind
	TowDestination string
	// Unassisted: no provider could be had (the alternative failed too).
	Unassisted bool
	// CancelledBy names who cancelled the case ("client", "ops"), or "".
	CancelledBy string
	// Warranty is the state of the vehicle's warranty claim after a tow to a
	// repairer ("" when there was none); Approval then is the client's
	// approval of what the warranty left to it.
	Warranty string
}

// MissionDecision is the proposed or final decision on the mission.
type MissionDecision struct {
	Mission MissionStatus `json:"mission"`
	Reason  string        `json:"reason"`
	By      string        `json:"by"`
}

// DecideMission proposes what becomes of the mission (the conveying operator's procedure, step 6 in docs/glossary.md).
func DecideMission(f MissionFacts) MissionDecision {
	d := func(s MissionStatus, why string) MissionDecision {
		return MissionDecision{Mission: s, Reason: why, By: QualifiedByRules}
	}
	switch {
	case f.CancelledBy != "":
		return d(MissionStopped, "the case was cancelled by "+f.CancelledBy)
	case f.Origin == OriginValetError:
		return d(MissionStopped, "valet error: the mission is stopped at once")
	case f.Drivable:
		return d(MissionResumed, "the vehicle is drivable and compliant: the mission goes on")
	case f.Warranty != "":
		return decideUnderWarranty(f)
	case f.Approval == ApprovalDeclined:
		return d(MissionStopped, "the client declined the paid options: nothing ordered, the mission stops")
	case f.Approval == ApprovalExpired:
		return d(MissionSuspended, "the client did not approve the paid options in time: the mission is suspended, ops alerted")
	case f.Final == MilestoneRepaired:
		return d(MissionResumed, "repaired on site: the mission goes on")
	case f.Final == MilestoneFixedByPhone:
		return d(MissionResumed, "solved by phone: the mission goes on")
	case f.Final == MilestoneTowed && f.TowDestination == DestinationChargingPoint:
		return d(MissionResumed, "towed to a charging point: the mission goes on once charged")
	case f.Final == MilestoneTowed:
		return d(MissionReorganised, "towed to "+strings.ReplaceAll(f.TowDestination, "_", " ")+": the mission is reorganised")
	case f.Unassisted:
		return d(MissionSuspended, "no assistance could be had: the vehicle is immobilised, the mission is suspended")
	case f.Final == MilestoneGoneOnArrival:
		return d(MissionSuspended, "the provider found no vehicle on arrival: the mission is suspended until ops clear it up")
	default:
		return d(MissionSuspended, "the assistance did not end with a repair or a tow: the mission is suspended")
	}
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
	return errs.Err()
}

// decideUnderWarranty decides a mission whose vehicle waits at a repairer for
// its warranty (the warranty company's FAQ, docs/glossary.md): a repair under way reorganises the mission; no
// decision in time suspends it; a repair the client declined stops it.
func decideUnderWarranty(f MissionFacts) MissionDecision {
	d := func(s MissionStatus, why string) MissionDecision {
		return MissionDecision{Mission: s, Reason: why, By: QualifiedByRules}
	}
	switch {
	case f.Warranty == WarrantyExpired || f.Warranty == WarrantyPending:
		return d(MissionSuspended, "the warranty was not settled in time (diagnosis or decision missing): the mission is suspended, ops alerted")
	case f.Approval == ApprovalDeclined:
		return d(MissionStopped, "the client declined the repair the warranty leaves to it: the vehicle stays at the repairer, the mission stops")
	case f.Approval == ApprovalExpired:
		return d(MissionSuspended, "the client did not approve the repair the warranty leaves to it in time: the mission is suspended, ops alerted")
	default:
		return d(MissionReorganised, "the repair is under way at the repairer (warranty "+f.Warranty+"): the mission is reorganised")
	}
}

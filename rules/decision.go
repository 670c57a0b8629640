package rules

import (
	"strings"

	"github.com/valetops/assistance/contract"
)

// MissionFacts is what the decision on the mission rests on.
type MissionFacts struct {
	Origin contract.Origin
	// Drivable: the vehicle may go on as it is, drivable and compliant
	// ("roulant et conforme", Qualification.CanGoOn).
	Drivable bool
	// Approval is the state of the client's approval (ApprovalNotRequired, ...).
	Approval string
	// Final is the provider's last milestone; empty when none came.
	Final          contract.MilestoneKind
	TowDestination string
	// Unassisted: no provider could be had (the alternative failed too).
	Unassisted bool
	// CancelledBy names who cancelled the case ("client", "ops"), or "".
	CancelledBy string
	// AlreadyStopped: the mission was stopped at once (a valet error), and a
	// stopped mission stays stopped, whatever a re-qualification says since.
	AlreadyStopped bool
	// Warranty is the state of the vehicle's warranty claim after a tow to a
	// repairer ("" when there was none); Approval then is the client's
	// approval of what the warranty left to it.
	Warranty string
}

// DecideMission proposes what becomes of the mission (the conveying operator's procedure, step 6 in docs/glossary.md).
func DecideMission(f MissionFacts) contract.MissionDecision {
	d := func(s contract.MissionStatus, why string) contract.MissionDecision {
		return contract.MissionDecision{Mission: s, Reason: why, By: contract.QualifiedByRules}
	}
	switch {
	case f.CancelledBy != "":
		return d(contract.MissionStopped, "the case was cancelled by "+f.CancelledBy)
	case f.Origin == contract.OriginValetError:
		return d(contract.MissionStopped, "valet error: the mission is stopped at once")
	case f.AlreadyStopped:
		return d(contract.MissionStopped, "the mission was stopped at once (a valet error) and stays stopped, whatever the origin became")
	case f.Drivable:
		return d(contract.MissionResumed, "the vehicle is drivable and compliant: the mission goes on")
	case f.Warranty != "":
		return decideUnderWarranty(f)
	case f.Approval == contract.ApprovalDeclined:
		return d(contract.MissionStopped, "the client declined the paid options: nothing ordered, the mission stops")
	case f.Approval == contract.ApprovalExpired:
		return d(contract.MissionSuspended, "the client did not approve the paid options in time: the mission is suspended, ops alerted")
	case f.Final == contract.MilestoneRepaired:
		return d(contract.MissionResumed, "repaired on site: the mission goes on")
	case f.Final == contract.MilestoneFixedByPhone:
		return d(contract.MissionResumed, "solved by phone: the mission goes on")
	case f.Final == contract.MilestoneTowed && f.TowDestination == contract.DestinationChargingPoint:
		return d(contract.MissionResumed, "towed to a charging point: the mission goes on once charged")
	case f.Final == contract.MilestoneTowed:
		return d(contract.MissionReorganised, "towed to "+strings.ReplaceAll(f.TowDestination, "_", " ")+": the mission is reorganised")
	case f.Unassisted:
		return d(contract.MissionSuspended, "no assistance could be had: the vehicle is immobilised, the mission is suspended")
	case f.Final == contract.MilestoneGoneOnArrival:
		return d(contract.MissionSuspended, "the provider found no vehicle on arrival: the mission is suspended until ops clear it up")
	default:
		return d(contract.MissionSuspended, "the assistance did not end with a repair or a tow: the mission is suspended")
	}
}

// decideUnderWarranty decides a mission whose vehicle waits at a repairer for
// its warranty (the warranty company's FAQ, docs/glossary.md): a repair under way reorganises the mission; no
// decision in time suspends it; a repair the client declined stops it.
func decideUnderWarranty(f MissionFacts) contract.MissionDecision {
	d := func(s contract.MissionStatus, why string) contract.MissionDecision {
		return contract.MissionDecision{Mission: s, Reason: why, By: contract.QualifiedByRules}
	}
	switch {
	case f.Warranty == contract.WarrantyExpired || f.Warranty == contract.WarrantyPending:
		return d(contract.MissionSuspended, "the warranty was not settled in time (diagnosis or decision missing): the mission is suspended, ops alerted")
	case f.Approval == contract.ApprovalDeclined:
		return d(contract.MissionStopped, "the client declined the repair the warranty leaves to it: the vehicle stays at the repairer, the mission stops")
	case f.Approval == contract.ApprovalExpired:
		return d(contract.MissionSuspended, "the client did not approve the repair the warranty leaves to it in time: the mission is suspended, ops alerted")
	default:
		return d(contract.MissionReorganised, "the repair is under way at the repairer (warranty "+f.Warranty+"): the mission is reorganised")
	}
}

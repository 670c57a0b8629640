package rules_test

import (
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
	"github.com/valetops/assistance/rules/warranty"

	"github.com/stretchr/testify/assert"
)

func TestDecideMission(t *testing.T) {
	mech := contract.OriginMechanical
	tests := []struct {
		name   string
		facts  rules.MissionFacts
		want   contract.MissionStatus
		reason string
	}{
		{"cancelled by the client", rules.MissionFacts{Origin: mech, CancelledBy: "client"}, contract.MissionStopped, "cancelled by client"},
		{"cancelled by ops even though drivable", rules.MissionFacts{Origin: mech, Drivable: true, CancelledBy: "ops"}, contract.MissionStopped, "cancelled by ops"},
		{"cancelled after a repair", rules.MissionFacts{Origin: mech, Final: contract.MilestoneRepaired, CancelledBy: "client"}, contract.MissionStopped, "cancelled"},
		{"valet error", rules.MissionFacts{Origin: contract.OriginValetError}, contract.MissionStopped, "valet error"},
		{"valet error, even towed", rules.MissionFacts{Origin: contract.OriginValetError, Final: contract.MilestoneTowed, TowDestination: "operator_site"}, contract.MissionStopped, "stopped at once"},
		{"valet error, even repaired and drivable", rules.MissionFacts{Origin: contract.OriginValetError, Drivable: true, Final: contract.MilestoneRepaired}, contract.MissionStopped, "valet error"},
		{"drivable", rules.MissionFacts{Origin: mech, Drivable: true, Approval: contract.ApprovalNotRequired}, contract.MissionResumed, "drivable"},
		{"drivable operator fault", rules.MissionFacts{Origin: contract.OriginOperatorFault, Drivable: true}, contract.MissionResumed, "drivable"},
		{"client declined", rules.MissionFacts{Origin: mech, Approval: contract.ApprovalDeclined}, contract.MissionStopped, "declined"},
		{"approval expired", rules.MissionFacts{Origin: mech, Approval: contract.ApprovalExpired}, contract.MissionSuspended, "did not approve"},
		{"repaired on site", rules.MissionFacts{Origin: mech, Approval: contract.ApprovalNotRequired, Final: contract.MilestoneRepaired}, contract.MissionResumed, "repaired"},
		{"repaired after the client approved", rules.MissionFacts{Origin: mech, Approval: contract.Approved("on_site_repair"), Final: contract.MilestoneRepaired}, contract.MissionResumed, "repaired"},
		{"towed to a charging point", rules.MissionFacts{Origin: mech, Final: contract.MilestoneTowed, TowDestination: contract.DestinationChargingPoint}, contract.MissionResumed, "charging point"},
		{"towed to the authorised repairer", rules.MissionFacts{Origin: mech, Final: contract.MilestoneTowed, TowDestination: contract.DestinationAuthorisedRepairer}, contract.MissionReorganised, "towed to authorised repairer"},
		{"towed to the lessor's site", rules.MissionFacts{Origin: mech, Final: contract.MilestoneTowed, TowDestination: "lessor_site"}, contract.MissionReorganised, "towed to lessor site"},
		{"towed after the client approved", rules.MissionFacts{Origin: mech, Approval: contract.Approved("tow"), Final: contract.MilestoneTowed, TowDestination: "client_garage"}, contract.MissionReorganised, "reorganised"},
		{"operator fault towed", rules.MissionFacts{Origin: contract.OriginOperatorFault, Final: contract.MilestoneTowed, TowDestination: "operator_site"}, contract.MissionReorganised, "reorganised"},
		{"unassisted", rules.MissionFacts{Origin: mech, Unassisted: true}, contract.MissionSuspended, "no assistance could be had"},
		{"gone on arrival", rules.MissionFacts{Origin: mech, Final: contract.MilestoneGoneOnArrival}, contract.MissionSuspended, "no vehicle on arrival"},
		{"nothing final", rules.MissionFacts{Origin: mech}, contract.MissionSuspended, "did not end with a repair or a tow"},
		{"only unsuccessful", rules.MissionFacts{Origin: mech, Final: contract.MilestoneUnsuccessful}, contract.MissionSuspended, "did not end with a repair or a tow"},
		{"only on site", rules.MissionFacts{Origin: mech, Final: contract.MilestoneOnSite}, contract.MissionSuspended, "suspended"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := rules.DecideMission(tc.facts)
			assert.Equal(t, tc.want, d.Mission)
			assert.True(t, d.Mission.Valid())
			assert.Contains(t, d.Reason, tc.reason)
			assert.Equal(t, contract.QualifiedByRules, d.By, "a proposed decision is the rules'")
		})
	}
}

func TestDecideMissionUnderWarranty(t *testing.T) {
	towed := rules.MissionFacts{Origin: contract.OriginMechanical, Final: contract.MilestoneTowed, TowDestination: contract.DestinationAuthorisedRepairer,
		Approval: contract.ApprovalNotRequired}
	with := func(warranty, approval string) rules.MissionFacts {
		f := towed
		f.Warranty, f.Approval = warranty, approval
		return f
	}
	for _, tc := range []struct {
		name  string
		facts rules.MissionFacts
		want  contract.MissionStatus
	}{
		{"covered: repair under way", with(contract.WarrantyCovered, contract.ApprovalNotRequired), contract.MissionReorganised},
		{"partial, the client approves the rest", with(contract.WarrantyPartial(1200), contract.Approved(contract.OptionRepair)), contract.MissionReorganised},
		{"refused, the client pays the repair", with(contract.WarrantyRefused("wear_part"), contract.Approved(contract.OptionRepair)), contract.MissionReorganised},
		{"the client declines the repair", with(contract.WarrantyRefused("wear_part"), contract.ApprovalDeclined), contract.MissionStopped},
		{"the client does not answer", with(contract.WarrantyPartial(10), contract.ApprovalExpired), contract.MissionSuspended},
		{"no diagnosis or decision in time", with(contract.WarrantyExpired, contract.ApprovalNotRequired), contract.MissionSuspended},
		{"cancelled first", func() rules.MissionFacts {
			f := with(contract.WarrantyCovered, "")
			f.CancelledBy = "ops"
			return f
		}(), contract.MissionStopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := rules.DecideMission(tc.facts)
			assert.Equal(t, tc.want, d.Mission, d.Reason)
		})
	}
	assert.True(t, contract.WarrantySettled("partial:1200"))
	assert.False(t, contract.WarrantySettled(contract.WarrantyExpired))
	assert.True(t, warranty.IsRepairer("authorised_repairer"))
	assert.False(t, warranty.IsRepairer(contract.DestinationChargingPoint))
}

package breakdown_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/contract/strictjson"
)

func TestDecideMission(t *testing.T) {
	mech := breakdown.OriginMechanical
	tests := []struct {
		name   string
		facts  breakdown.MissionFacts
		want   breakdown.MissionStatus
		reason string
	}{
		{"cancelled by the client", breakdown.MissionFacts{Origin: mech, CancelledBy: "client"}, breakdown.MissionStopped, "cancelled by client"},
		{"cancelled by ops even though drivable", breakdown.MissionFacts{Origin: mech, Drivable: true, CancelledBy: "ops"}, breakdown.MissionStopped, "cancelled by ops"},
		{"cancelled after a repair", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneRepaired, CancelledBy: "client"}, breakdown.MissionStopped, "cancelled"},
		{"valet error", breakdown.MissionFacts{Origin: breakdown.OriginValetError}, breakdown.MissionStopped, "valet error"},
		{"valet error, even towed", breakdown.MissionFacts{Origin: breakdown.OriginValetError, Final: breakdown.MilestoneTowed, TowDestination: "operator_site"}, breakdown.MissionStopped, "stopped at once"},
		{"valet error, even repaired and drivable", breakdown.MissionFacts{Origin: breakdown.OriginValetError, Drivable: true, Final: breakdown.MilestoneRepaired}, breakdown.MissionStopped, "valet error"},
		{"drivable", breakdown.MissionFacts{Origin: mech, Drivable: true, Approval: breakdown.ApprovalNotRequired}, breakdown.MissionResumed, "drivable"},
		{"drivable operator fault", breakdown.MissionFacts{Origin: breakdown.OriginOperatorFault, Drivable: true}, breakdown.MissionResumed, "drivable"},
		{"client declined", breakdown.MissionFacts{Origin: mech, Approval: breakdown.ApprovalDeclined}, breakdown.MissionStopped, "declined"},
		{"approval expired", breakdown.MissionFacts{Origin: mech, Approval: breakdown.ApprovalExpired}, breakdown.MissionSuspended, "did not approve"},
		{"repaired on site", breakdown.MissionFacts{Origin: mech, Approval: breakdown.ApprovalNotRequired, Final: breakdown.MilestoneRepaired}, breakdown.MissionResumed, "repaired"},
		{"repaired after the client approved", breakdown.MissionFacts{Origin: mech, Approval: breakdown.Approved("on_site_repair"), Final: breakdown.MilestoneRepaired}, breakdown.MissionResumed, "repaired"},
		{"towed to a charging point", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneTowed, TowDestination: breakdown.DestinationChargingPoint}, breakdown.MissionResumed, "charging point"},
		{"towed to the authorised repairer", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneTowed, TowDestination: breakdown.DestinationAuthorisedRepairer}, breakdown.MissionReorganised, "towed to authorised repairer"},
		{"towed to the lessor's site", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneTowed, TowDestination: "lessor_site"}, breakdown.MissionReorganised, "towed to lessor site"},
		{"towed after the client approved", breakdown.MissionFacts{Origin: mech, Approval: breakdown.Approved("tow"), Final: breakdown.MilestoneTowed, TowDestination: "client_garage"}, breakdown.MissionReorganised, "reorganised"},
		{"operator fault towed", breakdown.MissionFacts{Origin: breakdown.OriginOperatorFault, Final: breakdown.MilestoneTowed, TowDestination: "operator_site"}, breakdown.MissionReorganised, "reorganised"},
		{"unassisted", breakdown.MissionFacts{Origin: mech, Unassisted: true}, breakdown.MissionSuspended, "no assistance could be had"},
		{"gone on arrival", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneGoneOnArrival}, breakdown.MissionSuspended, "no vehicle on arrival"},
		{"nothing final", breakdown.MissionFacts{Origin: mech}, breakdown.MissionSuspended, "did not end with a repair or a tow"},
		{"only unsuccessful", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneUnsuccessful}, breakdown.MissionSuspended, "did not end with a repair or a tow"},
		{"only on site", breakdown.MissionFacts{Origin: mech, Final: breakdown.MilestoneOnSite}, breakdown.MissionSuspended, "suspended"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := breakdown.DecideMission(tc.facts)
			assert.Equal(t, tc.want, d.Mission)
			assert.True(t, d.Mission.Valid())
			assert.Contains(t, d.Reason, tc.reason)
			assert.Equal(t, breakdown.QualifiedByRules, d.By, "a proposed decision is the rules'")
		})
	}
}

func TestMissionStatusValid(t *testing.T) {
	for _, s := range []breakdown.MissionStatus{"resumed", "suspended", "reorganised", "stopped"} {
		assert.True(t, s.Valid(), s)
	}
	for _, s := range []breakdown.MissionStatus{"", "cancelled", "reorganized", "Resumed"} {
		assert.False(t, s.Valid(), s)
	}
}

func TestOverrideRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		req    breakdown.OverrideRequest
		fields []string
	}{
		{"valid", breakdown.OverrideRequest{Mission: breakdown.MissionReorganised, Reason: "a second valet takes over", Operator: "bob"}, nil},
		{"valid without operator", breakdown.OverrideRequest{Mission: breakdown.MissionStopped, Reason: "client asked"}, nil},
		{"unknown decision", breakdown.OverrideRequest{Mission: "cancelled", Reason: "x"}, []string{"mission"}},
		{"American spelling", breakdown.OverrideRequest{Mission: "reorganized", Reason: "x"}, []string{"mission"}},
		{"empty decision", breakdown.OverrideRequest{Reason: "x"}, []string{"mission"}},
		{"no reason", breakdown.OverrideRequest{Mission: breakdown.MissionResumed}, []string{"reason"}},
		{"blank reason", breakdown.OverrideRequest{Mission: breakdown.MissionResumed, Reason: "  \t"}, []string{"reason"}},
		{"both wrong", breakdown.OverrideRequest{Mission: "later"}, []string{"mission", "reason"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields, fieldsOf(t, err))
			if tc.fields[0] == "mission" {
				assert.Contains(t, err.Error(), "resumed, suspended, reorganised or stopped")
			}
		})
	}
}

// fieldsOf lists the fields named by every strictjson.FieldError in err, in order.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var all strictjson.FieldErrors
	if !assert.ErrorAs(t, err, &all) {
		return []string{strictjson.FirstField(err)}
	}
	out := make([]string, len(all))
	for i, fe := range all {
		out[i] = fe.Field
	}
	return out
}

func TestDecideMissionUnderWarranty(t *testing.T) {
	towed := breakdown.MissionFacts{Origin: breakdown.OriginMechanical, Final: breakdown.MilestoneTowed, TowDestination: breakdown.DestinationAuthorisedRepairer,
		Approval: breakdown.ApprovalNotRequired}
	with := func(warranty, approval string) breakdown.MissionFacts {
		f := towed
		f.Warranty, f.Approval = warranty, approval
		return f
	}
	for _, tc := range []struct {
		name  string
		facts breakdown.MissionFacts
		want  breakdown.MissionStatus
	}{
		{"covered: repair under way", with(breakdown.WarrantyCovered, breakdown.ApprovalNotRequired), breakdown.MissionReorganised},
		{"partial, the client approves the rest", with(breakdown.WarrantyPartial(1200), breakdown.Approved(breakdown.OptionRepair)), breakdown.MissionReorganised},
		{"refused, the client pays the repair", with(breakdown.WarrantyRefused("wear_part"), breakdown.Approved(breakdown.OptionRepair)), breakdown.MissionReorganised},
		{"the client declines the repair", with(breakdown.WarrantyRefused("wear_part"), breakdown.ApprovalDeclined), breakdown.MissionStopped},
		{"the client does not answer", with(breakdown.WarrantyPartial(10), breakdown.ApprovalExpired), breakdown.MissionSuspended},
		{"no diagnosis or decision in time", with(breakdown.WarrantyExpired, breakdown.ApprovalNotRequired), breakdown.MissionSuspended},
		{"cancelled first", func() breakdown.MissionFacts {
			f := with(breakdown.WarrantyCovered, "")
			f.CancelledBy = "ops"
			return f
		}(), breakdown.MissionStopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := breakdown.DecideMission(tc.facts)
			assert.Equal(t, tc.want, d.Mission, d.Reason)
		})
	}
	assert.True(t, breakdown.WarrantySettled("partial:1200"))
	assert.False(t, breakdown.WarrantySettled(breakdown.WarrantyExpired))
	assert.True(t, breakdown.IsRepairer("authorised_repairer"))
	assert.False(t, breakdown.IsRepairer(breakdown.DestinationChargingPoint))
}

package rules_test

import (
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seed 000, section 6: "la mission peut être poursuivie si le véhicule est
// roulant et conforme".
func TestNonCompliance(t *testing.T) {
	tests := []struct {
		name     string
		nature   contract.Nature
		symptoms []string
		// part is a fragment of what makes it non-compliant; "" when compliant.
		part string
	}{
		{"a jammed seat belt, whatever the nature", contract.NatureOther, []string{"seat_belt_jammed"}, "seat belt"},
		{"ops qualified seat belts", contract.NatureSeatBelts, []string{"warning_light"}, "seat belts"},
		{"headlights out", contract.NatureElectrical, []string{"headlight_out"}, "headlights"},
		{"headlights by nature", contract.NatureHeadlights, []string{"dark"}, "headlights"},
		{"brakes", contract.NatureOther, []string{"brake_failure"}, "brakes"},
		{"brake fluid is the brakes", contract.NatureBrakeFluid, []string{"warning_light"}, "brake fluid"},
		{"steering", contract.NatureSteering, []string{"pulls_left"}, "steering"},
		{"a cracked windscreen", contract.NatureOther, []string{"windscreen_cracked"}, "windscreen"},
		{"windshield (US word)", contract.NatureOther, []string{"windshield_broken"}, "windscreen"},
		{"a kerb strike is compliant", contract.NatureOther, []string{"kerb_strike", "wheel_damage"}, ""},
		{"an engine warning is compliant", contract.NatureWarningLight, []string{"warning_light"}, ""},
		{"a flat 12 V battery is compliant", contract.NatureBattery12V, []string{"battery_flat"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rules.NonCompliance(tc.nature, tc.symptoms)
			if tc.part == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, tc.part)
		})
	}
}

func TestWithComplianceWhoeverQualified(t *testing.T) {
	for _, by := range []string{contract.QualifiedByOps, contract.QualifiedByRules} {
		t.Run(by, func(t *testing.T) {
			q := contract.Qualification{
				Origin:   contract.OriginMechanical,
				Nature:   contract.NatureSeatBelts,
				Drivable: true,
				By:       by,
				Reason:   "given",
			}
			assert.True(t, q.CanGoOn(), "before the check, drivable is enough")
			q = rules.WithCompliance(q, []string{"seat_belt_jammed"})
			assert.True(t, q.Drivable, "it still drives: roulant")
			assert.False(t, q.CanGoOn(), "but not conforme: it needs assistance")
			assert.Contains(t, q.Reason, "not compliant")
			assert.Contains(t, q.Reason, "although it drives")

			ok := rules.WithCompliance(contract.Qualification{Nature: contract.NatureOther, Drivable: true, By: by}, []string{"kerb_strike"})
			assert.True(t, ok.CanGoOn())
			assert.Empty(t, ok.NonCompliance)
		})
	}
	notDrivable := rules.WithCompliance(contract.Qualification{Nature: contract.NatureEngine}, []string{"engine_stalled"})
	assert.False(t, notDrivable.CanGoOn(), "not drivable: no assistance-free way on")
}

func TestQuoteFallbackRoute(t *testing.T) {
	primary := rules.Route{
		Handler:     contract.HandlerManufacturer,
		Provider:    "byd-assistance",
		Payer:       contract.PayerManufacturer,
		PaidOptions: true,
	}
	alt, ok := rules.QuoteFallbackRoute(primary, "is unreachable")
	require.True(t, ok)
	assert.Equal(t, contract.OperatorPartner, alt.Provider)
	assert.Equal(t, contract.HandlerOperatorArranged, alt.Handler)
	assert.Equal(t, contract.PayerClient, alt.Payer, "the client approves and pays")
	assert.True(t, alt.PaidOptions)
	assert.Contains(t, alt.Reason, "byd-assistance is unreachable")

	_, ok = rules.QuoteFallbackRoute(alt, "is unreachable")
	assert.False(t, ok, "the operator's partner has no alternative of its own")
}

func TestTaxiRoute(t *testing.T) {
	r := rules.TaxiRoute()
	assert.Equal(t, contract.OperatorPartner, r.Provider)
	assert.Equal(t, contract.PayerOperator, r.Payer)
}

func TestValetErrorRouteWhateverTheVehicle(t *testing.T) {
	for _, drivable := range []bool{true, false} {
		r := rules.RouteCase(contract.Qualification{Origin: contract.OriginValetError, Nature: contract.NatureOther, Drivable: drivable},
			contract.Vehicle{
				Kind:       contract.KindUsed,
				Assistance: &contract.VehicleAssistance{Type: contract.AssistanceInsurer, Provider: "mutual-assistance"},
			})
		assert.Equal(t, contract.HandlerOperatorPartner, r.Handler)
		assert.Equal(t, contract.PayerOperator, r.Payer)
		assert.Equal(t, contract.LiabilityValet, r.Liability)
		d := rules.DecideMission(rules.MissionFacts{
			Origin:         contract.OriginValetError,
			Drivable:       drivable,
			Final:          contract.MilestoneTowed,
			TowDestination: "operator_site",
		})
		assert.Equal(t, contract.MissionStopped, d.Mission, "drivable=%t", drivable)
	}
}

package rules_test

import (
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
)

func reportWith(drivable bool, symptoms ...string) contract.Report {
	return contract.Report{Symptoms: symptoms, Drivable: drivable}
}

func TestProposeQualificationFromSymptoms(t *testing.T) {
	tests := []struct {
		name     string
		symptoms []string
		origin   contract.Origin
		nature   contract.Nature
		// matched is the symptom the Reason must name; "" when none points to a cause.
		matched string
	}{
		// The seed's own examples of the two origins other than mechanical.
		{"wrong fuel is the valet's error", []string{"wrong_fuel"}, contract.OriginValetError, contract.NatureWrongFuel, "wrong_fuel"},
		{"misfuel is the valet's error", []string{"misfuel"}, contract.OriginValetError, contract.NatureWrongFuel, "misfuel"},
		{"puncture during the mission is the operator's fault", []string{"puncture"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "puncture"},
		{"flat tyre is the operator's fault", []string{"flat_tyre"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "flat_tyre"},
		{"flat tire (US spelling) is the operator's fault", []string{"flat_tire"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "flat_tire"},
		// Everything else is mechanical, with a sensible nature.
		{"empty HV battery", []string{"hv_battery_empty"}, contract.OriginMechanical, contract.NatureHVBatteryDischarged, "hv_battery_empty"},
		{"flat 12 V battery", []string{"battery_flat"}, contract.OriginMechanical, contract.NatureBattery12V, "battery_flat"},
		{"no start is electrical", []string{"no_start"}, contract.OriginMechanical, contract.NatureElectrical, "no_start"},
		{"engine stalled", []string{"engine_stalled"}, contract.OriginMechanical, contract.NatureEngine, "engine_stalled"},
		{"smoke", []string{"smoke"}, contract.OriginMechanical, contract.NatureEngine, "smoke"},
		{"warning light", []string{"warning_light"}, contract.OriginMechanical, contract.NatureWarningLight, "warning_light"},
		{"out of fuel during the mission is the operator's fault", []string{"out_of_fuel"}, contract.OriginOperatorFault, contract.NatureFuelOutage, "out_of_fuel"},
		{"overheating", []string{"overheating"}, contract.OriginMechanical, contract.NatureCooling, "overheating"},
		{"brake failure", []string{"brake_failure"}, contract.OriginMechanical, contract.NatureBrakes, "brake_failure"},
		{"gearbox", []string{"gearbox"}, contract.OriginMechanical, contract.NatureTransmission, "gearbox"},
		{"keys locked in are the valet's error", []string{"keys_locked_in"}, contract.OriginValetError, contract.NatureKeys, "keys_locked_in"},
		{"a broken key stays mechanical", []string{"key_broken"}, contract.OriginMechanical, contract.NatureKeys, "key_broken"},
		{"fire", []string{"fire"}, contract.OriginMechanical, contract.NatureFire, "fire"},
		{"unknown symptom", []string{"strange_rattle"}, contract.OriginMechanical, contract.NatureOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := rules.ProposeQualification(reportWith(false, tc.symptoms...))
			assert.Equal(t, tc.origin, q.Origin)
			assert.Equal(t, tc.nature, q.Nature)
			assert.Equal(t, contract.QualifiedByRules, q.By)
			assert.True(t, q.Nature.Valid(), "the proposed nature must be one ops can confirm")
			if tc.matched != "" {
				assert.Contains(t, q.Reason, "symptom "+tc.matched)
				assert.Contains(t, q.Reason, string(tc.nature))
				assert.Contains(t, q.Reason, string(tc.origin))
			} else {
				assert.Contains(t, q.Reason, "no symptom points to a cause")
				assert.Contains(t, q.Reason, "strange_rattle", "the reason lists what was reported")
				assert.Contains(t, q.Reason, "mechanical by default")
			}
		})
	}
}

func TestProposeQualificationSteeringFailure(t *testing.T) {
	// steering_failure is one of the symptoms that make a vehicle unsafe, and the
	// vocabulary has a steering nature: ops expect the proposal to say so.
	q := rules.ProposeQualification(reportWith(true, "steering_failure"))
	assert.False(t, q.Drivable)
	if q.Nature != contract.NatureSteering {
		t.Fatalf("symptom steering_failure is proposed as nature %q, not %q (no symptom rule maps to NatureSteering)", q.Nature, contract.NatureSteering)
	}
}

func TestProposeQualificationRuleOrder(t *testing.T) {
	tests := []struct {
		name     string
		symptoms []string
		origin   contract.Origin
		nature   contract.Nature
		matched  string
	}{
		// Seed 000 case 1: wrong fuel then a stalled engine; the wrong fuel decides.
		{"wrong fuel beats a stalled engine", []string{"engine_stalled", "wrong_fuel"}, contract.OriginValetError, contract.NatureWrongFuel, "wrong_fuel"},
		{"wrong fuel beats a puncture", []string{"flat_tyre", "wrong_fuel"}, contract.OriginValetError, contract.NatureWrongFuel, "wrong_fuel"},
		{"a puncture beats smoke", []string{"smoke", "puncture"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "puncture"},
		// c01: no_start and an empty HV battery is an HV battery discharge.
		{"HV battery beats no start", []string{"no_start", "hv_battery_empty"}, contract.OriginMechanical, contract.NatureHVBatteryDischarged, "hv_battery_empty"},
		// p05: a flat battery and no start is the 12 V battery.
		{"12 V battery beats no start", []string{"no_start", "battery_flat"}, contract.OriginMechanical, contract.NatureBattery12V, "battery_flat"},
		{"engine beats a warning light", []string{"warning_light", "engine_stalled"}, contract.OriginMechanical, contract.NatureEngine, "engine_stalled"},
		{"no start beats a warning light", []string{"warning_light", "no_start"}, contract.OriginMechanical, contract.NatureElectrical, "no_start"},
		{"fire beats smoke", []string{"smoke", "fire"}, contract.OriginMechanical, contract.NatureFire, "fire"},
		{"an unknown symptom does not hide a known one", []string{"strange_rattle", "overheating"}, contract.OriginMechanical, contract.NatureCooling, "overheating"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := rules.ProposeQualification(reportWith(false, tc.symptoms...))
			assert.Equal(t, tc.origin, q.Origin)
			assert.Equal(t, tc.nature, q.Nature)
			assert.Contains(t, q.Reason, "symptom "+tc.matched+" suggests "+string(tc.nature)+", origin "+string(tc.origin))
		})
	}
}

func TestProposeQualificationDrivable(t *testing.T) {
	tests := []struct {
		name     string
		drivable bool
		symptoms []string
		want     bool
		reason   string
	}{
		{"reported drivable, nothing unsafe", true, []string{"warning_light"}, true, "; reported drivable"},
		{"reported drivable but smoke", true, []string{"warning_light", "smoke"}, false, "reported drivable but smoke makes it unsafe to go on"},
		{"reported drivable but brake failure", true, []string{"brake_failure"}, false, "reported drivable but brake_failure makes it unsafe"},
		{"reported drivable but overheating", true, []string{"overheating"}, false, "reported drivable but overheating makes it unsafe"},
		{"reported drivable but an accident", true, []string{"accident"}, false, "reported drivable but accident makes it unsafe"},
		{"reported drivable but a fuel leak", true, []string{"fuel_leak"}, false, "reported drivable but fuel_leak makes it unsafe"},
		{"reported not drivable", false, []string{"no_start"}, false, "; not drivable"},
		{"reported not drivable with smoke", false, []string{"smoke"}, false, "; not drivable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := rules.ProposeQualification(reportWith(tc.drivable, tc.symptoms...))
			assert.Equal(t, tc.want, q.Drivable)
			assert.Contains(t, q.Reason, tc.reason)
		})
	}
}

package breakdown_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/contract/strictjson"
)

func reportWith(drivable bool, symptoms ...string) breakdown.Report {
	return breakdown.Report{Symptoms: symptoms, Drivable: drivable}
}

func TestProposeQualificationFromSymptoms(t *testing.T) {
	tests := []struct {
		name     string
		symptoms []string
		origin   breakdown.Origin
		nature   breakdown.Nature
		// matched is the symptom the Reason must name; "" when none points to a cause.
		matched string
	}{
		// The seed's own examples of the two origins other than mechanical.
		{"wrong fuel is the valet's error", []string{"wrong_fuel"}, breakdown.OriginValetError, breakdown.NatureWrongFuel, "wrong_fuel"},
		{"misfuel is the valet's error", []string{"misfuel"}, breakdown.OriginValetError, breakdown.NatureWrongFuel, "misfuel"},
		{"puncture during the mission is the operator's fault", []string{"puncture"}, breakdown.OriginOperatorFault, breakdown.NatureFlatTyre, "puncture"},
		{"flat tyre is the operator's fault", []string{"flat_tyre"}, breakdown.OriginOperatorFault, breakdown.NatureFlatTyre, "flat_tyre"},
		{"flat tire (US spelling) is the operator's fault", []string{"flat_tire"}, breakdown.OriginOperatorFault, breakdown.NatureFlatTyre, "flat_tire"},
		// Everything else is mechanical, with a sensible nature.
		{"empty HV battery", []string{"hv_battery_empty"}, breakdown.OriginMechanical, breakdown.NatureHVBatteryDischarged, "hv_battery_empty"},
		{"flat 12 V battery", []string{"battery_flat"}, breakdown.OriginMechanical, breakdown.NatureBattery12V, "battery_flat"},
		{"no start is electrical", []string{"no_start"}, breakdown.OriginMechanical, breakdown.NatureElectrical, "no_start"},
		{"engine stalled", []string{"engine_stalled"}, breakdown.OriginMechanical, breakdown.NatureEngine, "engine_stalled"},
		{"smoke", []string{"smoke"}, breakdown.OriginMechanical, breakdown.NatureEngine, "smoke"},
		{"warning light", []string{"warning_light"}, breakdown.OriginMechanical, breakdown.NatureWarningLight, "warning_light"},
		{"out of fuel is a fuel outage, not the valet's error", []string{"out_of_fuel"}, breakdown.OriginMechanical, breakdown.NatureFuelOutage, "out_of_fuel"},
		{"overheating", []string{"overheating"}, breakdown.OriginMechanical, breakdown.NatureCooling, "overheating"},
		{"brake failure", []string{"brake_failure"}, breakdown.OriginMechanical, breakdown.NatureBrakes, "brake_failure"},
		{"gearbox", []string{"gearbox"}, breakdown.OriginMechanical, breakdown.NatureTransmission, "gearbox"},
		{"keys locked in", []string{"keys_locked_in"}, breakdown.OriginMechanical, breakdown.NatureKeys, "keys_locked_in"},
		{"fire", []string{"fire"}, breakdown.OriginMechanical, breakdown.NatureFire, "fire"},
		{"unknown symptom", []string{"strange_rattle"}, breakdown.OriginMechanical, breakdown.NatureOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := breakdown.ProposeQualification(reportWith(false, tc.symptoms...))
			assert.Equal(t, tc.origin, q.Origin)
			assert.Equal(t, tc.nature, q.Nature)
			assert.Equal(t, breakdown.QualifiedByRules, q.By)
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
	q := breakdown.ProposeQualification(reportWith(true, "steering_failure"))
	assert.False(t, q.Drivable)
	if q.Nature != breakdown.NatureSteering {
		t.Fatalf("symptom steering_failure is proposed as nature %q, not %q (no symptom rule maps to NatureSteering)", q.Nature, breakdown.NatureSteering)
	}
}

func TestProposeQualificationRuleOrder(t *testing.T) {
	tests := []struct {
		name     string
		symptoms []string
		origin   breakdown.Origin
		nature   breakdown.Nature
		matched  string
	}{
		// Seed 000 case 1: wrong fuel then a stalled engine; the wrong fuel decides.
		{"wrong fuel beats a stalled engine", []string{"engine_stalled", "wrong_fuel"}, breakdown.OriginValetError, breakdown.NatureWrongFuel, "wrong_fuel"},
		{"wrong fuel beats a puncture", []string{"flat_tyre", "wrong_fuel"}, breakdown.OriginValetError, breakdown.NatureWrongFuel, "wrong_fuel"},
		{"a puncture beats smoke", []string{"smoke", "puncture"}, breakdown.OriginOperatorFault, breakdown.NatureFlatTyre, "puncture"},
		// c01: no_start and an empty HV battery is an HV battery discharge.
		{"HV battery beats no start", []string{"no_start", "hv_battery_empty"}, breakdown.OriginMechanical, breakdown.NatureHVBatteryDischarged, "hv_battery_empty"},
		// p05: a flat battery and no start is the 12 V battery.
		{"12 V battery beats no start", []string{"no_start", "battery_flat"}, breakdown.OriginMechanical, breakdown.NatureBattery12V, "battery_flat"},
		{"engine beats a warning light", []string{"warning_light", "engine_stalled"}, breakdown.OriginMechanical, breakdown.NatureEngine, "engine_stalled"},
		{"no start beats a warning light", []string{"warning_light", "no_start"}, breakdown.OriginMechanical, breakdown.NatureElectrical, "no_start"},
		{"fire beats smoke", []string{"smoke", "fire"}, breakdown.OriginMechanical, breakdown.NatureFire, "fire"},
		{"an unknown symptom does not hide a known one", []string{"strange_rattle", "overheating"}, breakdown.OriginMechanical, breakdown.NatureCooling, "overheating"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := breakdown.ProposeQualification(reportWith(false, tc.symptoms...))
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
			q := breakdown.ProposeQualification(reportWith(tc.drivable, tc.symptoms...))
			assert.Equal(t, tc.want, q.Drivable)
			assert.Contains(t, q.Reason, tc.reason)
		})
	}
}

func TestQualifyRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		req    breakdown.QualifyRequest
		fields []string // every field refused, in order; nil: valid
	}{
		{"valid", breakdown.QualifyRequest{Origin: breakdown.OriginMechanical, Nature: breakdown.NatureEngine}, nil},
		{"valid valet error", breakdown.QualifyRequest{Origin: breakdown.OriginValetError, Nature: breakdown.NatureWrongFuel}, nil},
		{"unknown origin", breakdown.QualifyRequest{Origin: "weather", Nature: breakdown.NatureEngine}, []string{"origin"}},
		{"missing origin", breakdown.QualifyRequest{Nature: breakdown.NatureEngine}, []string{"origin"}},
		{"unknown nature", breakdown.QualifyRequest{Origin: breakdown.OriginMechanical, Nature: "gremlins"}, []string{"nature"}},
		{"missing nature", breakdown.QualifyRequest{Origin: breakdown.OriginMechanical}, []string{"nature"}},
		{"origin in the wrong case", breakdown.QualifyRequest{Origin: "Mechanical", Nature: breakdown.NatureEngine}, []string{"origin"}},
		{"both unknown", breakdown.QualifyRequest{Origin: "x", Nature: "y"}, []string{"origin", "nature"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields[0], strictjson.FirstField(err))
			var all strictjson.FieldErrors
			require.ErrorAs(t, err, &all)
			got := make([]string, len(all))
			for i, fe := range all {
				got[i] = fe.Field
			}
			assert.Equal(t, tc.fields, got)
			if tc.fields[0] == "origin" {
				assert.Contains(t, err.Error(), "mechanical, operator_fault, valet_error", "the error lists the known origins")
			}
		})
	}
}

func TestQualifyRequestApply(t *testing.T) {
	yes, no := true, false
	proposal := breakdown.Qualification{
		Origin:   breakdown.OriginMechanical,
		Nature:   breakdown.NatureElectrical,
		Drivable: true,
		By:       breakdown.QualifiedByRules,
		Reason:   "rules",
	}
	tests := []struct {
		name     string
		req      breakdown.QualifyRequest
		drivable bool
		reason   string
	}{
		{"drivable left out keeps the proposal's", breakdown.QualifyRequest{Origin: breakdown.OriginMechanical, Nature: breakdown.NatureEngine}, true, "qualified by ops"},
		{"ops say not drivable", breakdown.QualifyRequest{Origin: breakdown.OriginValetError, Nature: breakdown.NatureWrongFuel, Drivable: &no}, false, "qualified by ops"},
		{"ops say drivable", breakdown.QualifyRequest{Origin: breakdown.OriginMechanical, Nature: breakdown.NatureWarningLight, Drivable: &yes}, true, "qualified by ops"},
		{"operator and note are traced", breakdown.QualifyRequest{Origin: breakdown.OriginOperatorFault, Nature: breakdown.NatureFlatTyre, Operator: "alice", Note: "puncture confirmed by photo"}, true, "qualified by ops (alice): puncture confirmed by photo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.req.Apply(proposal)
			assert.Equal(t, tc.req.Origin, q.Origin)
			assert.Equal(t, tc.req.Nature, q.Nature)
			assert.Equal(t, tc.drivable, q.Drivable)
			assert.Equal(t, breakdown.QualifiedByOps, q.By)
			assert.Equal(t, "ops", q.By)
			assert.Equal(t, tc.reason, q.Reason)
		})
	}

	t.Run("a proposal of not drivable is kept too", func(t *testing.T) {
		p := proposal
		p.Drivable = false
		q := breakdown.QualifyRequest{Origin: breakdown.OriginMechanical, Nature: breakdown.NatureEngine}.Apply(p)
		assert.False(t, q.Drivable)
	})
}

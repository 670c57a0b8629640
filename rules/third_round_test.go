package rules_test

import (
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DOMAIN.md, "Incidents of the conveyance are not mechanical": the reading
// order when ops have not qualified within the window.
func TestReadingOrder(t *testing.T) {
	tests := []struct {
		name     string
		symptoms []string
		origin   contract.Origin
		nature   contract.Nature
		matched  string
	}{
		// The valet's error.
		{"keys lost", []string{"keys_lost"}, contract.OriginValetError, contract.NatureKeys, "keys_lost"},
		{"keys locked in", []string{"keys_locked_in"}, contract.OriginValetError, contract.NatureKeys, "keys_locked_in"},
		{"wrong fuel", []string{"wrong_fuel"}, contract.OriginValetError, contract.NatureWrongFuel, "wrong_fuel"},
		{"kerb strike", []string{"kerb_strike"}, contract.OriginValetError, contract.NatureOther, "kerb_strike"},
		{"wheel damage", []string{"wheel_damage"}, contract.OriginValetError, contract.NatureOther, "wheel_damage"},
		{"collision", []string{"collision"}, contract.OriginValetError, contract.NatureAccident, "collision"},
		// The operator's fault.
		{"out of fuel", []string{"out_of_fuel"}, contract.OriginOperatorFault, contract.NatureFuelOutage, "out_of_fuel"},
		{"flat tyre", []string{"flat_tyre"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "flat_tyre"},
		{"puncture", []string{"puncture"}, contract.OriginOperatorFault, contract.NatureFlatTyre, "puncture"},
		{"accident", []string{"accident"}, contract.OriginOperatorFault, contract.NatureAccident, "accident"},
		// The valet's error before the operator's fault, before anything mechanical.
		{"a collision and a flat tyre", []string{"flat_tyre", "collision"}, contract.OriginValetError, contract.NatureAccident, "collision"},
		{"keys locked in beat fire", []string{"fire", "keys_locked_in"}, contract.OriginValetError, contract.NatureKeys, "keys_locked_in"},
		{"an accident beats a fire", []string{"fire", "accident"}, contract.OriginOperatorFault, contract.NatureAccident, "accident"},
		{"out of fuel beats no start", []string{"no_start", "out_of_fuel"}, contract.OriginOperatorFault, contract.NatureFuelOutage, "out_of_fuel"},
		// Mechanical: fire first.
		{"flames", []string{"flames"}, contract.OriginMechanical, contract.NatureFire, "flames"},
		{"fire beats a marten bite", []string{"marten_bite", "fire"}, contract.OriginMechanical, contract.NatureFire, "fire"},
		{"attempted theft beats a jammed lock", []string{"lock_jammed", "break_in"}, contract.OriginMechanical, contract.NatureAttemptedTheft, "break_in"},
		// The excluded events, each with its nature.
		{"marten bite", []string{"marten_bite", "warning_light"}, contract.OriginMechanical, contract.NatureMartenBite, "marten_bite"},
		{"cables chewed", []string{"cables_chewed"}, contract.OriginMechanical, contract.NatureMartenBite, "cables_chewed"},
		{"no snow chains", []string{"no_snow_chains"}, contract.OriginMechanical, contract.NatureSnowChains, "no_snow_chains"},
		{"snow chains broken", []string{"snow_chains_broken"}, contract.OriginMechanical, contract.NatureSnowChains, "snow_chains_broken"},
		{"oil level low", []string{"engine_stalled", "oil_level_low"}, contract.OriginMechanical, contract.NatureFluids, "oil_level_low"},
		{"AdBlue empty", []string{"no_start", "adblue_empty"}, contract.OriginMechanical, contract.NatureFluids, "adblue_empty"},
		{"coolant level low beats overheating", []string{"overheating", "coolant_level_low"}, contract.OriginMechanical, contract.NatureFluids, "coolant_level_low"},
		{"a leak stays mechanical", []string{"oil_leak"}, contract.OriginMechanical, contract.NatureEngine, "oil_leak"},
		{"a coolant leak stays mechanical", []string{"coolant_leak"}, contract.OriginMechanical, contract.NatureCooling, "coolant_leak"},
		{"power steering fluid", []string{"power_steering_fluid_low"}, contract.OriginMechanical, contract.NaturePowerSteeringFluid, "power_steering_fluid_low"},
		{"side window", []string{"side_window_broken"}, contract.OriginMechanical, contract.NatureWindows, "side_window_broken"},
		{"roof window", []string{"roof_window_broken"}, contract.OriginMechanical, contract.NatureWindows, "roof_window_broken"},
		{"panoramic roof", []string{"panoramic_roof_broken"}, contract.OriginMechanical, contract.NatureWindows, "panoramic_roof_broken"},
		{"window stuck open", []string{"window_stuck_open"}, contract.OriginMechanical, contract.NatureWindowOpen, "window_stuck_open"},
		{"lock jammed", []string{"lock_jammed"}, contract.OriginMechanical, contract.NatureLocks, "lock_jammed"},
		{"remote locking", []string{"remote_locking_failure"}, contract.OriginMechanical, contract.NatureLocks, "remote_locking_failure"},
		{"lights stay on beat a flat battery", []string{"battery_flat", "lights_stay_on"}, contract.OriginMechanical, contract.NatureCannotSwitchOff, "lights_stay_on"},
		{"cannot switch off", []string{"cannot_switch_off"}, contract.OriginMechanical, contract.NatureCannotSwitchOff, "cannot_switch_off"},
		{"a broken key stays mechanical", []string{"key_broken"}, contract.OriginMechanical, contract.NatureKeys, "key_broken"},
		{"vandalism", []string{"vandalism", "no_start"}, contract.OriginMechanical, contract.NatureVandalism, "vandalism"},
		{"wipers", []string{"wipers"}, contract.OriginMechanical, contract.NatureWipers, "wipers"},
		{"charging card", []string{"charging_card"}, contract.OriginMechanical, contract.NatureChargingCard, "charging_card"},
		// The words agree: a symptom naming a part qualifies to its nature.
		{"a jammed seat belt", []string{"seat_belt_jammed"}, contract.OriginMechanical, contract.NatureSeatBelts, "seat_belt_jammed"},
		{"seatbelt in one word", []string{"rear_seatbelt_broken"}, contract.OriginMechanical, contract.NatureSeatBelts, "rear_seatbelt_broken"},
		{"a headlight out", []string{"warning_light", "headlight_out"}, contract.OriginMechanical, contract.NatureHeadlights, "headlight_out"},
		{"headlights", []string{"headlights"}, contract.OriginMechanical, contract.NatureHeadlights, "headlights"},
		{"a cracked windscreen", []string{"windscreen_cracked"}, contract.OriginMechanical, contract.NatureWindscreen, "windscreen_cracked"},
		{"a rear windscreen", []string{"rear_windscreen_broken"}, contract.OriginMechanical, contract.NatureWindscreen, "rear_windscreen_broken"},
		{"windshield", []string{"windshield_broken"}, contract.OriginMechanical, contract.NatureWindscreen, "windshield_broken"},
		{"brake fluid", []string{"brake_fluid_low"}, contract.OriginMechanical, contract.NatureBrakeFluid, "brake_fluid_low"},
		{"brake fluid before the brakes", []string{"brake_failure", "brake_fluid_leak"}, contract.OriginMechanical, contract.NatureBrakeFluid, "brake_fluid_leak"},
		{"brake failure", []string{"brake_failure"}, contract.OriginMechanical, contract.NatureBrakes, "brake_failure"},
		{"steering failure", []string{"steering_failure"}, contract.OriginMechanical, contract.NatureSteering, "steering_failure"},
		{"a part beats a stalled engine", []string{"engine_stalled", "seat_belt_jammed"}, contract.OriginMechanical, contract.NatureSeatBelts, "seat_belt_jammed"},
		{"an excluded event beats a part", []string{"seat_belt_jammed", "lock_jammed"}, contract.OriginMechanical, contract.NatureLocks, "lock_jammed"},
		// The rest.
		{"a discharged HV battery stays mechanical", []string{"no_start", "hv_battery_empty"}, contract.OriginMechanical, contract.NatureHVBatteryDischarged, "hv_battery_empty"},
		{"12 V battery", []string{"no_start", "battery_flat"}, contract.OriginMechanical, contract.NatureBattery12V, "battery_flat"},
		{"gearbox noise", []string{"gearbox_noise", "engine_stalled"}, contract.OriginMechanical, contract.NatureTransmission, "gearbox_noise"},
		{"engine stalled", []string{"engine_stalled", "engine_noise"}, contract.OriginMechanical, contract.NatureEngine, "engine_stalled"},
		{"no start", []string{"no_start", "warning_light"}, contract.OriginMechanical, contract.NatureElectrical, "no_start"},
		{"warning light alone", []string{"warning_light"}, contract.OriginMechanical, contract.NatureWarningLight, "warning_light"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := rules.ProposeQualification(reportWith(false, tc.symptoms...))
			assert.Equal(t, tc.origin, q.Origin)
			assert.Equal(t, tc.nature, q.Nature)
			assert.True(t, q.Nature.Valid())
			assert.Contains(t, q.Reason, "symptom "+tc.matched+" suggests "+string(tc.nature)+", origin "+string(tc.origin))
		})
	}
}

func TestReadingOrderUnsafe(t *testing.T) {
	for _, s := range []string{"collision", "wheel_damage", "flames", "fire", "accident"} {
		q := rules.ProposeQualification(reportWith(true, s))
		assert.False(t, q.Drivable, "%s makes the vehicle unsafe to go on", s)
		assert.Contains(t, q.Reason, "reported drivable but "+s)
	}
}

// "The words agree": the part a symptom names is the nature the rules give
// and what the compliance check says.
func TestTheWordsAgree(t *testing.T) {
	for _, tc := range []struct {
		symptom string
		nature  contract.Nature
		ok      bool
	}{
		{"headlight_out", contract.NatureHeadlights, true},
		{"seat_belt_jammed", contract.NatureSeatBelts, true},
		{"seatbelt_torn", contract.NatureSeatBelts, true},
		{"windscreen_cracked", contract.NatureWindscreen, true},
		{"windshield_broken", contract.NatureWindscreen, true},
		{"brake_fluid_low", contract.NatureBrakeFluid, true},
		{"front_brake_noise", contract.NatureBrakes, true},
		{"steering_heavy", contract.NatureSteering, true},
		{"power_steering_fluid_low", "", false},
		{"handbrake_stuck", "", false},
		{"kerb_strike", "", false},
	} {
		n, ok := rules.PartNature(tc.symptom)
		assert.Equal(t, tc.ok, ok, tc.symptom)
		assert.Equal(t, tc.nature, n, tc.symptom)
		q := rules.ProposeQualification(reportWith(true, tc.symptom))
		if tc.ok {
			assert.Equal(t, tc.nature, q.Nature, "the rules qualify %s to its part's nature", tc.symptom)
			assert.NotEmpty(t, rules.NonCompliance(q.Nature, []string{tc.symptom}), "and the compliance check agrees")
		}
	}
	assert.Empty(t, rules.NonCompliance(contract.NaturePowerSteeringFluid, []string{"power_steering_fluid_low"}),
		"low power-steering fluid is its own excluded event, not a failed steering")
}

func TestCheckSafety(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name     string
		safety   *contract.Safety
		symptoms []string
		alert    bool
		secured  bool
		concern  string
	}{
		{"nothing declared", nil, []string{"engine_stalled"}, false, false, ""},
		{"secured, nobody hurt", &contract.Safety{VehicleSecured: &yes}, []string{"engine_stalled"}, false, true, ""},
		{"someone injured", &contract.Safety{Injured: true, EmergencyCalled: true, VehicleSecured: &yes}, []string{"engine_stalled"}, true, true, "someone is injured (the emergency services were called)"},
		{"injured, emergency not called", &contract.Safety{Injured: true}, []string{"engine_stalled"}, true, false, "were not said to be called"},
		{"not secured", &contract.Safety{VehicleSecured: &no}, []string{"no_start"}, true, false, "the vehicle is not secured"},
		{"fire", nil, []string{"smoke", "fire"}, true, false, "symptom fire"},
		{"flames", &contract.Safety{VehicleSecured: &yes}, []string{"flames"}, true, true, "symptom flames"},
		{"accident", nil, []string{"accident"}, true, false, "symptom accident"},
		{"collision", nil, []string{"collision"}, true, false, "symptom collision"},
		{"emergency called alone", &contract.Safety{EmergencyCalled: true}, []string{"no_start"}, false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := contract.Report{Symptoms: tc.symptoms, Safety: tc.safety}
			c := rules.CheckSafety(r)
			assert.Equal(t, tc.alert, c.Alert)
			assert.Equal(t, tc.secured, c.Secured, "the first notice says secured only when the report says so")
			if tc.concern != "" {
				assert.Contains(t, c.Reason(), tc.concern)
				assert.Contains(t, c.Reason(), "the assistance goes on as usual")
			} else {
				assert.Empty(t, c.Reason())
			}
		})
	}
}

func TestRequalify(t *testing.T) {
	lessorVehicle := contract.Vehicle{Kind: contract.KindLeaseReturn,
		Assistance: &contract.VehicleAssistance{Type: contract.AssistanceLessor, Provider: "leaseco-assistance"}}
	mech := contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureEngine, By: contract.QualifiedByRules}
	valet := contract.Qualification{Origin: contract.OriginValetError, Nature: contract.NatureWrongFuel, By: contract.QualifiedByOps}
	operator := contract.Qualification{Origin: contract.OriginOperatorFault, Nature: contract.NatureFlatTyre, By: contract.QualifiedByOps}
	lessorRoute := rules.RouteCase(mech, lessorVehicle)
	valetRoute := rules.RouteCase(valet, lessorVehicle)

	t.Run("p24: valet error before the lessor is there", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: valet, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceRequested})
		assert.True(t, p.OriginChanged)
		assert.True(t, p.Withdraw, "the lessor's assignment is withdrawn")
		assert.True(t, p.Reroute, "the operator's partner is dispatched")
		assert.Equal(t, contract.HandlerOperatorPartner, p.Route.Handler)
		assert.Equal(t, contract.OperatorPartner, p.Route.Provider)
		assert.Equal(t, contract.PayerOperator, p.Route.Payer)
		assert.Equal(t, contract.LiabilityValet, p.Route.Liability)
		assert.False(t, p.Fallback, "a re-routing, not a fallback")
		assert.True(t, p.StopMission, "a new valet error stops the mission at once")
		assert.True(t, p.MissionStopped)
		assert.True(t, p.NotifyQualified)
		assert.Equal(t, valet, p.Qualification)
		assert.Contains(t, p.Reason, "withdrawn")
	})
	t.Run("already on site: the provider stays, payer and liability change", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: valet, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceOnSite})
		assert.False(t, p.Withdraw)
		assert.False(t, p.Reroute)
		assert.Equal(t, contract.HandlerLessor, p.Route.Handler, "the handler stays the provider's kind")
		assert.Equal(t, "leaseco-assistance", p.Route.Provider)
		assert.Equal(t, contract.PayerOperator, p.Route.Payer)
		assert.Equal(t, contract.LiabilityValet, p.Route.Liability)
		assert.True(t, p.StopMission)
	})
	t.Run("done: the same as on site", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: operator, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceDone})
		assert.Equal(t, "leaseco-assistance", p.Route.Provider)
		assert.Equal(t, contract.PayerOperator, p.Route.Payer)
		assert.Equal(t, contract.LiabilityOperator, p.Route.Liability)
		assert.False(t, p.StopMission)
		assert.False(t, p.MissionStopped)
	})
	t.Run("a stopped mission stays stopped", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: valet, New: mech, Route: valetRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceRequested, MissionStopped: true})
		assert.False(t, p.StopMission, "already stopped")
		assert.True(t, p.MissionStopped, "and it stays stopped")
		assert.True(t, p.Withdraw)
		assert.True(t, p.Reroute)
		assert.Equal(t, contract.HandlerLessor, p.Route.Handler)
		assert.Equal(t, contract.PayerLessor, p.Route.Payer)
		assert.Empty(t, p.Route.Liability)
		assert.Contains(t, p.Reason, "stays stopped")
		d := rules.DecideMission(rules.MissionFacts{Origin: contract.OriginMechanical, Final: contract.MilestoneRepaired, AlreadyStopped: p.MissionStopped})
		assert.Equal(t, contract.MissionStopped, d.Mission)
	})
	t.Run("the same provider stays without a new request", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: valet, New: operator, Route: valetRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceRequested, MissionStopped: true})
		assert.False(t, p.Withdraw)
		assert.False(t, p.Reroute)
		assert.Equal(t, contract.OperatorPartner, p.Route.Provider)
		assert.Equal(t, contract.LiabilityOperator, p.Route.Liability)
		assert.True(t, p.MissionStopped)
	})
	t.Run("not asked yet: routed anew", func(t *testing.T) {
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: valet, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceNotAsked})
		assert.False(t, p.Withdraw, "nothing to withdraw")
		assert.True(t, p.Reroute)
		assert.Equal(t, contract.OperatorPartner, p.Route.Provider)
	})
	t.Run("no assistance needed any more", func(t *testing.T) {
		drives := contract.Qualification{Origin: contract.OriginOperatorFault, Nature: contract.NatureOther, Drivable: true, By: contract.QualifiedByOps}
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: drives, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceRequested})
		assert.True(t, p.Withdraw)
		assert.False(t, p.Reroute)
		assert.Empty(t, p.Route.Provider)
	})
	t.Run("keeping the origin only corrects the record", func(t *testing.T) {
		corrected := contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureElectrical, Drivable: true, By: contract.QualifiedByOps}
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: corrected, Route: lessorRoute, Vehicle: lessorVehicle, Assistance: rules.AssistanceRequested, Fallback: true})
		assert.False(t, p.OriginChanged)
		assert.False(t, p.Withdraw)
		assert.False(t, p.Reroute)
		assert.Equal(t, lessorRoute, p.Route)
		assert.True(t, p.Fallback, "unchanged")
		assert.Equal(t, contract.NatureElectrical, p.Qualification.Nature)
		assert.True(t, p.NotifyQualified)
		assert.Contains(t, p.Reason, "the record is corrected")
	})
	t.Run("a fallback partner on site becomes the contractual handler", func(t *testing.T) {
		fallback, ok := rules.FallbackRoute(lessorRoute, "is busy")
		require.True(t, ok)
		p := rules.Requalify(rules.RequalifyFacts{Current: mech, New: valet, Route: fallback, Vehicle: lessorVehicle, Assistance: rules.AssistanceOnSite, Fallback: true})
		assert.Equal(t, contract.HandlerOperatorPartner, p.Route.Handler)
		assert.False(t, p.Fallback, "the partner is now the valet error's own handler")
	})
}

func TestApprovalReason(t *testing.T) {
	tests := []struct {
		name string
		f    rules.PayFacts
		want string
	}{
		{"no assistance", rules.PayFacts{}, contract.ApprovalReasonNoAssistance},
		{"trade plates", rules.PayFacts{HasOwnAssistance: true, Coverage: "not_covered:trade_plates"}, "not_covered:trade_plates"},
		{"marten bite", rules.PayFacts{HasOwnAssistance: true, Coverage: "not_covered:excluded_event"}, "not_covered:excluded_event"},
		{"warranty partial", rules.PayFacts{HasOwnAssistance: true, Coverage: "covered", Warranty: "partial:800"}, contract.ApprovalReasonWarrantyPartial},
		{"warranty refused", rules.PayFacts{HasOwnAssistance: true, Warranty: "refused:wear"}, contract.ApprovalReasonWarrantyRefused},
		{"the warranty's request, vehicle without assistance", rules.PayFacts{Warranty: "partial:100"}, contract.ApprovalReasonWarrantyPartial},
		{"covered: nothing to pay", rules.PayFacts{HasOwnAssistance: true, Coverage: "covered"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rules.ApprovalReason(tc.f)
			assert.Equal(t, tc.want, got)
			if got != "" {
				assert.True(t, contract.ValidApprovalReason(got))
			}
		})
	}
}

func TestReapproveAfterFallback(t *testing.T) {
	approved := contract.Option{Option: "tow", PriceEUR: 190, Provider: "byd-assistance"}
	tests := []struct {
		name        string
		alternative []contract.Option
		ask         bool
		noQuote     bool
		price       float64
	}{
		{"p30: cheaper, no new request", []contract.Option{{Option: "tow", PriceEUR: 180, Provider: "res-assistance"}}, false, false, 180},
		{"the same price", []contract.Option{{Option: "tow", PriceEUR: 190, Provider: "res-assistance"}}, false, false, 190},
		{"higher: asked again", []contract.Option{{Option: "tow", PriceEUR: 210, Provider: "res-assistance"}, {Option: "on_site_repair", PriceEUR: 90, Provider: "res-assistance"}}, true, false, 0},
		{"not offered: asked again", []contract.Option{{Option: "on_site_repair", PriceEUR: 90, Provider: "res-assistance"}}, true, false, 0},
		{"no quote at all", nil, false, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rules.ReapproveAfterFallback(approved, tc.alternative)
			assert.Equal(t, tc.ask, r.Ask)
			assert.Equal(t, tc.noQuote, r.NoQuote)
			assert.NotEmpty(t, r.Reason)
			if tc.ask {
				assert.Equal(t, tc.alternative, r.Options, "the new request offers the alternative's quotes")
			} else if !tc.noQuote {
				assert.Equal(t, tc.price, r.Option.PriceEUR)
				assert.Equal(t, "res-assistance", r.Option.Provider)
			}
		})
	}
	paid := rules.Route{Handler: contract.HandlerManufacturer, Provider: "byd-assistance", Payer: contract.PayerClient, PaidOptions: true}
	alt, ok := rules.PaidFallbackRoute(paid, "is unreachable")
	require.True(t, ok)
	assert.Equal(t, contract.PayerClient, alt.Payer, "the approved option stays the client's")
	assert.Equal(t, contract.OperatorPartner, alt.Provider)
	assert.Equal(t, contract.HandlerOperatorArranged, alt.Handler)
	_, ok = rules.PaidFallbackRoute(alt, "is unreachable")
	assert.False(t, ok)
}

func TestServiceRoute(t *testing.T) {
	byd := &rules.ProgramTerms{Provider: "byd-assistance", Payer: contract.PayerManufacturer, Covers: true, TowTo: "authorised_repairer"}
	manufacturer := rules.Route{Handler: contract.HandlerManufacturer, Provider: "byd-assistance", Payer: contract.PayerManufacturer}
	fallback, _ := rules.FallbackRoute(manufacturer, "is busy")
	tests := []struct {
		name     string
		service  contract.Service
		inForce  rules.Route
		program  *rules.ProgramTerms
		provider string
		payer    contract.Payer
	}{
		{"p31: onward travel from BYD after a fallback", contract.ServiceOnwardTravel, fallback, byd, "byd-assistance", contract.PayerManufacturer},
		{"hotel from BYD after a fallback", contract.ServiceHotel, fallback, byd, "byd-assistance", contract.PayerManufacturer},
		{"replacement vehicle", contract.ServiceReplacementVehicle, fallback, byd, "byd-assistance", contract.PayerManufacturer},
		{"repatriation", contract.ServiceRepatriation, fallback, byd, "byd-assistance", contract.PayerManufacturer},
		{"p25: hotel from BYD in charge", contract.ServiceHotel, manufacturer, byd, "byd-assistance", contract.PayerManufacturer},
		{"the taxi stays the partner's", contract.ServiceTaxi, manufacturer, byd, contract.OperatorPartner, contract.PayerOperator},
		{"the taxi after a fallback", contract.ServiceTaxi, fallback, byd, contract.OperatorPartner, contract.PayerOperator},
		{"no program: the provider in charge", contract.ServiceHotel, fallback, nil, contract.OperatorPartner, contract.PayerOperator},
		{"a program that does not cover", contract.ServiceHotel, fallback, &rules.ProgramTerms{Provider: "byd-assistance", Payer: contract.PayerManufacturer}, contract.OperatorPartner, contract.PayerOperator},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rules.ServiceRoute(tc.service, tc.inForce, tc.program)
			assert.Equal(t, tc.provider, r.Provider)
			assert.Equal(t, tc.payer, r.Payer)
			assert.NotEmpty(t, r.Reason)
		})
	}
	to, km := rules.DispatchTow(&rules.ProgramTerms{Covers: true, TowTo: "charging_point", TowMaxKm: 50}, "", 0)
	assert.Equal(t, "charging_point", to, "the fallback's dispatch carries the program's destination")
	assert.Equal(t, 50.0, km)
	to, _ = rules.DispatchTow(&rules.ProgramTerms{TowTo: "authorised_repairer"}, "", 0)
	assert.Empty(t, to, "a program that does not cover says nothing")
	to, _ = rules.DispatchTow(nil, "operator_site", 0)
	assert.Equal(t, "operator_site", to)
}

func TestClientLanguage(t *testing.T) {
	assert.Equal(t, "fr", rules.DefaultSettings().ClientLanguage(), "French by default")
	assert.Equal(t, "en", rules.Settings{Language: "en"}.ClientLanguage())
	assert.Equal(t, "en", rules.Settings{Language: "en"}.Scaled(150).ClientLanguage(), "a scaled case keeps its language")
}

package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// symptomRule maps observed symptoms to what they suggest.
type symptomRule struct {
	symptoms []string
	origin   contract.Origin
	nature   contract.Nature
}

// A step of the reading order: its rules, tried in order, and what the step
// says of the breakdown (for the reason).
type readingStep struct {
	why   string
	rules []symptomRule
}

// readingOrder is how the rules read the symptoms when ops have not qualified
// within the window (DOMAIN.md, "Incidents of the conveyance are not
// mechanical"): the first step with a matching symptom decides, and within a
// step the first rule. Seed 000 §3 sends to the vehicle's assistance only a
// breakdown "indépendante du convoyage (… incident non lié au convoyage)": the
// incidents of the conveyance come first, the valet's error before the
// operator's fault. Then the mechanical natures, fire first; then the events
// the program excludes and the parts the compliance check knows (partsStep);
// then the rest, the symptoms that only say the vehicle stopped.
var readingOrder = []readingStep{
	{"an incident of the conveyance: the valet's error", []symptomRule{
		{[]string{"keys_lost", "keys_locked_in"}, contract.OriginValetError, contract.NatureKeys},
		{[]string{"wrong_fuel", "misfuel", "misfuelling"}, contract.OriginValetError, contract.NatureWrongFuel},
		{[]string{"kerb_strike", "wheel_damage"}, contract.OriginValetError, contract.NatureOther},
		{[]string{"collision"}, contract.OriginValetError, contract.NatureAccident},
	}},
	{"an incident of the conveyance: the operator's fault", []symptomRule{
		{[]string{"out_of_fuel", "fuel_empty", "fuel_outage"}, contract.OriginOperatorFault, contract.NatureFuelOutage},
		{[]string{"flat_tyre", "puncture", "tyre_puncture", "flat_tire"}, contract.OriginOperatorFault, contract.NatureFlatTyre},
		{[]string{"accident"}, contract.OriginOperatorFault, contract.NatureAccident},
	}},
	{"an eligible event, independent of the conveyance", []symptomRule{
		{[]string{"fire", "flames"}, contract.OriginMechanical, contract.NatureFire},
		{[]string{"attempted_theft", "break_in"}, contract.OriginMechanical, contract.NatureAttemptedTheft},
	}},
	{"an event the programs name, independent of the conveyance", []symptomRule{
		{[]string{"vandalism"}, contract.OriginMechanical, contract.NatureVandalism},
		{[]string{"marten_bite", "cables_chewed"}, contract.OriginMechanical, contract.NatureMartenBite},
		{[]string{"no_snow_chains", "snow_chains_broken"}, contract.OriginMechanical, contract.NatureSnowChains},
		{[]string{"oil_level_low", "adblue_empty", "coolant_level_low"}, contract.OriginMechanical, contract.NatureFluids},
		{[]string{"power_steering_fluid_low"}, contract.OriginMechanical, contract.NaturePowerSteeringFluid},
		{[]string{"side_window_broken", "roof_window_broken", "panoramic_roof_broken"}, contract.OriginMechanical, contract.NatureWindows},
		{[]string{"window_stuck_open"}, contract.OriginMechanical, contract.NatureWindowOpen},
		{[]string{"lock_jammed", "remote_locking_failure"}, contract.OriginMechanical, contract.NatureLocks},
		{[]string{"lights_stay_on", "cannot_switch_off"}, contract.OriginMechanical, contract.NatureCannotSwitchOff},
		// A key fault that is not the valet's doing stays mechanical.
		{[]string{"key_broken", "key_battery_empty", "wrong_key", "keys_stolen", "keys"}, contract.OriginMechanical, contract.NatureKeys},
		{[]string{"wipers", "wiper_failure"}, contract.OriginMechanical, contract.NatureWipers},
		{[]string{"air_conditioning", "ac_failure"}, contract.OriginMechanical, contract.NatureAirConditioning},
		{[]string{"alarm", "alarm_stuck"}, contract.OriginMechanical, contract.NatureAlarm},
		{[]string{"charging_card", "charging_card_refused"}, contract.OriginMechanical, contract.NatureChargingCard},
		{[]string{"water_ingress"}, contract.OriginMechanical, contract.NatureWaterIngress},
	}},
	// partsStep comes here.
	{"a failure independent of the conveyance", []symptomRule{
		// A discharged HV battery stays mechanical: the program's limited benefit.
		{[]string{"hv_battery_empty", "hv_battery_discharged", "traction_battery_empty"}, contract.OriginMechanical, contract.NatureHVBatteryDischarged},
		{[]string{"battery_flat", "battery_dead", "battery_12v"}, contract.OriginMechanical, contract.NatureBattery12V},
		{[]string{"overheating", "coolant_leak"}, contract.OriginMechanical, contract.NatureCooling},
		{[]string{"gearbox", "gearbox_noise", "clutch", "transmission"}, contract.OriginMechanical, contract.NatureTransmission},
		{[]string{"suspension", "suspension_broken"}, contract.OriginMechanical, contract.NatureSuspension},
		{[]string{"smoke", "engine_stalled", "engine_noise", "oil_leak"}, contract.OriginMechanical, contract.NatureEngine},
		{[]string{"no_start", "electrical_fault", "dashboard_dead"}, contract.OriginMechanical, contract.NatureElectrical},
		{[]string{"warning_light"}, contract.OriginMechanical, contract.NatureWarningLight},
	}},
}

// partsStep is where, in the reading order, a symptom naming a part decides.
const partsStep = 4

// knownSymptoms are the symptoms the reading order names word for word: a
// part is read only in a symptom it does not name (power_steering_fluid_low
// is the power-steering fluid, not the steering).
var knownSymptoms = func() map[string]bool {
	m := map[string]bool{}
	for _, step := range readingOrder {
		for _, r := range step.rules {
			for _, s := range r.symptoms {
				m[s] = true
			}
		}
	}
	return m
}()

// unsafeSymptoms make a vehicle unfit to go on whatever the valet says.
var unsafeSymptoms = set("smoke", "fire", "flames", "brake_failure", "overheating", "steering_failure", "fuel_leak",
	"accident", "collision", "wheel_damage")

// ProposeQualification proposes a qualification from the report's symptoms,
// read in the reading order (readingOrder): the first match decides. Ops
// confirm or correct it; with no answer in time it becomes the qualification.
func ProposeQualification(r contract.Report) contract.Qualification {
	q := contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureOther, By: contract.QualifiedByRules}
	matched, why := "", ""
	for i, step := range readingOrder {
		if i == partsStep {
			if p, s, ok := partIn(r.Symptoms); ok {
				q.Origin, q.Nature, matched = contract.OriginMechanical, p.nature, s
				why = "it names " + p.name
				break
			}
		}
		if rule, s, ok := step.match(r.Symptoms); ok {
			q.Origin, q.Nature, matched, why = rule.origin, rule.nature, s, step.why
			break
		}
	}
	q.Drivable = drivable(&q, r, matched, why)
	return q
}

// drivable says whether the vehicle can go on as the valet says, and writes
// the reason of the qualification.
func drivable(q *contract.Qualification, r contract.Report, matched, why string) bool {
	unsafe := ""
	for _, s := range r.Symptoms {
		if unsafeSymptoms[s] {
			unsafe = s
			break
		}
	}
	ok := r.Drivable && unsafe == ""
	switch {
	case matched == "":
		q.Reason = fmt.Sprintf("no symptom points to a cause (%s): mechanical by default", strings.Join(r.Symptoms, ", "))
	default:
		q.Reason = fmt.Sprintf("symptom %s suggests %s, origin %s (%s)", matched, q.Nature, q.Origin, why)
	}
	switch {
	case r.Drivable && unsafe != "":
		q.Reason += fmt.Sprintf("; reported drivable but %s makes it unsafe to go on", unsafe)
	case ok:
		q.Reason += "; reported drivable"
	default:
		q.Reason += "; not drivable"
	}
	return ok
}

// match finds the step's first rule with a reported symptom.
func (s readingStep) match(symptoms []string) (symptomRule, string, bool) {
	for _, rule := range s.rules {
		if sym, ok := firstOf(symptoms, rule.symptoms); ok {
			return rule, sym, true
		}
	}
	return symptomRule{}, "", false
}

func firstOf(have, want []string) (string, bool) {
	for _, w := range want {
		for _, h := range have {
			if h == w {
				return h, true
			}
		}
	}
	return "", false
}

func set[T comparable](vs ...T) map[T]bool {
	m := make(map[T]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

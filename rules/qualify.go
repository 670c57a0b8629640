package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// symptomRule maps an observed symptom to what it suggests.
type symptomRule struct {
	symptoms []string
	origin   contract.Origin
	nature   contract.Nature
}

// symptomRules are tried in order; the first symptom that matches decides. The
// two origins other than mechanical follow the seed's own examples: wrong fuel is
// the valet's error, a puncture during the mission is the operator's fault.
var symptomRules = []symptomRule{
	{[]string{"wrong_fuel", "misfuel", "misfuelling"}, contract.OriginValetError, contract.NatureWrongFuel},
	{[]string{"flat_tyre", "puncture", "tyre_puncture", "flat_tire"}, contract.OriginOperatorFault, contract.NatureFlatTyre},
	{[]string{"fire", "flames"}, contract.OriginMechanical, contract.NatureFire},
	{[]string{"accident", "collision"}, contract.OriginMechanical, contract.NatureAccident},
	{[]string{"attempted_theft", "break_in"}, contract.OriginMechanical, contract.NatureAttemptedTheft},
	{[]string{"vandalism"}, contract.OriginMechanical, contract.NatureVandalism},
	{[]string{"hv_battery_empty", "hv_battery_discharged", "traction_battery_empty"}, contract.OriginMechanical, contract.NatureHVBatteryDischarged},
	{[]string{"battery_flat", "battery_dead", "battery_12v"}, contract.OriginMechanical, contract.NatureBattery12V},
	{[]string{"out_of_fuel", "fuel_empty", "fuel_outage"}, contract.OriginMechanical, contract.NatureFuelOutage},
	{[]string{"keys_lost", "keys_locked_in", "key_broken", "keys"}, contract.OriginMechanical, contract.NatureKeys},
	{[]string{"windscreen_broken", "windscreen"}, contract.OriginMechanical, contract.NatureWindscreen},
	{[]string{"brake_failure", "brakes"}, contract.OriginMechanical, contract.NatureBrakes},
	{[]string{"overheating", "coolant_leak"}, contract.OriginMechanical, contract.NatureCooling},
	{[]string{"gearbox", "clutch", "transmission"}, contract.OriginMechanical, contract.NatureTransmission},
	{[]string{"steering_failure", "steering"}, contract.OriginMechanical, contract.NatureSteering},
	{[]string{"smoke", "engine_stalled", "engine_noise", "oil_leak"}, contract.OriginMechanical, contract.NatureEngine},
	{[]string{"no_start", "electrical_fault", "dashboard_dead"}, contract.OriginMechanical, contract.NatureElectrical},
	{[]string{"headlights"}, contract.OriginMechanical, contract.NatureHeadlights},
	{[]string{"warning_light"}, contract.OriginMechanical, contract.NatureWarningLight},
}

// unsafeSymptoms make a vehicle unfit to go on whatever the valet says.
var unsafeSymptoms = set("smoke", "fire", "flames", "brake_failure", "overheating", "steering_failure", "fuel_leak", "accident")

// ProposeQualification proposes a qualification from the report's symptoms. Ops
// confirm or correct it; with no answer in time it becomes the qualification.
func ProposeQualification(r contract.Report) contract.Qualification {
	q := contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureOther, By: contract.QualifiedByRules}
	matched := ""
	for _, rule := range symptomRules {
		if s, ok := firstOf(r.Symptoms, rule.symptoms); ok {
			q.Origin, q.Nature, matched = rule.origin, rule.nature, s
			break
		}
	}
	unsafe := ""
	for _, s := range r.Symptoms {
		if unsafeSymptoms[s] {
			unsafe = s
			break
		}
	}
	q.Drivable = r.Drivable && unsafe == ""
	switch {
	case matched == "":
		q.Reason = fmt.Sprintf("no symptom points to a cause (%s): mechanical by default", strings.Join(r.Symptoms, ", "))
	default:
		q.Reason = fmt.Sprintf("symptom %s suggests %s, origin %s", matched, q.Nature, q.Origin)
	}
	switch {
	case r.Drivable && unsafe != "":
		q.Reason += fmt.Sprintf("; reported drivable but %s makes it unsafe to go on", unsafe)
	case q.Drivable:
		q.Reason += "; reported drivable"
	default:
		q.Reason += "; not drivable"
	}
	return q
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

package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// secondRoundRules are the symptom rules as the second round read them: the
// valet's error was wrong fuel only, the operator's fault a puncture only,
// and every other symptom mechanical. Kept for the cases started under them.
var secondRoundRules = []symptomRule{
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

var secondRoundUnsafe = set("smoke", "fire", "flames", "brake_failure", "overheating", "steering_failure", "fuel_leak", "accident")

// ProposeQualificationSecondRound is the qualification the rules proposed
// before the third round (DOMAIN.md, "Rules made precise after the second
// round"): for a case started before that change, so that it replays as it
// ran. New cases use ProposeQualification.
func ProposeQualificationSecondRound(r contract.Report) contract.Qualification {
	q := contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureOther, By: contract.QualifiedByRules}
	matched := ""
	for _, rule := range secondRoundRules {
		if s, ok := firstOf(r.Symptoms, rule.symptoms); ok {
			q.Origin, q.Nature, matched = rule.origin, rule.nature, s
			break
		}
	}
	unsafe := ""
	for _, s := range r.Symptoms {
		if secondRoundUnsafe[s] {
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

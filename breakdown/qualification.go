package breakdown

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

// Who qualified a case.
const (
	QualifiedByOps   = "ops"
	QualifiedByRules = "rules"
)

// Qualification is what ops (or, failing them, the rules) decide about a
// breakdown: its origin, its nature, and whether the vehicle can go on safely.
type Qualification struct {
	Origin   Origin `json:"origin"`
	Nature   Nature `json:"nature"`
	Drivable bool   `json:"drivable"`
	// NonCompliance says what makes the vehicle non-compliant even if it drives
	// (headlights, seat belts, brakes, steering, windscreen); "" when compliant.
	NonCompliance string `json:"non_compliance,omitempty"`
	By            string `json:"by"`
	Reason        string `json:"reason"`
}

// QualifyRequest is the payload of the qualify Update: ops confirm or correct the
// proposed qualification. Drivable may be left out to keep the proposal's.
type QualifyRequest struct {
	Origin   Origin `json:"origin"`
	Nature   Nature `json:"nature"`
	Drivable *bool  `json:"drivable,omitempty"`
	Operator string `json:"operator,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Validate refuses unknown origins and natures.
func (q QualifyRequest) Validate() error {
	var errs strictjson.FieldErrors
	if !q.Origin.Valid() {
		errs.Add("origin", "unknown origin %q; expected one of %s", q.Origin, strings.Join(Origins(), ", "))
	}
	if !q.Nature.Valid() {
		errs.Add("nature", "unknown nature %q; expected one of %s", q.Nature, strings.Join(Natures(), ", "))
	}
	return errs.Err()
}

// Apply turns the request into the qualification of the case, keeping the
// proposal's drivability when ops did not say.
func (q QualifyRequest) Apply(proposal Qualification) Qualification {
	drivable := proposal.Drivable
	if q.Drivable != nil {
		drivable = *q.Drivable
	}
	reason := "qualified by ops"
	if q.Operator != "" {
		reason += " (" + q.Operator + ")"
	}
	if q.Note != "" {
		reason += ": " + q.Note
	}
	return Qualification{Origin: q.Origin, Nature: q.Nature, Drivable: drivable, By: QualifiedByOps, Reason: reason}
}

// symptomRule maps an observed symptom to what it suggests.
type symptomRule struct {
	symptoms []string
	origin   Origin
	nature   Nature
}

// symptomRules are tried in order; the first symptom that matches decides. The
// two origins other than mechanical follow the seed's own examples: wrong fuel is
// the valet's error, a puncture during the mission is the operator's fault.
var symptomRules = []symptomRule{
	{[]string{"wrong_fuel", "misfuel", "misfuelling"}, OriginValetError, NatureWrongFuel},
	{[]string{"flat_tyre", "puncture", "tyre_puncture", "flat_tire"}, OriginOperatorFault, NatureFlatTyre},
	{[]string{"fire", "flames"}, OriginMechanical, NatureFire},
	{[]string{"accident", "collision"}, OriginMechanical, NatureAccident},
	{[]string{"attempted_theft", "break_in"}, OriginMechanical, NatureAttemptedTheft},
	{[]string{"vandalism"}, OriginMechanical, NatureVandalism},
	{[]string{"hv_battery_empty", "hv_battery_discharged", "traction_battery_empty"}, OriginMechanical, NatureHVBatteryDischarged},
	{[]string{"battery_flat", "battery_dead", "battery_12v"}, OriginMechanical, NatureBattery12V},
	{[]string{"out_of_fuel", "fuel_empty", "fuel_outage"}, OriginMechanical, NatureFuelOutage},
	{[]string{"keys_lost", "keys_locked_in", "key_broken", "keys"}, OriginMechanical, NatureKeys},
	{[]string{"windscreen_broken", "windscreen"}, OriginMechanical, NatureWindscreen},
	{[]string{"brake_failure", "brakes"}, OriginMechanical, NatureBrakes},
	{[]string{"overheating", "coolant_leak"}, OriginMechanical, NatureCooling},
	{[]string{"gearbox", "clutch", "transmission"}, OriginMechanical, NatureTransmission},
	{[]string{"steering_failure", "steering"}, OriginMechanical, NatureSteering},
	{[]string{"smoke", "engine_stalled", "engine_noise", "oil_leak"}, OriginMechanical, NatureEngine},
	{[]string{"no_start", "electrical_fault", "dashboard_dead"}, OriginMechanical, NatureElectrical},
	{[]string{"headlights"}, OriginMechanical, NatureHeadlights},
	{[]string{"warning_light"}, OriginMechanical, NatureWarningLight},
}

// unsafeSymptoms make a vehicle unfit to go on whatever the valet says.
var unsafeSymptoms = set("smoke", "fire", "flames", "brake_failure", "overheating", "steering_failure", "fuel_leak", "accident")

// ProposeQualification proposes a qualification from the report's symptoms. Ops
// confirm or correct it; with no answer in time it becomes the qualification.
func ProposeQualification(r Report) Qualification {
	q := Qualification{Origin: OriginMechanical, Nature: NatureOther, By: QualifiedByRules}
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

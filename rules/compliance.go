package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// Seed 000, section 6: "la mission peut être poursuivie si le véhicule est
// roulant et conforme". A vehicle goes on only when it is drivable (roulant)
// AND compliant (conforme). What makes it non-compliant, even when it moves,
// is what the law requires to work: headlights, the mandatory seat belts (seed
// 002 lists "Dysfonctionnement des phares et ceintures de sécurité
// obligatoires"), brakes, steering and the windscreen.

// nonCompliantNatures are the natures that make a vehicle non-compliant.
var nonCompliantNatures = set(contract.NatureHeadlights, contract.NatureSeatBelts, contract.NatureBrakes, contract.NatureBrakeFluid, contract.NatureSteering, contract.NatureWindscreen)

// part is a part the compliance check knows: a symptom naming it makes the
// vehicle non-compliant, and qualifies to the part's nature ("the words
// agree", DOMAIN.md).
type part struct {
	// words name the part in a symptom: a symptom names it when one of its
	// words (separated by _) starts with one of them.
	words  []string
	nature contract.Nature
	name   string
}

// parts are tried in order: brake_fluid before the other brake words.
var parts = []part{
	{[]string{"headlight"}, contract.NatureHeadlights, "the headlights"},
	{[]string{"seat_belt", "seatbelt"}, contract.NatureSeatBelts, "a mandatory seat belt"},
	{[]string{"windscreen", "windshield"}, contract.NatureWindscreen, "the windscreen"},
	{[]string{"brake_fluid"}, contract.NatureBrakeFluid, "the brake fluid"},
	{[]string{"brake"}, contract.NatureBrakes, "the brakes"},
	{[]string{"steering"}, contract.NatureSteering, "the steering"},
}

// names reports whether symptom names the part: one of its words starts with
// one of the part's words ("seat_belt_jammed", "rear_windscreen_broken",
// "headlights_out"; not "handbrake").
func (p part) names(symptom string) bool {
	for _, w := range p.words {
		if strings.HasPrefix(symptom, w) || strings.Contains(symptom, "_"+w) {
			return true
		}
	}
	return false
}

// PartNature returns the nature of the part a symptom names, and whether it
// names one the compliance check knows. A symptom the reading order names
// word for word (power_steering_fluid_low) names no part.
func PartNature(symptom string) (contract.Nature, bool) {
	p, ok := partOf(symptom)
	return p.nature, ok
}

func partOf(symptom string) (part, bool) {
	if knownSymptoms[symptom] {
		return part{}, false
	}
	for _, p := range parts {
		if p.names(symptom) {
			return p, true
		}
	}
	return part{}, false
}

// partIn finds the first part the symptoms name, in the order of parts.
func partIn(symptoms []string) (part, string, bool) {
	for _, p := range parts {
		for _, s := range symptoms {
			if got, ok := partOf(s); ok && got.nature == p.nature {
				return p, s, true
			}
		}
	}
	return part{}, "", false
}

// NonCompliance says what makes the vehicle non-compliant, from the
// qualification's nature and the reported symptoms; "" when nothing does.
func NonCompliance(nature contract.Nature, symptoms []string) string {
	for _, s := range symptoms {
		if p, ok := partOf(s); ok {
			return fmt.Sprintf("%s (symptom %s)", p.name, s)
		}
	}
	if nonCompliantNatures[nature] {
		return fmt.Sprintf("the %s (nature %s)", strings.ReplaceAll(string(nature), "_", " "), nature)
	}
	return ""
}

// WithCompliance records on q what makes the vehicle
// non-compliant, whoever qualified it (ops or the rules): a non-compliant
// vehicle needs assistance even if it moves.
func WithCompliance(q contract.Qualification, symptoms []string) contract.Qualification {
	q.NonCompliance = NonCompliance(q.Nature, symptoms)
	if q.NonCompliance != "" {
		q.Reason += "; not compliant: " + q.NonCompliance + ", so it may not go on"
		if q.Drivable {
			q.Reason += " although it drives"
		}
	}
	return q
}

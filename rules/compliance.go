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

// nonCompliantParts are the parts whose failure, named in a symptom, makes the
// vehicle non-compliant ("seat_belt_jammed", "headlight_out", "windscreen_cracked").
var nonCompliantParts = []struct{ word, part string }{
	{"headlight", "the headlights"},
	{"seat_belt", "a mandatory seat belt"},
	{"seatbelt", "a mandatory seat belt"},
	{"brake", "the brakes"},
	{"steering", "the steering"},
	{"windscreen", "the windscreen"},
	{"windshield", "the windscreen"},
}

// NonCompliance says what makes the vehicle non-compliant, from the
// qualification's nature and the reported symptoms; "" when nothing does.
func NonCompliance(nature contract.Nature, symptoms []string) string {
	for _, s := range symptoms {
		for _, p := range nonCompliantParts {
			if strings.Contains(s, p.word) {
				return fmt.Sprintf("%s (symptom %s)", p.part, s)
			}
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

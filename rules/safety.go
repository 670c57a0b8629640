package rules

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
)

// Seed 000, section 1: "La sécurité du conducteur, du véhicule et des tiers est
// toujours la priorité." (DOMAIN.md, "Safety first".)

// safetySymptoms are the symptoms of a fire or an accident: reported, they
// raise the safety alert whoever turns out to be at the origin.
var safetySymptoms = []string{"fire", "flames", "accident", "collision"}

// SafetyCheck is what the report says about safety.
type SafetyCheck struct {
	// Alert: the report raises, at once, an ops alert of kind safety that
	// needs a person; the assistance goes on as usual.
	Alert bool `json:"alert"`
	// Concerns say why, one phrase each ("someone is injured (the emergency
	// services were called)", "symptom fire", "the vehicle is not secured").
	Concerns []string `json:"concerns,omitempty"`
	// Secured: the first notice may say the vehicle is secured (the report
	// says vehicle_secured: true, and only then).
	Secured bool `json:"secured"`
}

// Reason is the alert's reason: the concerns, in one sentence.
func (s SafetyCheck) Reason() string {
	if !s.Alert {
		return ""
	}
	return "safety first: " + strings.Join(s.Concerns, "; ") + "; the assistance goes on as usual"
}

// CheckSafety reads the report's safety and symptoms: someone injured, a
// symptom of fire (fire, flames) or of an accident (accident, collision), or
// vehicle_secured: false raise the safety alert. A report that declares
// nothing raises nothing by its safety; an undeclared vehicle_secured is not
// "not secured", but the first notice does not say it is secured either.
func CheckSafety(r contract.Report) SafetyCheck {
	c := SafetyCheck{Secured: r.Secured()}
	if s := r.Safety; s != nil {
		if s.Injured {
			injured := "someone is injured"
			if s.EmergencyCalled {
				injured += " (the emergency services were called)"
			} else {
				injured += " (the emergency services were not said to be called)"
			}
			c.Concerns = append(c.Concerns, injured)
		}
		if s.VehicleSecured != nil && !*s.VehicleSecured {
			c.Concerns = append(c.Concerns, "the vehicle is not secured")
		}
	}
	for _, want := range safetySymptoms {
		for _, s := range r.Symptoms {
			if s == want {
				c.Concerns = append(c.Concerns, fmt.Sprintf("symptom %s", s))
			}
		}
	}
	c.Alert = len(c.Concerns) > 0
	return c
}

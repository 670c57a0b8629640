package coverage

import (
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
)

// Ceilings are a contract's limits (the home-assistance company's terms, docs/glossary.md: "des sommes plafonds ainsi qu'un
// nombre d'interventions maximum par an"): how many interventions per VIN and
// calendar year, and how much per intervention. Within them the beneficiary
// pays nothing; beyond them the client pays the excess, after approving it.
// Zero means no such ceiling. Assistance programs and warranty programs share
// this type.
type Ceilings struct {
	Clause string `json:"clause"`
	// InterventionsPerVINPerCalendarYear caps the interventions of any nature
	// per VIN and calendar year; the next one is not covered.
	InterventionsPerVINPerCalendarYear int `json:"interventions_per_vin_per_calendar_year"`
	// MaxEURPerIntervention caps what the program pays for one intervention;
	// the rest is the client's.
	MaxEURPerIntervention float64 `json:"max_eur_per_intervention"`
}

func (c *Ceilings) validate(ps *problems, field string) {
	if c == nil {
		return
	}
	if c.InterventionsPerVINPerCalendarYear < 0 {
		ps.add(field+".interventions_per_vin_per_calendar_year", "must not be negative, got %d", c.InterventionsPerVINPerCalendarYear)
	}
	if c.MaxEURPerIntervention < 0 {
		ps.add(field+".max_eur_per_intervention", "must not be negative, got %v", c.MaxEURPerIntervention)
	}
	if c.InterventionsPerVINPerCalendarYear == 0 && c.MaxEURPerIntervention == 0 {
		ps.add(field, "names no ceiling: give interventions_per_vin_per_calendar_year or max_eur_per_intervention, or leave ceilings out")
	}
}

// ValidateCeilings checks ceilings read from a data file (field is their JSON
// path); nil is fine.
func ValidateCeilings(c *Ceilings, field string) error {
	var ps problems
	c.validate(&ps, field)
	return ps.err()
}

// YearlyCount is the place of an event in its calendar year for one VIN: the
// prior cases that match in the breakdown's year (UTC), plus this one.
type YearlyCount struct {
	Year int
	// Nth is this event's rank in the year (1 for the first).
	Nth int
	Max int
}

// Over reports whether the event goes beyond the yearly ceiling.
func (y YearlyCount) Over() bool { return y.Max > 0 && y.Nth > y.Max }

// countYearly counts, for a yearly ceiling of max, the prior cases matching
// match in the year of at, plus this event.
func countYearly(prior []contract.PriorCase, at time.Time, max int, match func(contract.Nature) bool) YearlyCount {
	year := at.UTC().Year()
	n := 1
	for _, c := range prior {
		t, err := time.Parse(time.RFC3339, c.At)
		if err == nil && match(c.Nature) && t.UTC().Year() == year {
			n++
		}
	}
	return YearlyCount{Year: year, Nth: n, Max: max}
}

// refusal says "this is the 3rd hv battery discharged of 2026 for this VIN, at
// most 2 per VIN per calendar year".
func (y YearlyCount) refusal(what string) string {
	return fmt.Sprintf("this is %s of %d for this VIN, at most %d per VIN per calendar year", ordinal(y.Nth, what), y.Year, y.Max)
}

// CapAmount applies the amount ceiling to what a program would pay: it returns
// what the program pays and the excess left to the client.
func (c *Ceilings) CapAmount(eur float64) (paid, excess float64) {
	if c == nil || c.MaxEURPerIntervention <= 0 || eur <= c.MaxEURPerIntervention {
		return eur, 0
	}
	return c.MaxEURPerIntervention, eur - c.MaxEURPerIntervention
}

func (c *Ceilings) maxEUR() float64 {
	if c == nil {
		return 0
	}
	return c.MaxEURPerIntervention
}

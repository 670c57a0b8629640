package coverage

import (
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
)

// The BYD terms (docs/coverage-programs.md) speak of vandalism twice, and
// disagree. The opening promise:
//
//	"L’Assistance BYD fait partie de notre promesse de mobilité – par exemple,
//	en cas de pannes, d’accidents, de vol ou de vandalisme, l’Assistance BYD
//	sera là pour vous aider."
//
// and section VI, among the events that are not eligible ("Événements non
// admissibles"), lists:
//
//	"Vandalisme"
//
// Section VI is the operative list, the opening a promise of help in general
// terms: vandalism is not an eligible event. The assistance may still help at
// the client's cost once the client confirms, with no additional services, as
// for every event not eligible (section VI: "aux frais du client. Le client
// devra confirmer s’il souhaite bénéficier d’une assistance à ses frais").
func TestVandalismIsNotEligibleSectionVIApplies(t *testing.T) {
	const promise = "en cas de pannes, d’accidents, de vol ou de vandalisme, l'Assistance BYD sera là pour vous aider"
	const sectionVI = "Vandalisme"
	res := Evaluate(builtin(t)["byd-eu"], input(t, contract.NatureVandalism, nil))
	assert.Equal(t, NotCovered(ReasonExcludedEvent), res.Coverage, "section VI (%q) wins over the promise (%q)", sectionVI, promise)
	assert.False(t, res.Covered)
	assert.False(t, res.AdditionalServices, "no additional services for an event not eligible")
	assert.Contains(t, res.Reason, "section VI")

	q := rules.ProposeQualification(contract.Report{Symptoms: []string{"vandalism"}})
	assert.Equal(t, contract.NatureVandalism, q.Nature, "the rules name it, so the program can refuse it")
}

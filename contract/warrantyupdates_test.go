package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestDiagnosisAndDecisionValidation(t *testing.T) {
	assert.NoError(t, Diagnosis{Cause: "turbocharger", QuoteEUR: 1450}.Validate())
	for _, tc := range []struct {
		d     Diagnosis
		field string
	}{
		{Diagnosis{QuoteEUR: 100}, "cause"},
		{Diagnosis{Cause: "gearbox"}, "quote_eur"},
		{Diagnosis{Cause: "gearbox", QuoteEUR: -3}, "quote_eur"},
	} {
		assert.Equal(t, tc.field, strictjson.FirstField(tc.d.Validate()))
	}
	assert.NoError(t, Decision{CoveredEUR: 1450}.Validate(1450))
	assert.NoError(t, Decision{Refused: "wear_part"}.Validate(1450))
	for _, tc := range []struct {
		d     Decision
		field string
	}{
		{Decision{}, "covered_eur"},
		{Decision{CoveredEUR: 2000}, "covered_eur"},
		{Decision{CoveredEUR: 10, Refused: "wear_part"}, "covered_eur"},
		{Decision{Refused: "Wear part!"}, "refused"},
	} {
		assert.Equal(t, tc.field, strictjson.FirstField(tc.d.Validate(1450)), "%+v", tc.d)
	}
}

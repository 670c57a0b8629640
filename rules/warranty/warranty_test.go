package warranty

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/rules/coverage"
)

func TestBuiltinPrograms(t *testing.T) {
	c, err := Builtin()
	require.NoError(t, err)
	p := c.Lookup("opteven-premium")
	require.NotNil(t, p)
	assert.Equal(t, "opteven", p.Manager)
	assert.True(t, p.NeedsEventNumber(true), "abroad: event number first")
	assert.False(t, p.NeedsEventNumber(false), "at home: no event number")
	assert.True(t, p.Covers(breakdown.NatureEngine))
	assert.False(t, p.Covers(breakdown.NatureFlatTyre))
	assert.Nil(t, c.Lookup("unknown"))
	var unknown *Program
	assert.True(t, unknown.NeedsEventNumber(true), "an unknown program follows the seed: abroad, an event number first")
	assert.True(t, unknown.Covers(breakdown.NatureEngine))
}

func TestLoadRefusesBadPrograms(t *testing.T) {
	good := `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true}}`
	for _, tc := range []struct{ name, body, field string }{
		{"unknown field", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"extra":1}`, "extra"},
		{"missing manager", `{"id":"w","name":"W","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true}}`, "manager"},
		{"unknown nature", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["warp_drive"]}`, "natures[0]"},
		{"negative ceiling", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"ceilings":{"max_eur_per_intervention":-1}}`, "ceilings.max_eur_per_intervention"},
		{"id not the file name", `{"id":"x","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true}}`, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadDir(fstest.MapFS{"w.json": {Data: []byte(tc.body)}})
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err), err.Error())
		})
	}
	c, err := LoadDir(fstest.MapFS{"w.json": {Data: []byte(good)}})
	require.NoError(t, err)
	assert.NotNil(t, c.Lookup("w"))
}

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

func TestSettle(t *testing.T) {
	capped := &Program{ID: "w", Ceilings: &coverage.Ceilings{Clause: "ceilings", MaxEURPerIntervention: 1000}}
	for _, tc := range []struct {
		name           string
		p              *Program
		quote          int
		d              Decision
		state          string
		covered, share int
	}{
		{"covered in full", nil, 1450, Decision{CoveredEUR: 1450}, breakdown.WarrantyCovered, 1450, 0},
		{"covered in part", nil, 2000, Decision{CoveredEUR: 1200}, "partial:1200", 1200, 800},
		{"refused", nil, 2000, Decision{Refused: "wear_part"}, "refused:wear_part", 0, 2000},
		{"beyond the program's ceiling", capped, 2000, Decision{CoveredEUR: 1800}, "partial:1000", 1000, 1000},
		{"within the ceiling", capped, 900, Decision{CoveredEUR: 900}, breakdown.WarrantyCovered, 900, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Settle(tc.p, tc.quote, tc.d)
			assert.Equal(t, tc.state, s.State, s.Reason)
			assert.Equal(t, tc.covered, s.CoveredEUR)
			assert.Equal(t, tc.share, s.ClientShareEUR)
			assert.NotEmpty(t, s.Reason)
		})
	}
}

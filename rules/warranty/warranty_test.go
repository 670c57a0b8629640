package warranty

import (
	"testing"
	"testing/fstest"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	assert.True(t, p.Covers(contract.NatureEngine))
	assert.False(t, p.Covers(contract.NatureFlatTyre))
	assert.Nil(t, c.Lookup("unknown"))
	var unknown *Program
	assert.True(t, unknown.NeedsEventNumber(true), "an unknown program follows the seed: abroad, an event number first")
	assert.True(t, unknown.Covers(contract.NatureEngine))
}

func TestLoadRefusesBadPrograms(t *testing.T) {
	good := `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["engine"]}`
	for _, tc := range []struct{ name, body, field string }{
		{"unknown field", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["engine"],"extra":1}`, "extra"},
		{"missing manager", `{"id":"w","name":"W","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["engine"]}`, "manager"},
		{"unknown nature", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["warp_drive"]}`, "natures[0]"},
		{"negative ceiling", `{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["engine"],"ceilings":{"max_eur_per_intervention":-1}}`, "ceilings.max_eur_per_intervention"},
		{"id not the file name", `{"id":"x","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":["engine"]}`, "id"},
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

func TestSettle(t *testing.T) {
	capped := &Program{ID: "w", Ceilings: &coverage.Ceilings{Clause: "ceilings", MaxEURPerIntervention: 1000}}
	for _, tc := range []struct {
		name           string
		p              *Program
		quote          int
		d              contract.Decision
		state          string
		covered, share int
	}{
		{"covered in full", nil, 1450, contract.Decision{CoveredEUR: 1450}, contract.WarrantyCovered, 1450, 0},
		{"covered in part", nil, 2000, contract.Decision{CoveredEUR: 1200}, "partial:1200", 1200, 800},
		{"refused", nil, 2000, contract.Decision{Refused: "wear_part"}, "refused:wear_part", 0, 2000},
		{"beyond the program's ceiling", capped, 2000, contract.Decision{CoveredEUR: 1800}, "partial:1000", 1000, 1000},
		{"within the ceiling", capped, 900, contract.Decision{CoveredEUR: 900}, contract.WarrantyCovered, 900, 0},
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

// DOMAIN.md, seed 003 in the third round: a claim opens only for a nature the
// program lists, and abroad the event number comes first, before the dispatch.
func TestClaimsOfTheThirdRound(t *testing.T) {
	c, err := Builtin()
	require.NoError(t, err)
	p := c.Lookup("opteven-premium")
	var unknown *Program
	for _, tc := range []struct {
		name         string
		p            *Program
		origin       contract.Origin
		nature       contract.Nature
		abroad       bool
		claim, first bool
	}{
		{"p32: a gearbox abroad", p, contract.OriginMechanical, contract.NatureTransmission, true, true, true},
		{"a gearbox at home: a claim, no event number", p, contract.OriginMechanical, contract.NatureTransmission, false, true, false},
		{"a burnt-out car: no claim", p, contract.OriginMechanical, contract.NatureFire, true, false, false},
		{"a flat 12 V battery: no claim", p, contract.OriginMechanical, contract.NatureBattery12V, true, false, false},
		{"a valet error: the operator's business", p, contract.OriginValetError, contract.NatureWrongFuel, true, false, false},
		{"an operator fault", p, contract.OriginOperatorFault, contract.NatureEngine, true, false, false},
		{"an unknown program: its manager decides", unknown, contract.OriginMechanical, contract.NatureFire, true, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.claim, tc.p.OpensClaim(tc.origin, tc.nature))
			assert.Equal(t, tc.first, tc.p.EventNumberFirst(tc.origin, tc.nature, tc.abroad))
		})
	}
	assert.Equal(t, "FR", p.RatesCountry(), "reimbursed at French rates")
	assert.Empty(t, unknown.RatesCountry())
	_, err = LoadDir(fstest.MapFS{"w.json": {Data: []byte(`{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true},"natures":[]}`)}})
	require.Error(t, err)
	assert.Equal(t, "natures", strictjson.FirstField(err), "a program lists at least one nature")
	_, err = LoadDir(fstest.MapFS{"w.json": {Data: []byte(`{"id":"w","name":"W","manager":"m","diagnosis":{"clause":"c"},"event_number":{"clause":"c","abroad":true,"reimbursement":{"rates_country":"France"}},"natures":["engine"]}`)}})
	require.Error(t, err)
	assert.Equal(t, "event_number.reimbursement.rates_country", strictjson.FirstField(err))
}

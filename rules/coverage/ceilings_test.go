package coverage

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

// withCeilings is the BYD program with a contract's ceilings (the home-assistance company's terms, docs/glossary.md).
func withCeilings(t *testing.T, c Ceilings) *Program {
	t.Helper()
	p := *builtin(t)["byd-eu"]
	p.Ceilings = &c
	require.NoError(t, p.Validate())
	return &p
}

func priors(ats ...string) func(*contract.Report) {
	return func(r *contract.Report) {
		for i, at := range ats {
			n := contract.NatureEngine
			if i%2 == 1 {
				n = contract.NatureBattery12V
			}
			r.PriorCases = append(r.PriorCases, contract.PriorCase{At: at, Nature: n})
		}
	}
}

func TestYearlyInterventionsCeiling(t *testing.T) {
	p := withCeilings(t, Ceilings{Clause: "ceilings", InterventionsPerVINPerCalendarYear: 2})
	cases := []struct {
		name     string
		edit     func(*contract.Report)
		coverage string
		reason   string
	}{
		{"first of the year", nil, Covered, ""},
		{"second, any nature counts", priors("2026-02-01T10:00:00Z"), Covered, ""},
		{"third of the year", priors("2026-01-05T10:00:00Z", "2026-02-01T10:00:00Z"), NotCovered(ReasonYearlyLimit),
			"this is the 3rd intervention of 2026 for this VIN, at most 2 per VIN per calendar year"},
		{"last year's do not count", priors("2025-11-05T10:00:00Z", "2025-12-31T23:59:00Z"), Covered, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := Evaluate(p, input(t, contract.NatureEngine, tc.edit))
			assert.Equal(t, tc.coverage, res.Coverage, res.Reason)
			assert.Contains(t, res.Reason, tc.reason)
		})
	}
}

func TestAmountCeiling(t *testing.T) {
	p := withCeilings(t, Ceilings{Clause: "ceilings", MaxEURPerIntervention: 1500})
	res := Evaluate(p, input(t, contract.NatureEngine, nil))
	assert.Equal(t, 1500.0, res.MaxEURPerIntervention)
	for _, tc := range []struct{ amount, paid, excess float64 }{
		{1200, 1200, 0}, {1500, 1500, 0}, {2000, 1500, 500},
	} {
		paid, excess := p.Ceilings.CapAmount(tc.amount)
		assert.Equal(t, tc.paid, paid, "%v EUR", tc.amount)
		assert.Equal(t, tc.excess, excess, "%v EUR", tc.amount)
	}
	var none *Ceilings
	paid, excess := none.CapAmount(2000)
	assert.Equal(t, 2000.0, paid)
	assert.Zero(t, excess)
}

func TestCeilingsValidation(t *testing.T) {
	for _, tc := range []struct {
		c     Ceilings
		field string
	}{
		{Ceilings{InterventionsPerVINPerCalendarYear: -1}, "ceilings.interventions_per_vin_per_calendar_year"},
		{Ceilings{MaxEURPerIntervention: -5}, "ceilings.max_eur_per_intervention"},
		{Ceilings{Clause: "nothing"}, "ceilings"},
	} {
		err := ValidateCeilings(&tc.c, "ceilings")
		require.Error(t, err)
		assert.Equal(t, tc.field, strictjson.FirstField(err))
	}
	assert.NoError(t, ValidateCeilings(nil, "ceilings"))
}

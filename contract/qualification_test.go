package contract_test

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestQualifyRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		req    contract.QualifyRequest
		fields []string // every field refused, in order; nil: valid
	}{
		{"valid", contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine}, nil},
		{"valid valet error", contract.QualifyRequest{Origin: contract.OriginValetError, Nature: contract.NatureWrongFuel}, nil},
		{"unknown origin", contract.QualifyRequest{Origin: "weather", Nature: contract.NatureEngine}, []string{"origin"}},
		{"missing origin", contract.QualifyRequest{Nature: contract.NatureEngine}, []string{"origin"}},
		{"unknown nature", contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: "gremlins"}, []string{"nature"}},
		{"missing nature", contract.QualifyRequest{Origin: contract.OriginMechanical}, []string{"nature"}},
		{"origin in the wrong case", contract.QualifyRequest{Origin: "Mechanical", Nature: contract.NatureEngine}, []string{"origin"}},
		{"both unknown", contract.QualifyRequest{Origin: "x", Nature: "y"}, []string{"origin", "nature"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields[0], strictjson.FirstField(err))
			var all strictjson.FieldErrors
			require.ErrorAs(t, err, &all)
			got := make([]string, len(all))
			for i, fe := range all {
				got[i] = fe.Field
			}
			assert.Equal(t, tc.fields, got)
			if tc.fields[0] == "origin" {
				assert.Contains(t, err.Error(), "mechanical, operator_fault, valet_error", "the error lists the known origins")
			}
		})
	}
}

func TestQualifyRequestApply(t *testing.T) {
	yes, no := true, false
	proposal := contract.Qualification{
		Origin:   contract.OriginMechanical,
		Nature:   contract.NatureElectrical,
		Drivable: true,
		By:       contract.QualifiedByRules,
		Reason:   "rules",
	}
	tests := []struct {
		name     string
		req      contract.QualifyRequest
		drivable bool
		reason   string
	}{
		{"drivable left out keeps the proposal's", contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine}, true, "qualified by ops"},
		{"ops say not drivable", contract.QualifyRequest{Origin: contract.OriginValetError, Nature: contract.NatureWrongFuel, Drivable: &no}, false, "qualified by ops"},
		{"ops say drivable", contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureWarningLight, Drivable: &yes}, true, "qualified by ops"},
		{"operator and note are traced", contract.QualifyRequest{Origin: contract.OriginOperatorFault, Nature: contract.NatureFlatTyre, Operator: "alice", Note: "puncture confirmed by photo"}, true, "qualified by ops (alice): puncture confirmed by photo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.req.Apply(proposal)
			assert.Equal(t, tc.req.Origin, q.Origin)
			assert.Equal(t, tc.req.Nature, q.Nature)
			assert.Equal(t, tc.drivable, q.Drivable)
			assert.Equal(t, contract.QualifiedByOps, q.By)
			assert.Equal(t, "ops", q.By)
			assert.Equal(t, tc.reason, q.Reason)
		})
	}

	t.Run("a proposal of not drivable is kept too", func(t *testing.T) {
		p := proposal
		p.Drivable = false
		q := contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine}.Apply(p)
		assert.False(t, q.Drivable)
	})
}

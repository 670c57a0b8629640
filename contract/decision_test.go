package contract_test

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestMissionStatusValid(t *testing.T) {
	for _, s := range []contract.MissionStatus{"resumed", "suspended", "reorganised", "stopped"} {
		assert.True(t, s.Valid(), s)
	}
	for _, s := range []contract.MissionStatus{"", "cancelled", "reorganized", "Resumed"} {
		assert.False(t, s.Valid(), s)
	}
}

func TestOverrideRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		req    contract.OverrideRequest
		fields []string
	}{
		{"valid", contract.OverrideRequest{Mission: contract.MissionReorganised, Reason: "a second valet takes over", Operator: "bob"}, nil},
		{"valid without operator", contract.OverrideRequest{Mission: contract.MissionStopped, Reason: "client asked"}, nil},
		{"unknown decision", contract.OverrideRequest{Mission: "cancelled", Reason: "x"}, []string{"mission"}},
		{"American spelling", contract.OverrideRequest{Mission: "reorganized", Reason: "x"}, []string{"mission"}},
		{"empty decision", contract.OverrideRequest{Reason: "x"}, []string{"mission"}},
		{"no reason", contract.OverrideRequest{Mission: contract.MissionResumed}, []string{"reason"}},
		{"blank reason", contract.OverrideRequest{Mission: contract.MissionResumed, Reason: "  \t"}, []string{"reason"}},
		{"both wrong", contract.OverrideRequest{Mission: "later"}, []string{"mission", "reason"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields, fieldsOf(t, err))
			if tc.fields[0] == "mission" {
				assert.Contains(t, err.Error(), "resumed, suspended, reorganised or stopped")
			}
		})
	}
}

// fieldsOf lists the fields named by every strictjson.FieldError in err, in order.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var all strictjson.FieldErrors
	if !assert.ErrorAs(t, err, &all) {
		return []string{strictjson.FirstField(err)}
	}
	out := make([]string, len(all))
	for i, fe := range all {
		out[i] = fe.Field
	}
	return out
}

package strictjson_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

// depot is a small file format with a check of its own.
type depot struct {
	ID     string `json:"id"`
	Trucks int    `json:"trucks"`
}

func (d *depot) Validate() error {
	if d.Trucks < 1 {
		return strictjson.FieldErrors{{Field: "trucks", Reason: "must be at least 1"}}
	}
	return nil
}

func TestDecodeValidReadsStrictlyThenChecks(t *testing.T) {
	d, err := strictjson.DecodeValid[depot]([]byte(`{"id": "lyon", "trucks": 3}`))
	require.NoError(t, err)
	assert.Equal(t, &depot{ID: "lyon", Trucks: 3}, d)

	for in, field := range map[string]string{
		`{"id": "lyon", "trucks": 3, "truck": 1}`: "truck",
		`{"id": "lyon", "trucks": "3"}`:           "trucks",
		`{"id": "lyon", "trucks": 0}`:             "trucks",
	} {
		_, err := strictjson.DecodeValid[depot]([]byte(in))
		require.Error(t, err, in)
		assert.Equal(t, field, strictjson.FirstField(err), in)
	}
}

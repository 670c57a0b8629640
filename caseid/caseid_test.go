package caseid_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/valetops/assistance/caseid"
)

func TestFormatAndParse(t *testing.T) {
	id := caseid.New(caseid.WorkflowID("M-1004"), "0f1e-run")
	assert.Equal(t, "breakdown-M-1004/0f1e-run", id)
	assert.Equal(t, "M-1004", caseid.Mission(id))
	assert.Equal(t, "M-1004", caseid.Mission(caseid.WorkflowID("M-1004")))
}

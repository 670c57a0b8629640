package contract_test

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
)

func TestFormatAndParse(t *testing.T) {
	id := contract.NewCaseID(contract.WorkflowID("M-1004"), "0f1e-run")
	assert.Equal(t, "breakdown-M-1004/0f1e-run", id)
	assert.Equal(t, "M-1004", contract.MissionOf(id))
	assert.Equal(t, "M-1004", contract.MissionOf(contract.WorkflowID("M-1004")))
}

package starter

import (
	"context"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	"github.com/valetops/assistance/testsuite/scenarios"
)

func p04(t *testing.T) contract.Report {
	t.Helper()
	s, err := scenarios.Named("p04_new_vehicle_manufacturer.json")
	require.NoError(t, err)
	return s.Report
}

// TestReportIsSentAgainWhenTheServerIsBusy: a report whose answer is lost
// (server unavailable) is sent again with the same update id, so the case
// answers it once.
func TestReportIsSentAgainWhenTheServerIsBusy(t *testing.T) {
	mc := mocks.NewClient(t)
	mc.On("NewWithStartWorkflowOperation", mock.Anything, contract.WorkflowType, mock.Anything).Return(nil)
	var ids []string
	handle := mocks.NewWorkflowUpdateHandle(t)
	handle.On("Get", mock.Anything, mock.Anything).Return(nil)
	mc.On("UpdateWithStartWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewUnavailable("busy")).Twice().
		Run(func(a mock.Arguments) {
			ids = append(ids, a.Get(1).(client.UpdateWithStartWorkflowOptions).UpdateOptions.UpdateID)
		})
	mc.On("UpdateWithStartWorkflow", mock.Anything, mock.Anything).Return(handle, nil).Once().
		Run(func(a mock.Arguments) {
			ids = append(ids, a.Get(1).(client.UpdateWithStartWorkflowOptions).UpdateOptions.UpdateID)
		})

	_, err := New(mc).Report(context.Background(), p04(t))
	require.NoError(t, err)
	require.Len(t, ids, 3)
	assert.NotEmpty(t, ids[0])
	assert.Equal(t, ids[0], ids[1])
	assert.Equal(t, ids[0], ids[2])
}

// TestARefusalIsNotSentAgain: a case's refusal is final.
func TestARefusalIsNotSentAgain(t *testing.T) {
	mc := mocks.NewClient(t)
	mc.On("NewWithStartWorkflowOperation", mock.Anything, contract.WorkflowType, mock.Anything).Return(nil)
	mc.On("UpdateWithStartWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewInvalidArgument("no")).Once()
	_, err := New(mc).Report(context.Background(), p04(t))
	require.Error(t, err)
}

// TestAnUpdateIsSentAgainWhenItsAnswerIsLost: ops' qualification whose answer
// is lost (the server moving a shard) is sent again under the same update id,
// so the case applies it once and the caller gets its answer.
func TestAnUpdateIsSentAgainWhenItsAnswerIsLost(t *testing.T) {
	mc := mocks.NewClient(t)
	var ids []string
	record := func(a mock.Arguments) { ids = append(ids, a.Get(1).(client.UpdateWorkflowOptions).UpdateID) }
	handle := mocks.NewWorkflowUpdateHandle(t)
	handle.On("Get", mock.Anything, mock.Anything).Return(nil)
	mc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewUnavailable("shard status unknown")).Twice().Run(record)
	mc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(handle, nil).Once().Run(record)

	_, err := New(mc).Qualify(context.Background(), "M-1", contract.QualifyRequest{Origin: contract.OriginMechanical, Operator: "ops"})
	require.NoError(t, err)
	require.Len(t, ids, 3)
	assert.NotEmpty(t, ids[0])
	assert.Equal(t, ids[0], ids[1])
	assert.Equal(t, ids[0], ids[2])
}

package histories

import (
	"testing"

	"github.com/stretchr/testify/assert"
	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
)

func TestChildrenListsTheClaimsACaseStarted(t *testing.T) {
	started := func(id, run, typ string) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{Attributes: &historypb.HistoryEvent_ChildWorkflowExecutionStartedEventAttributes{
			ChildWorkflowExecutionStartedEventAttributes: &historypb.ChildWorkflowExecutionStartedEventAttributes{
				WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: id, RunId: run},
				WorkflowType:      &commonpb.WorkflowType{Name: typ},
			}}}
	}
	h := &historypb.History{Events: []*historypb.HistoryEvent{
		{Attributes: &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "1"}}},
		started("warranty-M-5021", "run-1", "WarrantyClaim"),
	}}
	assert.Equal(t, []Child{{WorkflowID: "warranty-M-5021", RunID: "run-1", WorkflowType: "WarrantyClaim"}}, Children(h))
	assert.Empty(t, Children(&historypb.History{}))
}

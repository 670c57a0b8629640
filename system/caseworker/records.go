package caseworker

import (
	"context"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
)

// VisibilityRecords finds a vehicle's earlier cases with a visibility query on
// the closed cases of the same VIN: our own records, with no second store to
// keep in step. The case's Nature search attribute says what broke.
type VisibilityRecords struct {
	Client    client.Client
	Namespace string
}

// PriorCases lists the closed cases of vin that started in the calendar year of
// before, or the year before it, and before it.
func (v VisibilityRecords) PriorCases(ctx context.Context, vin string, before time.Time) ([]contract.PriorCase, error) {
	since := time.Date(before.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
	query := fmt.Sprintf("WorkflowType = %q AND %s = %q AND ExecutionStatus != 'Running' AND StartTime >= %q AND StartTime < %q",
		contract.WorkflowType, contract.AttrVIN.GetName(), vin, since.Format(time.RFC3339), before.UTC().Format(time.RFC3339))
	var out []contract.PriorCase
	var token []byte
	for {
		resp, err := v.Client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: v.Namespace, Query: query, NextPageToken: token, PageSize: 100,
		})
		if err != nil {
			return nil, err
		}
		for _, e := range resp.Executions {
			var nature string
			if p := e.GetSearchAttributes().GetIndexedFields()[contract.AttrNature.GetName()]; p != nil {
				_ = converter.GetDefaultDataConverter().FromPayload(p, &nature)
			}
			if nature == "" {
				continue
			}
			out = append(out, contract.PriorCase{At: e.GetStartTime().AsTime().UTC().Format(time.RFC3339), Nature: contract.Nature(nature)})
		}
		if token = resp.NextPageToken; len(token) == 0 {
			return out, nil
		}
	}
}

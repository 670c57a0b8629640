package caseworker

import (
	"context"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// Records finds a vehicle's earlier cases for the yearly limits: in the
// record store, which keeps every closed case for years, and in Temporal's
// visibility for the closed cases the store does not hold (closed before the
// store was written, or whose record could not be written yet), for as long
// as the namespace's retention keeps them. A case in both counts once (by its
// case ID).
type Records struct {
	// Store is the record store; nil: visibility alone.
	Store activities.CaseRecords
	// Visibility reads the closed cases Temporal still has (VisibilityRecords).
	Visibility activities.CaseRecords
}

// PriorCases lists the earlier cases of vin in the calendar year of before,
// and the year before it.
func (r Records) PriorCases(ctx context.Context, vin string, before time.Time) ([]contract.PriorCase, error) {
	var out []contract.PriorCase
	seen := map[string]bool{}
	if r.Store != nil {
		stored, err := r.Store.PriorCases(ctx, vin, before)
		if err != nil {
			return nil, err
		}
		for _, p := range stored {
			seen[p.CaseID] = true
		}
		out = stored
	}
	visible, err := r.Visibility.PriorCases(ctx, vin, before)
	if err != nil {
		return nil, err
	}
	for _, p := range visible {
		if !seen[p.CaseID] {
			out = append(out, p)
		}
	}
	return out, nil
}

// VisibilityRecords finds a vehicle's earlier cases with a visibility query on
// the closed cases of the same VIN. The case's search attributes say what
// broke (Nature), why (Origin) and who handled it (Handler).
type VisibilityRecords struct {
	Client    client.Client
	Namespace string
}

// PriorCases lists the closed cases of vin that started in the calendar year of
// before, or the year before it, and before it.
func (v VisibilityRecords) PriorCases(ctx context.Context, vin string, before time.Time) ([]contract.PriorCase, error) {
	since := time.Date(before.UTC().Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
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
			fields := e.GetSearchAttributes().GetIndexedFields()
			nature := keyword(fields, contract.AttrNature.GetName())
			if nature == "" {
				continue
			}
			out = append(out, contract.PriorCase{At: e.GetStartTime().AsTime().UTC().Format(time.RFC3339), Nature: contract.Nature(nature),
				Origin:  contract.Origin(keyword(fields, contract.AttrOrigin.GetName())),
				Handler: contract.Handler(keyword(fields, contract.AttrHandler.GetName())),
				CaseID:  contract.NewCaseID(e.GetExecution().GetWorkflowId(), e.GetExecution().GetRunId())})
		}
		if token = resp.NextPageToken; len(token) == 0 {
			return out, nil
		}
	}
}

// keyword reads a Keyword search attribute; "" when it is missing.
func keyword(fields map[string]*commonpb.Payload, name string) string {
	var s string
	if p := fields[name]; p != nil {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &s)
	}
	return s
}

// OpenRecords opens the record store at c.Records, unless one is open
// already, with the payload keys that seal its records, and sets
// c.RecordStore; close it with the function returned once the worker stopped.
// Without a URL it opens nothing.
func (c *Config) OpenRecords(ctx context.Context, keys *encryption.Keys) (func() error, error) {
	if c.RecordStore != nil || c.Records == "" {
		return func() error { return nil }, nil
	}
	st, err := record.Open(ctx, c.Records, record.Options{Keys: keys})
	if err != nil {
		return nil, fmt.Errorf("-records: %w", err)
	}
	c.RecordStore = st
	return st.Close, nil
}

package starter

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"
)

// Filter selects cases by their search attributes (workflows.Attr*). Empty
// fields do not filter; the fields given are joined with AND.
type Filter struct {
	Stage     string
	MissionID string
	ClientID  string
	Plate     string
	VIN       string
	Origin    string
	Nature    string
	Handler   string
	// WaitingForApproval keeps the cases waiting for the client's approval.
	WaitingForApproval bool
	// WaitingForWarranty keeps the cases waiting for their warranty claim.
	WaitingForWarranty bool
	// NeedsOps keeps the running cases with an alert ops have not handled
	// (search attribute OpsAttention set); List returns them oldest alert first.
	NeedsOps bool
	// Attention keeps the cases with an unhandled alert of this kind
	// (contract.AlertKind), e.g. unassisted.
	Attention string
	// Late keeps the cases whose provider broke its promised arrival
	// (search attribute EtaBreached).
	Late bool
	// Open keeps the running cases.
	Open bool
	// Raw is a visibility query of its own, ANDed with the rest as it is.
	Raw string
	// Limit bounds the cases List returns; 0: no bound.
	Limit int
}

// Query returns the visibility query of the filter, always restricted to the
// case workflow type; values are quoted, so any text is safe.
func (f Filter) Query() string {
	clauses := []string{"WorkflowType = " + quote(contract.WorkflowType)}
	for _, c := range []struct{ attr, value string }{
		{contract.AttrStage.GetName(), f.Stage},
		{contract.AttrMissionID.GetName(), f.MissionID},
		{contract.AttrClientID.GetName(), f.ClientID},
		{contract.AttrPlate.GetName(), f.Plate},
		{contract.AttrVIN.GetName(), f.VIN},
		{contract.AttrOrigin.GetName(), f.Origin},
		{contract.AttrNature.GetName(), f.Nature},
		{contract.AttrHandler.GetName(), f.Handler},
	} {
		if c.value != "" {
			clauses = append(clauses, c.attr+" = "+quote(c.value))
		}
	}
	if f.Attention != "" {
		clauses = append(clauses, contract.AttrOpsAttention.GetName()+" = "+quote(f.Attention))
	}
	if f.Open || f.NeedsOps || f.Late {
		clauses = append(clauses, "ExecutionStatus = 'Running'")
	}
	if f.NeedsOps {
		clauses = append(clauses, contract.AttrOpsAttention.GetName()+" IS NOT NULL")
	}
	if f.WaitingForApproval {
		clauses = append(clauses, contract.AttrWaitingForApproval.GetName()+" = true")
	}
	if f.WaitingForWarranty {
		clauses = append(clauses, contract.AttrWaitingForWarranty.GetName()+" = true")
	}
	if f.Late {
		clauses = append(clauses, contract.AttrEtaBreached.GetName()+" = true")
	}
	if raw := strings.TrimSpace(f.Raw); raw != "" {
		clauses = append(clauses, "("+raw+")")
	}
	return strings.Join(clauses, " AND ")
}

// quote makes s a string literal of the visibility query language: single
// quotes, with quotes, backslashes and control characters escaped by a
// backslash (the escapes the server's SQL tokenizer decodes).
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case 0:
			b.WriteString(`\0`)
		case '\b':
			b.WriteString(`\b`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 26:
			b.WriteString(`\Z`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// CaseSummary is one case as the visibility store lists it.
type CaseSummary struct {
	WorkflowID string `json:"workflow_id"`
	RunID      string `json:"run_id"`
	// Status is the workflow's execution status: Running, Completed, Failed,
	// Canceled, Terminated, ContinuedAsNew or TimedOut.
	Status             string `json:"status"`
	Stage              string `json:"stage,omitempty"`
	MissionID          string `json:"mission_id,omitempty"`
	ClientID           string `json:"client_id,omitempty"`
	Plate              string `json:"plate,omitempty"`
	VIN                string `json:"vin,omitempty"`
	Origin             string `json:"origin,omitempty"`
	Nature             string `json:"nature,omitempty"`
	Handler            string `json:"handler,omitempty"`
	WaitingForApproval bool   `json:"waiting_for_approval"`
	// OpsAttention lists the kinds of the alerts ops have not handled; OpsSince
	// is when the oldest was raised.
	OpsAttention []string  `json:"ops_attention,omitempty"`
	OpsSince     time.Time `json:"ops_since,omitzero"`
	StartTime    time.Time `json:"start_time"`
	CloseTime    time.Time `json:"close_time,omitzero"`
}

// listPageSize is how many cases one visibility call returns.
const listPageSize = 100

// List returns the cases matching f, page after page, as the server orders
// them (most recent first); with NeedsOps, the oldest alert first (the SQL
// visibility stores cannot order by OpsSince, so List sorts them itself).
func (s *Cases) List(ctx context.Context, f Filter) ([]CaseSummary, error) {
	if f.NeedsOps {
		all := f
		all.Limit = 0
		out, err := s.list(ctx, all)
		sort.SliceStable(out, func(i, j int) bool { return out[i].OpsSince.Before(out[j].OpsSince) })
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
		return out, err
	}
	return s.list(ctx, f)
}

func (s *Cases) list(ctx context.Context, f Filter) ([]CaseSummary, error) {
	query := f.Query()
	var out []CaseSummary
	var token []byte
	for {
		resp, err := s.client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			PageSize: listPageSize, NextPageToken: token, Query: query,
		})
		if err != nil {
			return out, fmt.Errorf("listing cases where %s: %w", query, err)
		}
		for _, e := range resp.GetExecutions() {
			out = append(out, summarize(e))
			if f.Limit > 0 && len(out) >= f.Limit {
				return out, nil
			}
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return out, nil
		}
	}
}

// summarize reads a listed execution and its search attributes.
func summarize(e *workflowpb.WorkflowExecutionInfo) CaseSummary {
	fields := e.GetSearchAttributes().GetIndexedFields()
	keyword := func(name string) string {
		var v string
		if p, ok := fields[name]; ok {
			_ = converter.GetDefaultDataConverter().FromPayload(p, &v)
		}
		return v
	}
	var waiting bool
	if p, ok := fields[contract.AttrWaitingForApproval.GetName()]; ok {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &waiting)
	}
	var attention []string
	if p, ok := fields[contract.AttrOpsAttention.GetName()]; ok {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &attention)
	}
	var since time.Time
	if p, ok := fields[contract.AttrOpsSince.GetName()]; ok {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &since)
	}
	c := CaseSummary{
		WorkflowID:         e.GetExecution().GetWorkflowId(),
		RunID:              e.GetExecution().GetRunId(),
		Status:             e.GetStatus().String(),
		Stage:              keyword(contract.AttrStage.GetName()),
		MissionID:          keyword(contract.AttrMissionID.GetName()),
		ClientID:           keyword(contract.AttrClientID.GetName()),
		Plate:              keyword(contract.AttrPlate.GetName()),
		VIN:                keyword(contract.AttrVIN.GetName()),
		Origin:             keyword(contract.AttrOrigin.GetName()),
		Nature:             keyword(contract.AttrNature.GetName()),
		Handler:            keyword(contract.AttrHandler.GetName()),
		WaitingForApproval: waiting,
		OpsAttention:       attention,
		OpsSince:           since,
	}
	if t := e.GetStartTime(); t != nil {
		c.StartTime = t.AsTime()
	}
	if t := e.GetCloseTime(); t != nil {
		c.CloseTime = t.AsTime()
	}
	return c
}

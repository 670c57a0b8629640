package activities

import (
	"context"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// CaseRecord is what a case knows when it closes, normally or cancelled: the
// input of RecordCase, filled by the workflow from its state in one call:
//
//	workflow.ExecuteActivity(ctx, acts.RecordCase, activities.CaseRecord{
//		Outcome: outcome, Report: report, ClosedAt: workflow.Now(ctx).UTC().Format(time.RFC3339Nano), ...})
type CaseRecord struct {
	// Outcome is the case's outcome at close (what the outcome Query answers).
	Outcome contract.Outcome `json:"outcome"`
	// Report is the valet's report as the case holds it at close (with the
	// position given later, if any).
	Report contract.Report `json:"report"`
	// ClosedAt is when the case closed, in workflow time (RFC 3339); empty:
	// the time of the last step of the timeline.
	ClosedAt string `json:"closed_at,omitempty"`
	// CoverageReason is the coverage verdict's sentence (CoverageVerdict's
	// Result.Reason); empty: the reason code of Outcome.Coverage.
	CoverageReason string `json:"coverage_reason,omitempty"`
	// ApprovalReason says why the client was asked to pay: no_assistance,
	// not_covered:REASON, warranty_partial or warranty_refused; empty: the
	// client was not asked.
	ApprovalReason string `json:"approval_reason,omitempty"`
	// Services are the services provided, each with its provider; empty:
	// Outcome.Services, each from Outcome.Provider.
	Services []ServiceRecord `json:"services,omitempty"`
}

// ServiceRecord is one service provided in a case, and who provided it.
type ServiceRecord struct {
	Service  contract.Service `json:"service"`
	Provider string           `json:"provider"`
}

// Validate refuses a record that cannot be kept, naming the field: a record
// is found by its case ID, counted by its VIN and date, exported by its client.
func (r CaseRecord) Validate() error {
	var errs strictjson.FieldErrors
	workflowID, runID := splitCaseID(r.Outcome.CaseID)
	switch {
	case r.Outcome.CaseID == "":
		errs.Add("outcome.case_id", "is required: the record is kept under it")
	case workflowID == "" || runID == "":
		errs.Add("outcome.case_id", "must be WORKFLOW_ID/RUN_ID, got %q", r.Outcome.CaseID)
	}
	for _, f := range []struct{ field, value string }{
		{"report.mission_id", r.Report.MissionID}, {"report.client_id", r.Report.ClientID},
		{"report.vehicle.vin", r.Report.Vehicle.VIN}, {"report.vehicle.plate", r.Report.Vehicle.Plate},
	} {
		if f.value == "" {
			errs.Add(f.field, "is required")
		}
	}
	if _, err := time.Parse(time.RFC3339, r.Report.At); err != nil {
		errs.Add("report.at", "must be an RFC 3339 timestamp, got %q", r.Report.At)
	}
	if r.ClosedAt != "" {
		if _, err := time.Parse(time.RFC3339, r.ClosedAt); err != nil {
			errs.Add("closed_at", "must be an RFC 3339 timestamp, got %q", r.ClosedAt)
		}
	}
	return errs.Err()
}

// WorkflowID and RunID are the two halves of the case ID.
func (r CaseRecord) WorkflowID() string {
	wf, _ := splitCaseID(r.Outcome.CaseID)
	return wf
}

// RunID is the run of the case's workflow.
func (r CaseRecord) RunID() string {
	_, run := splitCaseID(r.Outcome.CaseID)
	return run
}

// Closed is when the case closed: ClosedAt, else the last step of the
// timeline, else the breakdown.
func (r CaseRecord) Closed() time.Time {
	if t, err := time.Parse(time.RFC3339, r.ClosedAt); err == nil {
		return t
	}
	for i := len(r.Outcome.Timeline) - 1; i >= 0; i-- {
		if t, err := time.Parse(time.RFC3339, r.Outcome.Timeline[i].At); err == nil {
			return t
		}
	}
	return r.Report.BrokeDownAt()
}

// ServicesProvided are the services with their providers: Services, or the
// outcome's services, each from the provider handling the case.
func (r CaseRecord) ServicesProvided() []ServiceRecord {
	if len(r.Services) > 0 {
		return r.Services
	}
	out := make([]ServiceRecord, len(r.Outcome.Services))
	for i, s := range r.Outcome.Services {
		out[i] = ServiceRecord{Service: s, Provider: r.Outcome.Provider}
	}
	return out
}

func splitCaseID(caseID string) (workflowID, runID string) {
	for i := len(caseID) - 1; i >= 0; i-- {
		if caseID[i] == '/' {
			return caseID[:i], caseID[i+1:]
		}
	}
	return caseID, ""
}

// CaseRecorder keeps the records of closed cases beside Temporal, for as
// long as the trade needs them (package record implements it over SQL).
type CaseRecorder interface {
	// Record writes the record of a closed case once: a case already
	// recorded is left as it is, and Record returns false.
	Record(ctx context.Context, r CaseRecord) (bool, error)
	// OwnerNotified notes when the vehicle's owner was sent the report link.
	OwnerNotified(ctx context.Context, caseID string, at time.Time) error
}

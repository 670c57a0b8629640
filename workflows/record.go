package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// recorder writes the case's record once it closed (docs/records.md): one
// RecordCase, on the normal close and on the cancelled (compensated) close
// alike, after the final outcome is set. It belongs to the close (closing.go).
type recorder struct {
	file     *caseFile
	ops      *opsInbox
	dispatch *dispatch
	services *additionalServices
}

// record writes the record of the closed case: its outcome as the Query
// answers it, the report as the case holds it (with the position given
// later), when it closed, the coverage verdict's sentence, why the client
// was asked to pay, and each service with its provider. It runs on a
// disconnected context, so a cancellation arriving meanwhile does not lose
// the record. A record the store did not take after its retries does not
// fail the case: it is traced and ops are alerted (record_not_written, or
// owner_not_notified when only the owner's notice did not go).
func (r *recorder) record(ctx workflow.Context) {
	ctx, _ = workflow.NewDisconnectedContext(ctx)
	f := r.file
	out := f.snapshot(r.dispatch.promise.at)
	rec := activities.CaseRecord{
		Outcome:        out,
		Report:         f.report,
		ClosedAt:       workflow.Now(ctx).UTC().Format(time.RFC3339Nano),
		ApprovalReason: out.ApprovalReason,
		Services:       servicesProvided(out),
	}
	if v := r.services.verdict; v != nil {
		rec.CoverageReason = v.Result.Reason
	}
	var receipt activities.RecordReceipt
	err := workflow.ExecuteActivity(withRecord(ctx), acts.RecordCase, rec).Get(ctx, &receipt)
	if err == nil {
		workflow.GetLogger(ctx).Info("recorded", "case", f.caseID, "new", receipt.New, "owner_notice", receipt.OwnerNotice)
		return
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() == activities.ErrTypeUnreachable {
		// The record is written before the owner's notice goes (RecordCase):
		// only the notice is missing.
		f.trace(ctx, "owner_not_notified", "the record is kept, but the owner %s could not be sent the report link: %v", f.report.Vehicle.OwnerID, err)
		r.ops.alert(ctx, contract.AlertOwnerNotNotified, "send owner %s the report of mission %s (vehicle %s) another way: %s",
			f.report.Vehicle.OwnerID, f.report.MissionID, f.report.Vehicle.Plate, out.ReportURL)
		return
	}
	f.trace(ctx, "record_not_written", "the case's record could not be written: %v", err)
	r.ops.alert(ctx, contract.AlertRecordNotWritten, "the record of case %s (mission %s, VIN %s) was not written (%v): make the record store writable and record the case while Temporal keeps it (docs/records.md)",
		f.caseID, f.report.MissionID, f.report.Vehicle.VIN, err)
}

// servicesProvided names each service of the outcome with its provider: the
// one the case ordered it from, the operator's partner for the valet's taxi,
// else the provider handling the case.
func servicesProvided(out contract.Outcome) []activities.ServiceRecord {
	services := make([]activities.ServiceRecord, len(out.Services))
	for i, s := range out.Services {
		provider, ok := out.ServiceProviders[s]
		switch {
		case ok:
		case s == contract.ServiceTaxi:
			provider = rules.TaxiRoute().Provider
		default:
			provider = out.Provider
		}
		services[i] = activities.ServiceRecord{Service: s, Provider: provider}
	}
	return services
}

// withRecord sets the options of RecordCase: a store that does not answer is
// tried again for five minutes, a record it can never keep is not.
func withRecord(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		Summary:                "record the case",
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 5 * time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			NonRetryableErrorTypes: []string{activities.ErrTypeInvalidRecord},
		},
	})
}

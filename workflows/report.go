package workflows

import (
	"encoding/json"
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
)

// reports is step 1 of the procedure, the valet's report: the report Updates
// a case received (the first is the one sent with the start,
// update-with-start; any later one the valet's app sending the same breakdown
// again), and what the case does at once with the report (secure.go): safety
// first, the client told, the vehicle's own assistance informed.
type reports struct {
	file    *caseFile
	calls   *calls
	notices *notifier
	ops     *opsInbox
	n       int
}

// register sets up the report Update.
func (r *reports) register(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateReport, r.onReport, workflow.UpdateHandlerOptions{
		Validator:   r.validateReport,
		Description: "The valet's report (sent with update-with-start); a repeat reaches the same case.",
	})
}

// validateReport accepts the report of this case's mission while it is open.
func (r *reports) validateReport(_ workflow.Context, raw json.RawMessage) error {
	rep, err := contract.ParseReport(raw) //workflowcheck:ignore pure decoding (see case.go)
	if err != nil {
		return err
	}
	if rep.MissionID != r.file.report.MissionID {
		return &strictjson.FieldError{
			Field:  "mission_id",
			Reason: fmt.Sprintf("this case is mission %s, not %s", r.file.report.MissionID, rep.MissionID),
		}
	}
	return r.file.closed()
}

// onReport answers a report with the case; a repeat is traced and restarts nothing.
func (r *reports) onReport(ctx workflow.Context, raw json.RawMessage) (contract.ReportReceipt, error) {
	rep, _ := contract.ParseReport(raw) //workflowcheck:ignore the validator accepted it; pure decoding
	r.n++
	duplicate := r.n > 1
	if duplicate {
		r.file.trace(ctx, "duplicate_report", "the report of mission %s arrived again (valet %s, %v): same case, nothing restarted",
			rep.MissionID, rep.ValetID, rep.Symptoms)
	}
	return contract.ReportReceipt{CaseID: r.file.caseID, Duplicate: duplicate, Stage: r.file.out.Stage}, nil
}

// refuseReports registers the report Update of a run whose input is invalid:
// its validator refuses every report with the reason of the report's own
// refusal (the same report as the input, sent with update-with-start), or else
// with the input's. The handler never runs: a refused Update leaves no trace.
func refuseReports(ctx workflow.Context, inputErr error) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateReport,
		func(workflow.Context, json.RawMessage) (contract.ReportReceipt, error) {
			return contract.ReportReceipt{}, inputErr
		},
		workflow.UpdateHandlerOptions{
			Validator: func(_ workflow.Context, raw json.RawMessage) error {
				_, err := contract.ParseReport(raw) //workflowcheck:ignore pure decoding (see case.go)
				if err != nil {
					return err
				}
				return fmt.Errorf("the case's input (the report it was started with) is refused: %w", inputErr)
			},
			Description: "The valet's report (sent with update-with-start); refused: this run's input is invalid.",
		})
}

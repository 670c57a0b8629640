package workflows

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/rules/coverage"
)

// registerHandlers sets up the case's Query and Updates. Validators only read
// the case; they refuse with a message naming the field and the reason, and a
// refused Update leaves no trace in the case's history.
func (c *caseRun) registerHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandlerWithOptions(ctx, contract.QueryOutcome, func() (contract.Outcome, error) {
		return c.snapshot(), nil
	}, workflow.QueryHandlerOptions{Description: "The case's outcome so far: stage, qualification, handler, services, notices and timeline."}); err != nil {
		return err
	}
	updates := []struct {
		name, description  string
		handler, validator any
	}{
		{contract.UpdateReport, "The valet's report (sent with update-with-start); a repeat reaches the same case.", c.onReport, c.validateReport},
		{contract.UpdateQualify, "Ops confirm or correct the qualification: {origin, nature, drivable?, operator?, note?}.", c.onQualify, c.validateQualify},
		{contract.UpdateDecide, "The client's decision on paid options: {choose: OPTION} or {decline: true}.", c.onDecide, c.validateDecide},
		{contract.UpdateChooseService, "The beneficiary's choice of additional service: {service, by?}.", c.onChooseService, c.validateChooseService},
		{contract.UpdateOverrideDecision, "Ops override the proposed mission decision: {mission, reason, operator?}.", c.onOverride, c.validateOverride},
		{contract.UpdateLocate, "The position of a vehicle reported without one: {lat, lon, accuracy_m?, source: valet|ops}; it answers the case's stage.", c.onLocate, c.validateLocate},
		{contract.UpdateCancel, "Cancel the case: {by: client|ops, reason}. Open assignments and the services ordered are cancelled at their providers.", c.onCancel, c.validateCancel},
		{contract.UpdateResolve, "Ops say what they did about an alert that needs a person: {kind, operator, action, note?}.", c.onResolve, c.validateResolve},
		{contract.UpdateAcknowledge, "Ops have seen an informative alert: {kind, operator, note?}.", c.onAcknowledge, c.validateAcknowledge},
	}
	for _, u := range updates {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler, workflow.UpdateHandlerOptions{
			Validator: u.validator, Description: u.description,
		}); err != nil {
			return err
		}
	}
	return nil
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

func (c *caseRun) validateReport(_ workflow.Context, raw json.RawMessage) error {
	r, err := contract.ParseReport(raw) //workflowcheck:ignore pure decoding (see case.go)
	if err != nil {
		return err
	}
	if r.MissionID != c.report.MissionID {
		return &strictjson.FieldError{
			Field:  "mission_id",
			Reason: fmt.Sprintf("this case is mission %s, not %s", c.report.MissionID, r.MissionID),
		}
	}
	return closedError(c)
}

func (c *caseRun) onReport(ctx workflow.Context, raw json.RawMessage) (contract.ReportReceipt, error) {
	r, _ := contract.ParseReport(raw) //workflowcheck:ignore the validator accepted it; pure decoding
	// The first report Update is the one sent with the start (update-with-start);
	// any later one is the valet's app sending the same breakdown again.
	c.reports++
	duplicate := c.reports > 1
	if duplicate {
		c.trace(ctx, "duplicate_report", "the report of mission %s arrived again (valet %s, %v): same case, nothing restarted",
			r.MissionID, r.ValetID, r.Symptoms)
	}
	return contract.ReportReceipt{CaseID: c.caseID, Duplicate: duplicate, Stage: c.out.Stage}, nil
}

func (c *caseRun) validateQualify(_ workflow.Context, q contract.QualifyRequest) error {
	if err := q.Validate(); err != nil {
		return err
	}
	if c.qualification != nil || c.opsQualify != nil {
		return errors.New("the case is already qualified (" + c.qualifiedBy() + "): the qualification window has closed")
	}
	return nil
}

func (c *caseRun) onQualify(ctx workflow.Context, q contract.QualifyRequest) (contract.Qualification, error) {
	applied := q.Apply(rules.ProposeQualification(c.report))
	c.opsQualify = &applied
	c.answered(ctx, contract.AnswerQualify, q.Operator, q.Note)
	return applied, nil
}

func (c *caseRun) validateDecide(_ workflow.Context, d contract.DecideRequest) error {
	if c.decision != nil {
		return errors.New("the client's decision was already taken")
	}
	return d.Validate(c.out.OptionsOffered, c.out.Approval)
}

func (c *caseRun) onDecide(_ workflow.Context, d contract.DecideRequest) (string, error) {
	c.decision = &d
	if d.Decline {
		return contract.ApprovalDeclined, nil
	}
	return contract.Approved(d.Choose), nil
}

func (c *caseRun) validateChooseService(_ workflow.Context, s contract.ServiceChoice) error {
	if c.entitlement == nil || c.out.Stage != contract.StageAwaitingChoice {
		return errors.New("no additional service is on offer for this case")
	}
	if err := coverage.ValidateChoice(*c.entitlement, append(c.chosen, c.choices...), s.Service); err != nil {
		return &strictjson.FieldError{Field: "service", Reason: err.Error()}
	}
	return nil
}

func (c *caseRun) onChooseService(ctx workflow.Context, s contract.ServiceChoice) (contract.Service, error) {
	c.chosen = append(c.chosen, s.Service)
	c.choices = append(c.choices, s.Service)
	c.trace(ctx, "service_chosen", "the beneficiary%s chose %s", by(s.By), s.Service)
	return s.Service, nil
}

func (c *caseRun) validateOverride(_ workflow.Context, o contract.OverrideRequest) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if c.qualification == nil {
		return errors.New("the case is not qualified yet: there is no decision to override")
	}
	if c.override != nil {
		return fmt.Errorf("ops already overrode the decision (%s)", c.override.Mission)
	}
	if c.out.Stage == contract.StageAwaitingOps && c.cancelBy != "" {
		return errors.New("the case was cancelled: there is no decision left to override")
	}
	return closedError(c)
}

func (c *caseRun) onOverride(ctx workflow.Context, o contract.OverrideRequest) (contract.MissionDecision, error) {
	c.override = &o
	c.trace(ctx, "decision_overridden", "ops%s decided %s: %s", by(o.Operator), o.Mission, o.Reason)
	c.answered(ctx, contract.AnswerOverride, o.Operator, o.Reason)
	return contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps}, nil
}

func (c *caseRun) validateCancel(_ workflow.Context, r contract.CancelRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if c.cancelBy != "" {
		return fmt.Errorf("the case is already being cancelled by %s", c.cancelBy)
	}
	if err := refuseAwaitingOps(c, "resolve its alerts, or override the decision"); err != nil {
		return err
	}
	return closedError(c)
}

func (c *caseRun) onCancel(ctx workflow.Context, r contract.CancelRequest) (contract.Outcome, error) {
	c.cancelBy, c.cancelWhy = r.By, r.Reason
	c.answered(ctx, contract.AnswerCancel, r.By, r.Reason)
	c.cancelCase()
	if err := workflow.Await(ctx, func() bool {
		return c.out.Stage == contract.StageClosed || c.out.Stage == contract.StageAwaitingOps
	}); err != nil {
		return c.snapshot(), err
	}
	return c.snapshot(), nil
}

func (c *caseRun) qualifiedBy() string {
	if c.qualification != nil {
		return "by " + c.qualification.By
	}
	return "by ops"
}

// closedError refuses a change to a closed case.
func closedError(c *caseRun) error {
	if c.out.Stage == contract.StageClosed {
		return errors.New("the case is closed")
	}
	return nil
}

package workflows

import (
	"errors"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// qualification is step 2 of the procedure: the rules propose origin, nature
// and drivable from the symptoms, ops confirm or correct it (Update qualify)
// within the qualification window, and the vehicle's compliance is checked
// whoever qualified it.
type qualification struct {
	file    *caseFile
	ops     *opsInbox
	notices *notifier
	// proposal is the rules' proposal; fromOps is ops' answer, if any.
	proposal contract.Qualification
	fromOps  *contract.Qualification
	// result is the qualification the case goes on with, once made.
	result *contract.Qualification
}

// qualify proposes a qualification from the symptoms and waits for ops to
// confirm or correct it during the qualification window; with no answer, the
// proposal stands and the trace says that rules, not ops, qualified the case.
func (q *qualification) qualify(ctx workflow.Context) error {
	f := q.file
	q.proposal = rules.ProposeQualification(f.report)
	f.enter(ctx, contract.StageQualifying, "waiting for ops to qualify the breakdown (proposed: "+string(q.proposal.Origin)+", "+string(q.proposal.Nature)+")")
	f.trace(ctx, "qualification_proposed", "%s", q.proposal.Reason)

	answered, err := waitFor(ctx, f.settings.QualificationWindow, "ops qualify (else rules)", func() bool { return q.fromOps != nil })
	if err != nil {
		return err
	}
	r := q.proposal
	if answered {
		r = *q.fromOps
	} else {
		r.Reason = "no answer from ops within " + f.settings.QualificationWindow.String() + ": the rules' proposal stands (" + q.proposal.Reason + ")"
	}
	// "Roulant et conforme": whoever qualified it, a vehicle that drives but is
	// not compliant may not go on without assistance.
	r = rules.WithCompliance(r, f.report.Symptoms)
	q.result = &r
	f.out.Origin, f.out.Nature, f.out.Drivable, f.out.QualifiedBy = r.Origin, r.Nature, r.Drivable, r.By
	f.out.NonCompliance = r.NonCompliance
	f.trace(ctx, "qualified", "origin %s, nature %s, drivable=%t, qualified by %s: %s", r.Origin, r.Nature, r.Drivable, r.By, r.Reason)
	q.notices.notify(ctx, contract.NoticeQualified, "The breakdown is qualified: %s (%s).", humanOrigin(r.Origin), r.Nature)
	return nil
}

// valetError reports whether the case is qualified a valet error.
func (q *qualification) valetError() bool {
	return q.result != nil && q.result.Origin == contract.OriginValetError
}

// goesOnWithoutAssistance reports whether the vehicle may go on as it is:
// drivable and compliant ("roulant et conforme"). A valet error never does: the
// valet no longer drives it and the operator's partner takes it away.
func (q *qualification) goesOnWithoutAssistance(ctx workflow.Context) bool {
	if !q.result.CanGoOn() {
		return false
	}
	if q.valetError() {
		q.file.trace(ctx, "valet_error_assisted", "valet error: the vehicle still drives, but the valet no longer drives it; the operator's partner takes it to a suitable destination")
		return false
	}
	return true
}

// register sets up the qualify Update.
func (q *qualification) register(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateQualify, q.onQualify, workflow.UpdateHandlerOptions{
		Validator: q.validateQualify, Description: "Ops confirm or correct the qualification: {origin, nature, drivable?, operator?, note?}.",
	})
}

// validateQualify accepts ops' qualification while the window is open.
func (q *qualification) validateQualify(_ workflow.Context, r contract.QualifyRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if q.result != nil || q.fromOps != nil {
		return errors.New("the case is already qualified (" + q.qualifiedBy() + "): the qualification window has closed")
	}
	return nil
}

// onQualify takes ops' qualification, applied to the rules' proposal.
func (q *qualification) onQualify(ctx workflow.Context, r contract.QualifyRequest) (contract.Qualification, error) {
	q.file.trace(ctx, "qualify_received", "%s qualifies the breakdown: origin %s, nature %s", sender(ctx, r.Operator), r.Origin, r.Nature)
	applied := r.Apply(rules.ProposeQualification(q.file.report))
	q.fromOps = &applied
	q.ops.answered(ctx, contract.AnswerQualify, r.Operator, r.Note)
	return applied, nil
}

// qualifiedBy says who qualified the case.
func (q *qualification) qualifiedBy() string {
	if q.result != nil {
		return "by " + q.result.By
	}
	return "by ops"
}

// humanOrigin is an origin in the client's words.
func humanOrigin(o contract.Origin) string {
	switch o {
	case contract.OriginValetError:
		return "an error of our valet"
	case contract.OriginOperatorFault:
		return "on our account"
	default:
		return "a mechanical breakdown, for the vehicle's own assistance"
	}
}

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
// whoever qualified it. After the window, the same Update is a
// re-qualification, while the case is open: the qualification part hands it
// to the re-qualifier (requalify.go), which applies it to the case.
type qualification struct {
	file    *caseFile
	ops     *opsInbox
	notices *notifier
	// requalifier applies a re-qualification after the window.
	requalifier requalifier
	// proposal is the rules' proposal; fromOps is ops' answer, if any.
	proposal contract.Qualification
	fromOps  *contract.Qualification
	// result is the qualification the case goes on with, once made.
	result *contract.Qualification
}

// requalifier applies a re-qualification by ops after the window: the new
// qualification (compliance checked) to the case's route, assistance and
// mission; busy while it is being applied.
type requalifier interface {
	requalify(ctx workflow.Context, next contract.Qualification)
	busy() bool
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
	q.record(ctx, rules.WithCompliance(r, f.report.Symptoms))
	q.notifyQualified(ctx)
	return nil
}

// record puts qualification r in force and shows it on the outcome.
func (q *qualification) record(ctx workflow.Context, r contract.Qualification) {
	f := q.file
	q.result = &r
	f.out.Origin, f.out.Nature, f.out.Drivable, f.out.QualifiedBy = r.Origin, r.Nature, r.Drivable, r.By
	f.out.NonCompliance = r.NonCompliance
	f.trace(ctx, "qualified", "origin %s, nature %s, drivable=%t, qualified by %s: %s", r.Origin, r.Nature, r.Drivable, r.By, r.Reason)
}

// notifyQualified tells the client the qualification in force.
func (q *qualification) notifyQualified(ctx workflow.Context) {
	q.notices.notify(ctx, contract.NoticeQualified, contract.NoticeFacts{Origin: q.result.Origin, Nature: q.result.Nature})
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
		Validator: q.validateQualify, Description: "Ops confirm or correct the qualification: {origin, nature, drivable?, operator?, note?}; after the qualification window, a re-qualification while the case is open.",
	})
}

// validateQualify accepts ops' qualification while the window is open, and a
// re-qualification after it while the case is open (one at a time).
func (q *qualification) validateQualify(_ workflow.Context, r contract.QualifyRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	switch {
	case q.result == nil && q.fromOps != nil:
		return errors.New("ops already qualified the case; it is being applied: re-qualify once it is")
	case q.result != nil && q.requalifier.busy():
		return errors.New("a re-qualification is being applied: send the next one once it is")
	}
	return q.file.closed()
}

// onQualify takes ops' qualification, applied to the rules' proposal within
// the window; after the window, applied to the qualification in force and
// handed to the re-qualifier.
func (q *qualification) onQualify(ctx workflow.Context, r contract.QualifyRequest) (contract.Qualification, error) {
	q.file.trace(ctx, "qualify_received", "%s qualifies the breakdown: origin %s, nature %s", sender(ctx, r.Operator), r.Origin, r.Nature)
	if q.result == nil {
		applied := r.Apply(rules.ProposeQualification(q.file.report))
		q.fromOps = &applied
		q.ops.answered(ctx, contract.AnswerQualify, r.Operator, r.Note)
		return applied, nil
	}
	q.ops.answered(ctx, contract.AnswerQualify, r.Operator, r.Note)
	q.requalifier.requalify(ctx, rules.WithCompliance(r.Apply(*q.result), q.file.report.Symptoms))
	return *q.result, nil
}

package workflows

import (
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// approval is the client's approval of paid options (step 5 of the
// procedure: a vehicle with no assistance of its own, or not covered), and of
// what a warranty leaves to the client (warranty.go): quotes, the request,
// reminders until the deadline, the client's decision (Update decide), expiry.
type approval struct {
	file    *caseFile
	notices *notifier
	ops     *opsInbox
	routing *routing
	// decision is the client's answer to the request pending.
	decision *contract.DecideRequest
}

// askApproval gets paid options quoted and asks the client to approve one. It
// returns the option approved (none: declined, expired or cancelled), or
// unquoted when no option could be quoted: there is nothing to approve.
func (a *approval) askApproval(ctx workflow.Context) (option string, unquoted bool, err error) {
	f := a.file
	options, failed, err := a.requestQuotes(ctx)
	if err != nil {
		return "", false, err
	}
	// Not covered and the vehicle's assistance cannot quote: the operator's
	// partner quotes instead, as the alternative (seed 000, section 5).
	if len(options) == 0 {
		primary := a.routing.route.Provider
		if alt, ok := rules.QuoteFallbackRoute(a.routing.route, failed.why); ok {
			a.routing.fallBack(ctx, alt)
			a.notices.notify(ctx, contract.NoticeAssistanceUnavailable,
				contract.NoticeFacts{Provider: primary, Why: failed.word, Alternative: alt.Provider})
			if options, failed, err = a.requestQuotes(ctx); err != nil {
				return "", false, err
			}
		}
	}
	if len(options) == 0 {
		a.ops.alert(ctx, contract.AlertUnassisted, "no paid option could be quoted for mission %s (%s %s): arrange assistance by hand", f.report.MissionID, a.routing.route.Provider, failed.why)
		return "", true, nil
	}
	d, decided, err := a.ask(ctx, options, "waiting for the client to approve a paid option: "+describeOptions(options), a.payFacts(""))
	if err != nil || !decided {
		return "", false, err
	}
	if d.Decline {
		f.trace(ctx, "approval_declined", "the client declined the paid options%s: nothing is ordered", by(d.By))
		return "", false, nil
	}
	a.routing.clientPays()
	f.trace(ctx, "approved", "the client approved %s%s, at its cost", d.Choose, by(d.By))
	return d.Choose, false, nil
}

// reapprove keeps the paid option the client approved when the case fell
// back to the route in force (seed 002 VI "aux frais du client"): the
// alternative quotes; no higher, the option stays approved at its price; higher
// (or not offered), the client is asked again. It returns the option to
// dispatch ("" when the client declined or did not answer in time), or quoted
// false when the alternative quoted nothing: it cannot take the option.
func (a *approval) reapprove(ctx workflow.Context, option string) (string, bool, error) {
	f := a.file
	options, failed, err := a.requestQuotes(ctx)
	if err != nil {
		return "", false, err
	}
	re := rules.ReapproveAfterFallback(a.approvedOption(option), options)
	f.trace(ctx, "reapproval", "%s", re.Reason)
	switch {
	case re.NoQuote:
		f.trace(ctx, "no_quote", "%s %s", a.routing.route.Provider, failed.why)
		return "", false, nil
	case !re.Ask:
		a.routing.clientPays()
		return re.Option.Option, true, nil
	}
	d, decided, err := a.ask(ctx, re.Options, "waiting for the client to approve the alternative's options: "+describeOptions(re.Options), a.payFacts(""))
	if err != nil || !decided {
		return "", true, err
	}
	if d.Decline {
		f.trace(ctx, "approval_declined", "the client declined the alternative's options%s: nothing is ordered", by(d.By))
		return "", true, nil
	}
	a.routing.clientPays()
	f.trace(ctx, "approved", "the client approved %s at %s%s, at its cost", d.Choose, a.routing.route.Provider, by(d.By))
	return d.Choose, true, nil
}

// approvedOption is the option the client approved, as it was quoted.
func (a *approval) approvedOption(option string) contract.Option {
	for _, o := range a.file.out.OptionsOffered {
		if o.Option == option {
			return o
		}
	}
	return contract.Option{Option: option}
}

// payFacts are what a request for approval rests on; warrantyState is the
// claim's state for what a warranty leaves to the client ("" otherwise).
func (a *approval) payFacts(warrantyState string) rules.PayFacts {
	return rules.PayFacts{HasOwnAssistance: a.file.report.Vehicle.Assistance != nil, Coverage: a.file.out.Coverage, Warranty: warrantyState}
}

// quoteFailure says why a provider gave no quote: in a sentence (why), and
// as the assistance_unavailable notice's word.
type quoteFailure struct{ why, word string }

// requestQuotes asks the routed provider for its paid options; with none, it
// says why the provider could not quote.
func (a *approval) requestQuotes(ctx workflow.Context) ([]contract.Option, quoteFailure, error) {
	f, provider := a.file, a.routing.route.Provider
	req := activities.QuoteRequest{
		IdempotencyKey: f.caseID + "/quote/" + provider,
		CaseID:         f.caseID, MissionID: f.report.MissionID, Provider: provider,
		Vehicle: f.report.Vehicle, Location: f.report.Location, Nature: f.out.Nature,
	}
	var options []contract.Option
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "quotes from "+provider), acts.RequestQuotes, req).Get(ctx, &options); err != nil {
		if isCancel(ctx, err) {
			return nil, quoteFailure{}, err
		}
		f.trace(ctx, "no_quote", "%s gave no quote: %v", provider, err)
		return nil, quoteFailure{why: "could not quote (" + err.Error() + ")", word: failureWord(err)}, nil
	}
	if len(options) == 0 {
		f.trace(ctx, "no_quote", "%s quoted no option", provider)
		return nil, quoteFailure{why: "quoted no option", word: contract.WhyRejected}, nil
	}
	return options, quoteFailure{}, nil
}

// ask asks the client to approve one of options or decline them (summary:
// where the case stands; pay: why the client pays) and waits for the
// decision (decided false: the approval expired, or ctx ended).
func (a *approval) ask(ctx workflow.Context, options []contract.Option, summary string, pay rules.PayFacts) (contract.DecideRequest, bool, error) {
	f := a.file
	a.decision = nil
	f.out.OptionsOffered = options
	f.out.Approval = contract.ApprovalPending
	f.out.ApprovalReason = rules.ApprovalReason(pay)
	f.enter(ctx, contract.StageAwaitingApproval, summary)
	a.notices.notify(ctx, contract.NoticeApprovalRequested, contract.NoticeFacts{Options: options, ApprovalReason: f.out.ApprovalReason,
		DeadlineMinutes: f.caseMinutes(f.settings.ApprovalDeadline)})
	d, decided, err := a.awaitDecision(ctx, options)
	if err != nil || !decided {
		return d, false, err
	}
	if d.Decline {
		f.out.Approval = contract.ApprovalDeclined
	} else {
		f.out.Approval = contract.Approved(d.Choose)
	}
	return d, true, nil
}

// awaitDecision waits for the client's decision on options, reminding the
// client until the approval deadline; then the approval expires, nothing is
// ordered and ops are alerted (decided is false).
func (a *approval) awaitDecision(ctx workflow.Context, options []contract.Option) (d contract.DecideRequest, decided bool, err error) {
	f := a.file
	deadline := workflow.Now(ctx).Add(f.settings.ApprovalDeadline)
	for {
		wait := min(deadline.Sub(workflow.Now(ctx)), f.settings.ReminderEvery)
		decided, err := waitFor(ctx, wait, "client's approval (deadline "+deadline.UTC().Format("15:04")+")", func() bool { return a.decision != nil })
		if err != nil {
			return d, false, err
		}
		if decided {
			return *a.decision, true, nil
		}
		if !workflow.Now(ctx).Before(deadline) {
			f.out.Approval = contract.ApprovalExpired
			f.trace(ctx, "approval_expired", "no decision from the client within %s: nothing paid is ordered", f.settings.ApprovalDeadline)
			a.ops.alert(ctx, contract.AlertApprovalExpired, "the client did not approve the paid options for mission %s in time; the mission is suspended", f.report.MissionID)
			return d, false, nil
		}
		a.notices.notify(ctx, contract.NoticeApprovalReminder, contract.NoticeFacts{Options: options, ApprovalReason: f.out.ApprovalReason,
			DeadlineMinutes: f.caseMinutes(deadline.Sub(workflow.Now(ctx)))})
	}
}

// withdrawRequest withdraws a request for approval still pending when a
// re-qualification routes the case anew: the route it was for is gone.
func (a *approval) withdrawRequest(ctx workflow.Context) {
	f := a.file
	if f.out.Approval != contract.ApprovalPending {
		return
	}
	f.out.Approval, f.out.ApprovalReason, f.out.OptionsOffered = contract.ApprovalNotRequired, "", nil
	f.trace(ctx, "approval_withdrawn", "the request for approval is withdrawn: the case is routed anew")
}

// cancel ends a pending approval with the case.
func (a *approval) cancel() {
	if a.file.out.Approval == contract.ApprovalPending {
		a.file.out.Approval = contract.ApprovalDeclined
	}
}

// register sets up the decide Update.
func (a *approval) register(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateDecide, a.onDecide, workflow.UpdateHandlerOptions{
		Validator: a.validateDecide, Description: "The client's decision on paid options: {choose: OPTION} or {decline: true}.",
	})
}

// validateDecide accepts one decision on the options pending, the approval
// page's only from our API (contract.DecideRequest.CheckSender).
func (a *approval) validateDecide(ctx workflow.Context, d contract.DecideRequest) error {
	if a.decision != nil {
		return errors.New("the client's decision was already taken")
	}
	if err := d.Validate(a.file.out.OptionsOffered, a.file.out.Approval); err != nil {
		return err
	}
	return d.CheckSender(principal(ctx))
}

// onDecide takes the client's decision; the trace says who took it: the
// approval page, ops (for whom), or another sender.
func (a *approval) onDecide(ctx workflow.Context, d contract.DecideRequest) (string, error) {
	a.decision = &d
	answer := contract.Approved(d.Choose)
	if d.Decline {
		answer = contract.ApprovalDeclined
	}
	a.file.trace(ctx, "decision_received", "%s: %s", d.DecidedBy(principal(ctx)), answer)
	return answer, nil
}

// failureWord is the assistance_unavailable notice's word for a provider call
// that failed: refused as such, or out of reach.
func failureWord(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() == activities.ErrTypeRefused {
		return contract.WhyRejected
	}
	return contract.WhyUnreachable
}

// describeOptions lists options with their prices.
func describeOptions(options []contract.Option) string {
	parts := make([]string, len(options))
	for i, o := range options {
		parts[i] = fmt.Sprintf("%s %.2f EUR", o.Option, o.PriceEUR)
	}
	return strings.Join(parts, ", ")
}

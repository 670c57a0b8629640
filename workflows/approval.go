package workflows

import (
	"errors"
	"fmt"
	"strings"

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
	options, why, err := a.requestQuotes(ctx)
	if err != nil {
		return "", false, err
	}
	// Not covered and the vehicle's assistance cannot quote: the operator's
	// partner quotes instead, as the alternative (seed 000, section 5).
	if len(options) == 0 {
		if alt, ok := rules.QuoteFallbackRoute(a.routing.route, why); ok {
			a.routing.fallBack(ctx, alt)
			a.notices.notify(ctx, contract.NoticeAssistanceUnavailable,
				"The vehicle's assistance %s: our own assistance partner quotes the options instead so the vehicle is not left immobilised.", why)
			if options, why, err = a.requestQuotes(ctx); err != nil {
				return "", false, err
			}
		}
	}
	if len(options) == 0 {
		a.ops.alert(ctx, contract.AlertUnassisted, "no paid option could be quoted for mission %s (%s %s): arrange assistance by hand", f.report.MissionID, a.routing.route.Provider, why)
		return "", true, nil
	}
	d, decided, err := a.ask(ctx, options, "waiting for the client to approve a paid option: "+describeOptions(options),
		"Assistance is at your cost for this vehicle. Options: %s. Please approve one.", describeOptions(options))
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

// requestQuotes asks the routed provider for its paid options; with none, it
// says why the provider could not quote.
func (a *approval) requestQuotes(ctx workflow.Context) ([]contract.Option, string, error) {
	f, provider := a.file, a.routing.route.Provider
	req := activities.QuoteRequest{
		IdempotencyKey: f.caseID + "/quote/" + provider,
		CaseID:         f.caseID, MissionID: f.report.MissionID, Provider: provider,
		Vehicle: f.report.Vehicle, Location: f.report.Location, Nature: f.out.Nature,
	}
	var options []contract.Option
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "quotes from "+provider), acts.RequestQuotes, req).Get(ctx, &options); err != nil {
		if isCancel(ctx, err) {
			return nil, "", err
		}
		f.trace(ctx, "no_quote", "%s gave no quote: %v", provider, err)
		return nil, "could not quote (" + err.Error() + ")", nil
	}
	if len(options) == 0 {
		f.trace(ctx, "no_quote", "%s quoted no option", provider)
		return nil, "quoted no option", nil
	}
	return options, "", nil
}

// ask asks the client to approve one of options or decline them (summary:
// where the case stands; the notice's format and args) and waits for the
// decision (decided false: the approval expired, or ctx ended).
func (a *approval) ask(ctx workflow.Context, options []contract.Option, summary, format string, args ...any) (contract.DecideRequest, bool, error) {
	f := a.file
	a.decision = nil
	f.out.OptionsOffered = options
	f.out.Approval = contract.ApprovalPending
	f.enter(ctx, contract.StageAwaitingApproval, summary)
	a.notices.notify(ctx, contract.NoticeApprovalRequested, format, args...)
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
		a.notices.notify(ctx, contract.NoticeApprovalReminder, "Reminder: your approval is needed before %s. Options: %s.",
			deadline.UTC().Format("15:04 MST"), describeOptions(options))
	}
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

// describeOptions lists options with their prices.
func describeOptions(options []contract.Option) string {
	parts := make([]string, len(options))
	for i, o := range options {
		parts[i] = fmt.Sprintf("%s %.2f EUR", o.Option, o.PriceEUR)
	}
	return strings.Join(parts, ", ")
}

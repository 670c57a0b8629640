package workflows

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// askApproval gets paid options quoted and waits for the client to approve one.
// The client is reminded until the approval deadline; then the approval expires,
// nothing is ordered and ops are alerted. It returns the approved option.
func (c *caseRun) askApproval(ctx workflow.Context) (string, bool, error) {
	options, why, err := c.requestQuotes(ctx)
	if err != nil {
		return "", false, err
	}
	// Not covered and the vehicle's assistance cannot quote: the operator's
	// partner quotes instead, as the alternative (seed 000, section 5).
	if len(options) == 0 {
		if alt, ok := rules.QuoteFallbackRoute(c.route, why); ok {
			c.trace(ctx, "fallback", "%s", alt.Reason)
			c.route = alt
			c.applyRoute(alt)
			c.out.Fallback = true
			c.notify(ctx, contract.NoticeAssistanceUnavailable,
				"The vehicle's assistance %s: our own assistance partner quotes the options instead so the vehicle is not left immobilised.", why)
			if options, why, err = c.requestQuotes(ctx); err != nil {
				return "", false, err
			}
		}
	}
	if len(options) == 0 {
		c.unassisted = true
		c.alertOps(ctx, contract.AlertUnassisted, "no paid option could be quoted for mission %s (%s %s): arrange assistance by hand", c.report.MissionID, c.route.Provider, why)
		return "", false, nil
	}
	c.out.OptionsOffered = options
	c.out.Approval = contract.ApprovalPending
	c.enter(ctx, contract.StageAwaitingApproval, "waiting for the client to approve a paid option: "+describeOptions(options))
	c.notify(ctx, contract.NoticeApprovalRequested, "Assistance is at your cost for this vehicle. Options: %s. Please approve one.", describeOptions(options))

	d, decided, err := c.awaitDecision(ctx, options)
	if err != nil || !decided {
		return "", false, err
	}
	if d.Decline {
		c.out.Approval = contract.ApprovalDeclined
		c.trace(ctx, "approval_declined", "the client declined the paid options%s: nothing is ordered", by(d.By))
		return "", false, nil
	}
	c.out.Approval = contract.Approved(d.Choose)
	c.out.Payer = contract.PayerClient
	c.trace(ctx, "approved", "the client approved %s%s, at its cost", d.Choose, by(d.By))
	return d.Choose, true, nil
}

// requestQuotes asks the routed provider for its paid options; with none, it
// says why the provider could not quote.
func (c *caseRun) requestQuotes(ctx workflow.Context) ([]contract.Option, string, error) {
	req := activities.QuoteRequest{
		IdempotencyKey: c.caseID + "/quote/" + c.route.Provider,
		CaseID:         c.caseID, MissionID: c.report.MissionID, Provider: c.route.Provider,
		Vehicle: c.report.Vehicle, Location: c.report.Location, Nature: c.qualification.Nature,
	}
	var options []contract.Option
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "quotes from "+c.route.Provider), acts.RequestQuotes, req).Get(ctx, &options); err != nil {
		if isCancel(ctx, err) {
			return nil, "", err
		}
		c.trace(ctx, "no_quote", "%s gave no quote: %v", c.route.Provider, err)
		return nil, "could not quote (" + err.Error() + ")", nil
	}
	if len(options) == 0 {
		c.trace(ctx, "no_quote", "%s quoted no option", c.route.Provider)
		return nil, "quoted no option", nil
	}
	return options, "", nil
}

// awaitDecision waits for the client's decision on options, reminding the
// client until the approval deadline; then the approval expires, nothing is
// ordered and ops are alerted (decided is false).
func (c *caseRun) awaitDecision(ctx workflow.Context, options []contract.Option) (d contract.DecideRequest, decided bool, err error) {
	deadline := workflow.Now(ctx).Add(c.settings.ApprovalDeadline)
	for {
		wait := deadline.Sub(workflow.Now(ctx))
		if wait > c.settings.ReminderEvery {
			wait = c.settings.ReminderEvery
		}
		decided, err := waitFor(ctx, wait, "client's approval (deadline "+deadline.UTC().Format("15:04")+")", func() bool { return c.decision != nil })
		if err != nil {
			return d, false, err
		}
		if decided {
			return *c.decision, true, nil
		}
		if !workflow.Now(ctx).Before(deadline) {
			c.out.Approval = contract.ApprovalExpired
			c.trace(ctx, "approval_expired", "no decision from the client within %s: nothing paid is ordered", c.settings.ApprovalDeadline)
			c.alertOps(ctx, contract.AlertApprovalExpired, "the client did not approve the paid options for mission %s in time; the mission is suspended", c.report.MissionID)
			return d, false, nil
		}
		c.notify(ctx, contract.NoticeApprovalReminder, "Reminder: your approval is needed before %s. Options: %s.",
			deadline.UTC().Format("15:04 MST"), describeOptions(options))
	}
}

func describeOptions(options []contract.Option) string {
	parts := make([]string, len(options))
	for i, o := range options {
		parts[i] = fmt.Sprintf("%s %.2f EUR", o.Option, o.PriceEUR)
	}
	return strings.Join(parts, ", ")
}

func by(who string) string {
	if who == "" {
		return ""
	}
	return " (" + who + ")"
}

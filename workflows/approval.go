package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/breakdown"
)

// askApproval gets paid options quoted and waits for the client to approve one.
// The client is reminded until the approval deadline; then the approval expires,
// nothing is ordered and ops are alerted. It returns the approved option.
func (c *caseRun) askApproval(ctx workflow.Context) (string, bool, error) {
	req := activities.QuoteRequest{
		IdempotencyKey: c.caseID + "/quote/" + c.route.Provider,
		CaseID:         c.caseID, MissionID: c.report.MissionID, Provider: c.route.Provider,
		Vehicle: c.report.Vehicle, Location: c.report.Location, Nature: c.qualification.Nature,
	}
	var options []breakdown.Option
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "quotes from "+c.route.Provider), acts.RequestQuotes, req).Get(ctx, &options); err != nil {
		if isCancel(ctx, err) {
			return "", false, err
		}
		c.trace(ctx, "no_quote", "%s gave no quote: %v", c.route.Provider, err)
		c.unassisted = true
		c.alertOps(ctx, breakdown.AlertUnassisted, "no paid option could be quoted for mission %s (%v): arrange assistance by hand", c.report.MissionID, err)
		return "", false, nil
	}
	if len(options) == 0 {
		c.trace(ctx, "no_quote", "%s quoted no option", c.route.Provider)
		c.unassisted = true
		c.alertOps(ctx, breakdown.AlertUnassisted, "%s quoted no option for mission %s: arrange assistance by hand", c.route.Provider, c.report.MissionID)
		return "", false, nil
	}
	c.out.OptionsOffered = options
	c.out.Approval = breakdown.ApprovalPending
	c.enter(ctx, breakdown.StageAwaitingApproval, "waiting for the client to approve a paid option: "+describeOptions(options))
	c.notify(ctx, breakdown.NoticeApprovalRequested, "Assistance is at your cost for this vehicle. Options: %s. Please approve one.", describeOptions(options))

	deadline := workflow.Now(ctx).Add(c.settings.ApprovalDeadline)
	for {
		wait := deadline.Sub(workflow.Now(ctx))
		if wait > c.settings.ReminderEvery {
			wait = c.settings.ReminderEvery
		}
		decided, err := waitFor(ctx, wait, "client's approval (deadline "+deadline.UTC().Format("15:04")+")", func() bool { return c.decision != nil })
		if err != nil {
			return "", false, err
		}
		if decided {
			break
		}
		if !workflow.Now(ctx).Before(deadline) {
			c.out.Approval = breakdown.ApprovalExpired
			c.trace(ctx, "approval_expired", "no decision from the client within %s: nothing paid is ordered", c.settings.ApprovalDeadline)
			c.alertOps(ctx, breakdown.AlertApprovalExpired, "the client did not approve the paid options for mission %s in time; the mission is suspended", c.report.MissionID)
			return "", false, nil
		}
		c.notify(ctx, breakdown.NoticeApprovalReminder, "Reminder: your approval is needed before %s. Options: %s.",
			deadline.UTC().Format("15:04 MST"), describeOptions(options))
	}
	d := *c.decision
	if d.Decline {
		c.out.Approval = breakdown.ApprovalDeclined
		c.trace(ctx, "approval_declined", "the client declined the paid options%s: nothing is ordered", by(d.By))
		return "", false, nil
	}
	c.out.Approval = breakdown.Approved(d.Choose)
	c.out.Payer = breakdown.PayerClient
	c.trace(ctx, "approved", "the client approved %s%s, at its cost", d.Choose, by(d.By))
	return d.Choose, true, nil
}

func describeOptions(options []breakdown.Option) string {
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

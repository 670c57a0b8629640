package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// qualify proposes a qualification from the symptoms and waits for ops to
// confirm or correct it during the qualification window; with no answer, the
// proposal stands and the trace says that rules, not ops, qualified the case.
func (c *caseRun) qualify(ctx workflow.Context) error {
	c.proposal = rules.ProposeQualification(c.report)
	c.enter(ctx, contract.StageQualifying, "waiting for ops to qualify the breakdown (proposed: "+string(c.proposal.Origin)+", "+string(c.proposal.Nature)+")")
	c.trace(ctx, "qualification_proposed", "%s", c.proposal.Reason)

	answered, err := waitFor(ctx, c.settings.QualificationWindow, "ops qualify (else rules)", func() bool { return c.opsQualify != nil })
	if err != nil {
		return err
	}
	q := c.proposal
	if answered {
		q = *c.opsQualify
	} else {
		q.Reason = "no answer from ops within " + c.settings.QualificationWindow.String() + ": the rules' proposal stands (" + c.proposal.Reason + ")"
	}
	// "Roulant et conforme": whoever qualified it, a vehicle that drives but is
	// not compliant may not go on without assistance.
	q = rules.WithCompliance(q, c.report.Symptoms)
	c.qualification = &q
	c.out.Origin, c.out.Nature, c.out.Drivable, c.out.QualifiedBy = q.Origin, q.Nature, q.Drivable, q.By
	c.out.NonCompliance = q.NonCompliance
	c.trace(ctx, "qualified", "origin %s, nature %s, drivable=%t, qualified by %s: %s", q.Origin, q.Nature, q.Drivable, q.By, q.Reason)
	c.notify(ctx, contract.NoticeQualified, "The breakdown is qualified: %s (%s).", humanOrigin(q.Origin), q.Nature)
	return nil
}

// routeCase decides who handles the case and who pays.
func (c *caseRun) routeCase(ctx workflow.Context) {
	c.enter(ctx, contract.StageRouting, "routing the case")
	c.route = rules.RouteCase(*c.qualification, c.report.Vehicle)
	c.applyRoute(c.route)
	c.trace(ctx, "routed", "%s → %s, paid by %s", c.route.Reason, c.route.Provider, c.route.Payer)
}

// applyRoute shows a route on the outcome.
func (c *caseRun) applyRoute(r rules.Route) {
	c.out.Handler, c.out.Provider, c.out.Payer, c.out.Liability = r.Handler, r.Provider, r.Payer, r.Liability
}

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

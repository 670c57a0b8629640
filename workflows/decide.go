package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// stopMissionAtOnce stops the mission as soon as the breakdown is qualified as
// the valet's error (the conveying operator's procedure: "la mission est immédiatement arrêtée", docs/glossary.md).
func (c *caseRun) stopMissionAtOnce(ctx workflow.Context) {
	d := rules.DecideMission(c.facts())
	c.applyDecision(ctx, d)
	c.missionFinal = true
}

// decideAndClose proposes the decision on the mission, leaves ops a short window
// to override it, applies it, tells the client and closes the case.
func (c *caseRun) decideAndClose(ctx workflow.Context) error {
	if !c.missionFinal || c.override != nil {
		proposal := rules.DecideMission(c.facts())
		c.out.Mission, c.out.MissionReason = proposal.Mission, proposal.Reason
		c.enter(ctx, contract.StageDeciding, "proposed decision: "+string(proposal.Mission)+" — ops may override")
		c.trace(ctx, "decision_proposed", "%s: %s", proposal.Mission, proposal.Reason)
		if c.override == nil {
			if _, err := waitFor(ctx, c.settings.DecisionWindow, "ops may override: "+string(proposal.Mission), func() bool { return c.override != nil }); err != nil {
				return err
			}
		}
		d := proposal
		if o := c.override; o != nil {
			d = contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps}
		}
		c.applyDecision(ctx, d)
		c.overrideApplied = c.override != nil
	}
	if c.awaitOps(ctx) && ctx.Err() != nil {
		// Cancelled while waiting for ops: the decision stands, the case closes.
		ctx, _ = workflow.NewDisconnectedContext(ctx)
	}
	c.closeCase(ctx)
	return nil
}

// applyDecision records a decision, tells the mission system and the client.
func (c *caseRun) applyDecision(ctx workflow.Context, d contract.MissionDecision) {
	c.out.Mission, c.out.MissionReason = d.Mission, d.Reason
	c.trace(ctx, "mission_decided", "%s by %s: %s", d.Mission, d.By, d.Reason)
	c.updateMission(ctx, d)
	c.notify(ctx, contract.NoticeMissionDecision, "Mission %s: %s (%s).", c.report.MissionID, d.Mission, d.Reason)
}

// closeCase ends the case and tells the client.
func (c *caseRun) closeCase(ctx workflow.Context) {
	c.notify(ctx, contract.NoticeCaseClosed, "The breakdown case of mission %s is closed: mission %s.", c.report.MissionID, c.out.Mission)
	c.enter(ctx, contract.StageClosed, "closed: mission "+string(c.out.Mission))
	c.index(ctx) // the last state, written before the case ends
	c.trace(ctx, "closed", "case closed; services: %v", c.out.Services)
}

// facts gathers what the decision on the mission rests on.
func (c *caseRun) facts() rules.MissionFacts {
	f := rules.MissionFacts{
		Approval:       c.out.Approval,
		Final:          c.final,
		TowDestination: c.out.TowDestination,
		Unassisted:     c.unassisted,
		CancelledBy:    c.cancelBy,
		Warranty:       c.out.Warranty,
	}
	if q := c.qualification; q != nil {
		f.Origin, f.Drivable = q.Origin, q.CanGoOn()
	}
	return f
}

package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// stopMissionAtOnce stops the mission as soon as the breakdown is qualified as
// the valet's error (the conveying operator's procedure: "la mission est
// immédiatement arrêtée", docs/glossary.md).
func (k *closing) stopMissionAtOnce(ctx workflow.Context) {
	k.applyDecision(ctx, rules.DecideMission(k.missionFacts()))
	k.missionFinal = true
}

// closeUnassisted closes a case for which no assistance can be had.
func (k *closing) closeUnassisted(ctx workflow.Context) error {
	k.unassisted = true
	return k.decideAndClose(ctx)
}

// decideAndClose proposes the decision on the mission, leaves ops a short window
// to override it, applies it, tells the client and closes the case.
func (k *closing) decideAndClose(ctx workflow.Context) error {
	f := k.file
	if !k.missionFinal || k.override != nil {
		proposal := rules.DecideMission(k.missionFacts())
		f.out.Mission, f.out.MissionReason = proposal.Mission, proposal.Reason
		f.enter(ctx, contract.StageDeciding, "proposed decision: "+string(proposal.Mission)+" — ops may override")
		f.trace(ctx, "decision_proposed", "%s: %s", proposal.Mission, proposal.Reason)
		if k.override == nil {
			if _, err := waitFor(ctx, f.settings.DecisionWindow, "ops may override: "+string(proposal.Mission), func() bool { return k.override != nil }); err != nil {
				return err
			}
		}
		d := proposal
		if o := k.override; o != nil {
			d = contract.MissionDecision{Mission: o.Mission, Reason: o.Reason, By: contract.QualifiedByOps}
		}
		// A re-qualification meanwhile may have stopped the mission at once:
		// that decision stands, unless ops override it.
		if !k.missionFinal || k.override != nil {
			k.applyDecision(ctx, d)
			k.overrideApplied = k.override != nil
		}
	}
	if k.awaitOps(ctx) && ctx.Err() != nil {
		// Cancelled while waiting for ops: the decision stands, the case closes.
		ctx, _ = workflow.NewDisconnectedContext(ctx)
	}
	k.closeCase(ctx)
	return nil
}

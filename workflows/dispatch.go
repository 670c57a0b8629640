package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// serviceAssistance is what a dispatch asks when the provider chooses (repair
// on site or tow); anything else is a paid option the client approved.
const serviceAssistance = "assistance"

// send sends the case to the routed provider for service; a provider that
// stays saturated, cannot be reached or refuses is replaced by the operator's
// partners in turn, and the client is told. A paid option the client approved
// stays the client's with the alternative, asked again at a higher price. It
// reports false when no assistance could be had (the client is told, ops are
// alerted), or the client declined or did not answer the new request.
func (d *dispatch) send(ctx workflow.Context, service string) (assisted bool, err error) {
	r := d.routing
	r.firstPartner(ctx)
	res, err := d.requestUntilAnswered(ctx, r.route, service)
	if err != nil {
		return false, err
	}
	for !res.accepted {
		alt, ok := r.nextAlternative(ctx, r.route, res.why)
		if !ok {
			d.giveUp(ctx, res.why)
			return false, nil
		}
		replaced := r.route.Provider
		r.fallBack(ctx, alt)
		d.notices.notify(ctx, contract.NoticeAssistanceUnavailable, contract.NoticeFacts{Provider: replaced, Why: res.word, Alternative: alt.Provider})
		if service != serviceAssistance {
			option, quoted, err := d.approval.reapprove(ctx, service)
			switch {
			case err != nil:
				return false, err
			case !quoted:
				res = dispatchResult{why: "quoted nothing for the approved " + service, word: contract.WhyRejected}
				continue
			case option == "":
				return false, nil
			}
			service = option
		}
		if res, err = d.requestUntilAnswered(ctx, alt, service); err != nil {
			return false, err
		}
	}
	if err := d.keepToPromise(ctx); err != nil {
		return false, err
	}
	d.dispatched(ctx, d.current)
	return true, nil
}

// giveUp records that no assistance could be had: the operator's partner
// itself is unavailable. The client is told and ops are alerted; the mission
// will be suspended.
func (d *dispatch) giveUp(ctx workflow.Context, why string) {
	f, provider := d.file, d.routing.route.Provider
	f.trace(ctx, "unassisted", "%s %s and there is no other alternative", provider, why)
	d.notices.notify(ctx, contract.NoticeAssistanceUnavailable, contract.NoticeFacts{Provider: provider, Why: contract.WhyNoneLeft})
	d.ops.alert(ctx, contract.AlertUnassisted, "no assistance could be had for mission %s: %s %s; the vehicle is immobilised", f.report.MissionID, provider, why)
}

package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// send sends the case to the routed provider for service; a provider that
// stays saturated, cannot be reached or refuses is replaced by the operator's
// partners in turn, and the client is told. It reports false when no
// assistance could be had: the client is told, ops are alerted.
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
		r.fallBack(ctx, alt)
		d.notices.notify(ctx, contract.NoticeAssistanceUnavailable,
			"The vehicle's assistance %s: we have sent our own assistance partner instead so the vehicle is not left immobilised.", res.why)
		if res, err = d.requestUntilAnswered(ctx, alt, service); err != nil {
			return false, err
		}
	}
	if err := d.keepToPromise(ctx); err != nil {
		return false, err
	}
	res.answer.ETASeconds = d.current.ETASeconds
	d.file.enter(ctx, contract.StageAssisting, fmt.Sprintf("%s on its way (ETA %s)", r.route.Provider, eta(res.answer)))
	d.notices.notify(ctx, contract.NoticeAssistanceDispatched, "%s is on its way to the vehicle, expected in %s.", r.route.Provider, eta(res.answer))
	return true, nil
}

// giveUp records that no assistance could be had: the operator's partner
// itself is unavailable. The client is told and ops are alerted; the mission
// will be suspended.
func (d *dispatch) giveUp(ctx workflow.Context, why string) {
	f, provider := d.file, d.routing.route.Provider
	f.trace(ctx, "unassisted", "%s %s and there is no other alternative", provider, why)
	d.notices.notify(ctx, contract.NoticeAssistanceUnavailable,
		"No assistance can be had for your vehicle right now: %s %s. Our staff are on it; the mission is suspended meanwhile.", provider, why)
	d.ops.alert(ctx, contract.AlertUnassisted, "no assistance could be had for mission %s: %s %s; the vehicle is immobilised", f.report.MissionID, provider, why)
}

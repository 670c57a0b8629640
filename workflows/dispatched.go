package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// dispatched tells the client and the valet that assignment a is on its way:
// who, and when it is expected (the promise in force), in the case's own
// time; the valet gets the tracking link.
func (d *dispatch) dispatched(ctx workflow.Context, a *assignment) {
	f := d.file
	facts := contract.NoticeFacts{}
	if !d.promise.at.IsZero() {
		now := workflow.Now(ctx)
		facts = f.arrivalFacts(now, d.promise.at.Sub(now))
	}
	facts.Provider, facts.Handler = a.Provider, d.routing.route.Handler
	expected := "ETA unknown"
	if facts.ETAMinutes > 0 {
		expected = fmt.Sprintf("expected in %d min", facts.ETAMinutes)
	}
	f.enter(ctx, contract.StageAssisting, fmt.Sprintf("%s on its way (%s)", a.Provider, expected))
	d.notices.notify(ctx, contract.NoticeAssistanceDispatched, facts)
	d.notices.notifyValet(ctx, contract.ValetAssistanceDispatched, facts, f.links.Tracking)
}

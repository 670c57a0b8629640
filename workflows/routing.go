package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// routing is step 3 of the procedure and what follows from it: the route in
// force (who handles the case, who pays) and the operator's partners ranked
// for the case (partners.go). Dispatch, approval, coverage and the services
// read the route; only routing changes it and shows it on the outcome.
type routing struct {
	file  *caseFile
	calls *calls
	// route is the route in force.
	route rules.Route
	// ranked are the operator's partners ranked for the case, asked holds the
	// providers already asked (partners.go).
	ranked []string
	asked  map[string]bool
}

// routeCase decides who handles the qualified case and who pays.
func (r *routing) routeCase(ctx workflow.Context, q contract.Qualification) {
	r.file.enter(ctx, contract.StageRouting, "routing the case")
	r.route = rules.RouteCase(q, r.file.report.Vehicle)
	r.show(r.route)
	r.file.trace(ctx, "routed", "%s → %s, paid by %s", r.route.Reason, r.route.Provider, r.route.Payer)
}

// fallBack puts the alternative alt in force: the case counts as a fallback.
func (r *routing) fallBack(ctx workflow.Context, alt rules.Route) {
	r.file.trace(ctx, "fallback", "%s", alt.Reason)
	r.route = alt
	r.show(alt)
	r.file.out.Fallback = true
}

// reroute puts in force the route a re-qualification gave (not a fallback:
// fallback is what the outcome shows from now on).
func (r *routing) reroute(ctx workflow.Context, rt rules.Route, fallback bool) {
	r.route = rt
	r.show(rt)
	r.file.out.Fallback = fallback
	r.file.trace(ctx, "rerouted", "%s", rt.Reason)
}

// needsPaidOptions makes the route one of paid options the client approves
// (the vehicle's program does not cover the breakdown).
func (r *routing) needsPaidOptions() { r.route.PaidOptions = true }

// clientPays records that the client approved a paid option, at its cost.
func (r *routing) clientPays() {
	r.route.Payer = contract.PayerClient
	r.file.out.Payer = contract.PayerClient
}

// show shows a route on the outcome.
func (r *routing) show(rt rules.Route) {
	out := &r.file.out
	out.Handler, out.Provider, out.Payer, out.Liability = rt.Handler, rt.Provider, rt.Payer, rt.Liability
}

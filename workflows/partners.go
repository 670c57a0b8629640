package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
	"github.com/valetops/assistance/rules/partners"
)

// The operator's partners are a ranked list (package partners): a case routed
// to the operator's partner asks the first, and each alternative is the next
// partner not asked yet.

// rankedPartners is the operator's partners ranked for this case, asked once.
func (r *routing) rankedPartners(ctx workflow.Context) []string {
	if r.ranked != nil {
		return r.ranked
	}
	f := r.file
	// The position is known by now: routing waits for it (position.go).
	lat, lon, _ := f.report.Location.Position()
	need := partners.Need{Lat: lat, Lon: lon, WeightKg: f.report.Vehicle.WeightKg,
		Electric: f.report.Vehicle.Energy == "electric", At: f.now(ctx)}
	var ranked []partners.Ranked
	if err := r.calls.quick(ctx, "rank the operator's partners", &ranked, acts.RankPartners, need); err != nil {
		f.trace(ctx, "partners_default", "could not rank the operator's partners (%v): %s only", err, contract.OperatorPartner)
		r.ranked = []string{contract.OperatorPartner}
		return r.ranked
	}
	r.ranked = []string{}
	var described, passed []string
	for _, p := range ranked {
		if p.Passed {
			passed = append(passed, fmt.Sprintf("%s (%s)", p.ID, p.Why))
			continue
		}
		r.ranked = append(r.ranked, p.ID)
		why := p.Why
		if why == "" { // ranked by a build that said no more
			why = fmt.Sprintf("about %.0f min, reliability %.2f", p.ArrivalMin, p.Reliability)
		}
		described = append(described, fmt.Sprintf("%s (%s depot, %.0f km, %.0f EUR): %s", p.ID, p.Depot, p.DistanceKm, p.PriceEUR, why))
	}
	if len(described) == 0 {
		described = append(described, "none able to take the vehicle and open now")
	}
	trace := "the operator's partners for this case, in the order they are asked: " + strings.Join(described, "; ")
	if len(passed) > 0 {
		trace += ". Passed over: " + strings.Join(passed, "; ")
	}
	f.trace(ctx, "partners_ranked", "%s", trace)
	return r.ranked
}

// isPartner reports whether provider is one of the operator's partners.
func (r *routing) isPartner(provider string) bool {
	if provider == contract.OperatorPartner {
		return true
	}
	for _, id := range r.ranked {
		if id == provider {
			return true
		}
	}
	return false
}

// firstPartner routes a case sent to the operator's partner to the first
// partner of the ranking (the paid options a client approved stay with the
// partner that quoted them).
func (r *routing) firstPartner(ctx workflow.Context) {
	if r.route.Provider != contract.OperatorPartner || r.route.PaidOptions {
		return
	}
	ranked := r.rankedPartners(ctx)
	if len(ranked) == 0 || ranked[0] == r.route.Provider {
		return
	}
	r.file.trace(ctx, "partner_chosen", "%s is the first of the operator's partners for this case", ranked[0])
	r.route.Provider = ranked[0]
	r.show(r.route)
}

// nextAlternative is the route that replaces from's provider, which why: the
// vehicle's own assistance is replaced by the first partner (at the client's
// cost when it was a paid option the client approved), a partner by the next
// one not asked yet. False when every partner was asked.
func (r *routing) nextAlternative(ctx workflow.Context, from rules.Route, why string) (rules.Route, bool) {
	if r.asked == nil {
		r.asked = map[string]bool{}
	}
	r.asked[from.Provider] = true
	next := ""
	for _, id := range r.rankedPartners(ctx) {
		if !r.asked[id] {
			next = id
			break
		}
	}
	if next == "" {
		return rules.Route{}, false
	}
	alt := from
	if !r.isPartner(from.Provider) {
		// A paid option the client approved stays the client's (seed 002 VI
		// "aux frais du client").
		fallback := rules.FallbackRoute
		if from.PaidOptions {
			fallback = rules.PaidFallbackRoute
		}
		var ok bool
		if alt, ok = fallback(from, why); !ok {
			return rules.Route{}, false
		}
	} else {
		alt.Reason = fmt.Sprintf("%s %s: the operator sets up its next partner as the alternative", from.Provider, why)
	}
	alt.Provider = next
	return alt, true
}

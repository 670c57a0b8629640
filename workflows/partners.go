package workflows

import (
	"fmt"
	"strings"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/providers/partners"
)

// The operator's partners are a ranked list (package partners): a case routed
// to the operator's partner asks the first, and each alternative is the next
// partner not asked yet.

// rankedPartners is the operator's partners ranked for this case, asked once.
func (c *caseRun) rankedPartners(ctx workflow.Context) []string {
	if c.ranked != nil {
		return c.ranked
	}
	// The position is known by now: routing waits for it (position.go).
	lat, lon, _ := c.report.Location.Position()
	need := partners.Need{Lat: lat, Lon: lon, WeightKg: c.report.Vehicle.WeightKg,
		Electric: c.report.Vehicle.Energy == "electric",
		At:       c.settings.CaseTime(c.report.ReachedAssistanceAt(), c.opened, workflow.Now(ctx))}
	var ranked []partners.Ranked
	if err := c.quick(ctx, "rank the operator's partners", &ranked, acts.RankPartners, need); err != nil {
		c.trace(ctx, "partners_default", "could not rank the operator's partners (%v): %s only", err, contract.OperatorPartner)
		c.ranked = []string{contract.OperatorPartner}
		return c.ranked
	}
	c.ranked = []string{}
	described := make([]string, 0, len(ranked))
	for _, r := range ranked {
		c.ranked = append(c.ranked, r.ID)
		described = append(described, fmt.Sprintf("%s (%s depot, %.0f km, about %.0f min, %.0f EUR, reliability %.2f)",
			r.ID, r.Depot, r.DistanceKm, r.ArrivalMin, r.PriceEUR, r.Reliability))
	}
	if len(described) == 0 {
		described = append(described, "none able to take the vehicle and open now")
	}
	c.trace(ctx, "partners_ranked", "the operator's partners for this case: %s", strings.Join(described, "; "))
	return c.ranked
}

// isPartner reports whether provider is one of the operator's partners.
func (c *caseRun) isPartner(provider string) bool {
	if provider == contract.OperatorPartner {
		return true
	}
	for _, id := range c.ranked {
		if id == provider {
			return true
		}
	}
	return false
}

// firstPartner routes a case sent to the operator's partner to the first
// partner of the ranking (the paid options a client approved stay with the
// partner that quoted them).
func (c *caseRun) firstPartner(ctx workflow.Context) {
	if c.route.Provider != contract.OperatorPartner || c.route.PaidOptions {
		return
	}
	ranked := c.rankedPartners(ctx)
	if len(ranked) == 0 || ranked[0] == c.route.Provider {
		return
	}
	c.trace(ctx, "partner_chosen", "%s is the first of the operator's partners for this case", ranked[0])
	c.route.Provider = ranked[0]
	c.applyRoute(c.route)
}

// nextAlternative is the route that replaces from's provider, which why: the
// vehicle's own assistance is replaced by the first partner, a partner by the
// next one not asked yet. False when every partner was asked.
func (c *caseRun) nextAlternative(ctx workflow.Context, from rules.Route, why string) (rules.Route, bool) {
	if c.asked == nil {
		c.asked = map[string]bool{}
	}
	c.asked[from.Provider] = true
	next := ""
	for _, id := range c.rankedPartners(ctx) {
		if !c.asked[id] {
			next = id
			break
		}
	}
	if next == "" {
		return rules.Route{}, false
	}
	alt := from
	if !c.isPartner(from.Provider) {
		var ok bool
		if alt, ok = rules.FallbackRoute(from, why); !ok {
			return rules.Route{}, false
		}
	} else {
		alt.Reason = fmt.Sprintf("%s %s: the operator sets up its next partner as the alternative", from.Provider, why)
	}
	alt.Provider = next
	return alt, true
}

package rules

import (
	"fmt"

	"github.com/valetops/assistance/contract"
)

// Seed 000 §2: the origin "conditionne la prise en charge", and "nos équipes"
// qualify it. Ops may re-qualify a case after the qualification window, while
// it is open (DOMAIN.md, "Ops may re-qualify after the window").

// AssistanceStage is where the assistance of a case stands when ops
// re-qualify it.
type AssistanceStage string

// The stages of the assistance a re-qualification tells apart.
const (
	// AssistanceNotAsked: nobody was asked yet (qualifying, waiting for the
	// position, routing, waiting for the client's approval).
	AssistanceNotAsked AssistanceStage = "not_asked"
	// AssistanceRequested: a dispatch was sent or an assignment is held, and
	// the provider is not at the vehicle yet.
	AssistanceRequested AssistanceStage = "requested"
	// AssistanceOnSite: the provider reached the vehicle (on_site, or a
	// milestone that puts it there).
	AssistanceOnSite AssistanceStage = "on_site"
	// AssistanceDone: the provider's work is over (repaired, towed, fixed by
	// phone, gone on arrival), or the mission was decided.
	AssistanceDone AssistanceStage = "done"
)

// RequalifyFacts are what a re-qualification rests on.
type RequalifyFacts struct {
	// Current is the qualification in force; New is ops' new one, with the
	// compliance check applied (WithCompliance).
	Current contract.Qualification
	New     contract.Qualification
	// Route is the route in force (its provider is the one assisting, the
	// alternative after a fallback).
	Route   Route
	Vehicle contract.Vehicle
	// Assistance is where the assistance stands.
	Assistance AssistanceStage
	// MissionStopped: the mission was already stopped (a valet error).
	MissionStopped bool
	// Fallback: the case counts as a fallback so far.
	Fallback bool
}

// RequalifyPlan is what the case does with a re-qualification. The workflow
// applies it; nothing here knows how.
type RequalifyPlan struct {
	// Qualification is the qualification in force from now on.
	Qualification contract.Qualification
	// OriginChanged: false when ops kept the origin: the plan only corrects
	// the record (nature, drivable, compliance); Route stays as it was.
	OriginChanged bool
	// Route is the route from now on: handler, provider, payer, liability.
	Route Route
	// Withdraw: the assignment in force is withdrawn (its provider was not at
	// the vehicle yet); a re-routing, not a fallback.
	Withdraw bool
	// Reroute: the case routes anew to Route (coverage under the vehicle's
	// program, the client's approval when it pays, then the dispatch).
	Reroute bool
	// StopMission: a new valet error: the mission is stopped at once (the
	// mission system and the client told).
	StopMission bool
	// MissionStopped: the mission stays stopped whatever follows; the
	// decision on the mission says so (MissionFacts.AlreadyStopped).
	MissionStopped bool
	// Fallback is what the outcome's fallback shows from now on.
	Fallback bool
	// NotifyQualified: the client is told qualified again (always).
	NotifyQualified bool
	// Reason is one sentence for the trace.
	Reason string
}

// Requalify plans a re-qualification by ops after the window (DOMAIN.md):
//   - keeping the origin only corrects the record (nature, drivable);
//   - a new origin: origin, handler, payer and liability follow it. An
//     assistance not yet at the vehicle is withdrawn and the right handler
//     dispatched (a re-routing, not a fallback); the same provider stays
//     without a new request. An assistance already on site (or done) stays
//     the handler: only payer and liability change. A vehicle that needs no
//     assistance under the new qualification gets none dispatched;
//   - a new valet error stops the mission at once; a stopped mission stays
//     stopped;
//   - the client is told qualified again.
func Requalify(f RequalifyFacts) RequalifyPlan {
	p := RequalifyPlan{
		Qualification:   f.New,
		Route:           f.Route,
		Fallback:        f.Fallback,
		MissionStopped:  f.MissionStopped || f.New.Origin == contract.OriginValetError,
		StopMission:     f.New.Origin == contract.OriginValetError && !f.MissionStopped,
		NotifyQualified: true,
	}
	stopped := ""
	switch {
	case p.StopMission:
		stopped = "; a valet error: the mission is stopped at once"
	case f.MissionStopped:
		stopped = "; the mission was stopped and stays stopped"
	}
	if f.New.Origin == f.Current.Origin {
		p.Reason = fmt.Sprintf("re-qualified by ops, origin %s kept: the record is corrected (nature %s → %s, drivable %t → %t), the assistance and who pays are unchanged%s",
			f.New.Origin, f.Current.Nature, f.New.Nature, f.Current.Drivable, f.New.Drivable, stopped)
		return p
	}
	p.OriginChanged = true
	next := RouteCase(f.New, f.Vehicle)
	needsAssistance := !f.New.CanGoOn() || f.New.Origin == contract.OriginValetError
	change := fmt.Sprintf("re-qualified by ops from %s to %s", f.Current.Origin, f.New.Origin)
	switch {
	case f.Assistance == AssistanceOnSite || f.Assistance == AssistanceDone:
		// The provider at the vehicle stays the handler; who pays follows the origin.
		p.Route.Payer, p.Route.Liability, p.Route.PaidOptions = next.Payer, next.Liability, false
		if next.Provider == f.Route.Provider {
			p.Route.Handler, p.Fallback = next.Handler, false
		}
		p.Route.Reason = fmt.Sprintf("%s: %s was already at the vehicle and stays the handler; paid by %s", change, f.Route.Provider, next.Payer)
		if next.Liability != "" {
			p.Route.Reason += ", liability on the " + string(next.Liability)
		}
	case f.Assistance == AssistanceRequested && next.Provider == f.Route.Provider && needsAssistance:
		// The right provider is already asked: no new request.
		p.Route, p.Fallback = next, false
		p.Route.Reason = fmt.Sprintf("%s: %s, already asked, stays; %s", change, next.Provider, next.Reason)
	case !needsAssistance:
		p.Withdraw = f.Assistance == AssistanceRequested
		p.Route, p.Fallback = Route{Reason: fmt.Sprintf("%s: the vehicle is drivable and compliant, no assistance is needed", change)}, false
	default:
		p.Withdraw = f.Assistance == AssistanceRequested
		p.Reroute = true
		p.Route, p.Fallback = next, false
		p.Route.Reason = fmt.Sprintf("%s: %s", change, next.Reason)
	}
	p.Reason = p.Route.Reason
	if p.Withdraw {
		p.Reason += fmt.Sprintf("; the assignment of %s, not at the vehicle yet, is withdrawn (a re-routing, not a fallback)", f.Route.Provider)
	}
	p.Reason += stopped
	return p
}

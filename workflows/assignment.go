package workflows

import (
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/coverage"
)

// dispatch is steps 4 and 5 of the procedure with a provider: the requests
// (a busy provider asked again, offers acknowledged then answered, the
// alternative when the provider cannot take the case), the accepted ETA kept
// as a promise, and the provider followed milestone by milestone to the end
// of its work, with the scorecard of every assignment. Its files, from the
// top: dispatch.go (send), promise.go (follow), alternatives.go,
// requests.go, offers.go, withdraw.go, follow.go, dispatched.go,
// scorecard.go, and this one (its state, the milestone gate among it).
type dispatch struct {
	file     *caseFile
	notices  *notifier
	ops      *opsInbox
	routing  *routing
	services *additionalServices
	approval *approval
	undos    *undoList
	index    *indexer
	// inbox holds the providers' milestones not taken yet; gate what was
	// received, to drop repeats and floods (follow.go).
	inbox []contract.Milestone
	gate  milestoneGate
	// current is the assignment followed (or the offer awaited); held are
	// every assignment and offer the case got, inFlight the request whose
	// answer has not come back (withdraw.go, release); round counts the
	// times the case was routed anew, for the requests' keys.
	current  *assignment
	held     []*assignment
	inFlight *assignment
	round    int
	// promise is the followed assignment's promise.
	promise promise
	// final is the milestone that ended the provider's work; a tow's repair
	// estimate and time.
	final      contract.MilestoneKind
	repairDays int
	towedAt    time.Time
}

// assignment is an order a provider holds for this case.
type assignment struct {
	Provider     string
	ID           string
	DispatchKey  string
	Open         bool
	ETASeconds   int
	Service      string
	AcceptedAt   time.Time
	LastProgress contract.MilestoneKind
	// RequestedAt is when the request that became this assignment was sent.
	RequestedAt time.Time
	// Pending: an acknowledged offer the provider has not answered yet.
	Pending bool
}

// dispatchResult is how a round of requests to one provider ended.
type dispatchResult struct {
	accepted bool
	answer   activities.DispatchAnswer
	// why the provider could not take the case: "stays saturated", "is
	// unreachable", "refused: …"; word says it for the client's notice
	// (contract.Why*).
	why, word string
}

// tow is the tow that ended the provider's work, if it was one.
func (d *dispatch) tow() (coverage.Tow, bool) {
	return coverage.Tow{At: d.towedAt, RepairDays: d.repairDays}, d.final == contract.MilestoneTowed
}

// An ETA is a promise (docs/saga.md, "Offers and promises"): not on site the
// grace after it, the client is told of the delay and ops are alerted; not on
// site the give-up after the promise in force, the alternative is sent and the
// late assignment cancelled. The provider may renew its promise once (an eta
// event). An ETA longer than the mission allows makes the case ask the
// alternative at the same time and keep the sooner arrival.

// promise is what the case holds of an assignment's promise.
type promise struct {
	// at is when the provider promised to be on site (the promise in force).
	at time.Time
	// renewed: the provider already announced a new ETA (taken once).
	renewed bool
	// arrived: the provider reported it reached the vehicle.
	arrived bool
	// told: the client was told of the delay; gaveUp: the alternative was
	// sought (and could not be had: the case keeps following).
	told, gaveUp bool
}

// nextCheck is the moment of the next promise check, and what it checks; zero
// when nothing is left to check.
func (p *promise) nextCheck(grace, giveUpAfter time.Duration) (time.Time, string) {
	switch {
	case p.arrived || p.at.IsZero() || p.gaveUp:
		return time.Time{}, ""
	case !p.told:
		return p.at.Add(grace), "delay"
	default:
		return p.at.Add(giveUpAfter), "give_up"
	}
}

// milestoneGate is what the case holds of the milestones it received: the
// ones taken, by provider and event id; how many each provider sent of each
// of its assignments and of the mission (docs/contract.md, "Who did what");
// how many were refused, ignored or repeated.
type milestoneGate struct {
	seen          map[string]bool
	perAssignment map[string]int
	perProvider   map[string]int
	refused       int
	flooded       bool
}

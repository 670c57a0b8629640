package workflows

import (
	"time"

	"github.com/valetops/assistance/contract"
)

// promiseAccepted starts keeping an accepted assignment to its promise, and
// opens its scorecard entry.
func (d *dispatch) promiseAccepted(a *assignment) {
	d.promise = promise{}
	if a.ETASeconds > 0 {
		d.promise.at = a.AcceptedAt.Add(time.Duration(a.ETASeconds) * time.Second)
	}
	d.scoreAccepted(a)
}

// scoreAccepted records an acceptance and its promise on the scorecard.
func (d *dispatch) scoreAccepted(a *assignment) {
	s := d.score(a)
	s.AcceptedAt = d.file.caseTime(a.AcceptedAt)
	if a.ETASeconds > 0 {
		s.PromisedAt = d.file.caseTime(a.AcceptedAt.Add(time.Duration(a.ETASeconds) * time.Second))
	}
}

// score is the scorecard entry of an assignment, opened on first use.
func (d *dispatch) score(a *assignment) *contract.ProviderTimes {
	out := &d.file.out
	for i := range out.Scorecard {
		if out.Scorecard[i].AssignmentID == a.ID && out.Scorecard[i].Provider == a.Provider {
			return &out.Scorecard[i]
		}
	}
	out.Scorecard = append(out.Scorecard, contract.ProviderTimes{Provider: a.Provider, AssignmentID: a.ID,
		RequestedAt: d.file.caseTime(a.RequestedAt)})
	return &out.Scorecard[len(out.Scorecard)-1]
}

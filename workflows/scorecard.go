package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

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
	s.Answer, s.Service = contract.AnswerAccepted, a.Service
	s.AcceptedAt = d.file.caseTime(a.AcceptedAt)
	if a.ETASeconds > 0 {
		s.ETASeconds = a.ETASeconds
		s.PromisedAt = d.file.caseTime(a.AcceptedAt.Add(time.Duration(a.ETASeconds) * time.Second))
	}
}

// scoreUnanswered records a request that did not become an assignment:
// refused (answered at answered, for reason), expired, saturated or
// unreachable; id is the offer's or assignment's id, if the provider gave one.
func (d *dispatch) scoreUnanswered(provider, id, service, answer string, requested, answered time.Time, reason string) {
	f := d.file
	f.out.Scorecard = append(f.out.Scorecard, contract.ProviderTimes{Provider: provider, AssignmentID: id, Service: service,
		RequestedAt: f.caseTime(requested), Answer: answer, AnsweredAt: f.caseTime(answered), Reason: reason})
}

// scoreMilestone records how the provider's work on assignment a ended, at now.
func (d *dispatch) scoreMilestone(ctx workflow.Context, a *assignment, kind contract.MilestoneKind) {
	switch {
	case kind == contract.MilestoneUnsuccessful:
		d.score(a).UnsuccessfulAt = d.file.caseTime(workflow.Now(ctx))
	case kind.Final():
		s := d.score(a)
		s.Ended, s.EndedAt = kind, d.file.caseTime(workflow.Now(ctx))
	}
}

// score is the scorecard entry of an assignment, opened on first use (the
// entries of requests that never became one are not its).
func (d *dispatch) score(a *assignment) *contract.ProviderTimes {
	out := &d.file.out
	for i, s := range out.Scorecard {
		if s.AssignmentID == a.ID && s.Provider == a.Provider && (s.Answer == "" || s.Answer == contract.AnswerAccepted) {
			return &out.Scorecard[i]
		}
	}
	out.Scorecard = append(out.Scorecard, contract.ProviderTimes{Provider: a.Provider, AssignmentID: a.ID,
		RequestedAt: d.file.caseTime(a.RequestedAt)})
	return &out.Scorecard[len(out.Scorecard)-1]
}

package simulator

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/simulation/scenario"
)

// acknowledgeLocked answers 202 for an offer the script answers later by
// webhook ("accept eta=40m after=3m", "reject reason=WORD after=2m") or never
// ("silent"). The offer is held like an assignment, so the case can withdraw
// it by its id; once withdrawn, its answer and events are not sent. Called
// with s.mu held.
func (s *Simulator) acknowledgeLocked(provider string, req assignmentRequest, answer scenario.Answer, events []scenario.Event) *stored {
	s.seq++
	a := &assignment{
		id: fmt.Sprintf("%s-%d", provider, s.seq), provider: provider, mission: req.MissionID,
		callback: req.CallbackURL,
	}
	mp := pair(req.MissionID, provider)
	if s.open[mp] == nil {
		s.open[mp] = map[string]bool{}
	}
	s.open[mp][a.id] = true
	s.assignments[memKey(provider, a.id)] = a
	ctx, cancel := context.WithCancel(s.ctx)
	a.cancel = cancel
	if answer.Kind != scenario.AnswerSilent {
		s.wg.Add(1)
		go s.answerOffer(ctx, a, answer, events, time.Now())
	}
	return newStored(http.StatusAccepted, map[string]any{"status": "acknowledged", "assignment_id": a.id}, nil, a.id)
}

// answerOffer sends the offer's answer at its scaled delay after the request;
// an acceptance's events then follow, timed from it.
func (s *Simulator) answerOffer(ctx context.Context, a *assignment, answer scenario.Answer, events []scenario.Event, requested time.Time) {
	defer s.wg.Done()
	if !sleepUntil(ctx, requested.Add(s.scaled(answer.After))) {
		return
	}
	ev := event{EventID: a.id + "-answer", AssignmentID: a.id, MissionID: a.mission,
		Kind: string(contract.MilestoneOfferRejected), At: time.Now().UTC().Format(time.RFC3339), Note: answer.Reason}
	if answer.Kind == scenario.AnswerAccept {
		ev.Kind, ev.Note, ev.ETASeconds = string(contract.MilestoneOfferAccepted), "simulated", s.etaSeconds(answer.ETA)
	}
	s.deliver(ctx, a, ev)
	if answer.Kind != scenario.AnswerAccept || ctx.Err() != nil {
		s.mu.Lock()
		delete(s.open[pair(a.mission, a.provider)], a.id)
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	a.events = s.scriptedEvents(time.Now(), answer.ETA, events)
	s.mu.Unlock()
	s.wg.Add(1)
	go s.play(ctx, a)
}

// etaSeconds is a scaled promise in whole seconds, at least one: an ETA is
// never "already there".
func (s *Simulator) etaSeconds(d time.Duration) int {
	return max(1, s.seconds(d))
}

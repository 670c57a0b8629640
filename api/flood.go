package api

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// AlertWebhookFlood is the kind of the ops alert the API raises when a
// provider sends an assignment (or a case) more events than it may: the
// events past the bound are refused at the edge and never reach the case, so
// the alert is the API's, not a case's (no case lists it in OpsAttention).
const AlertWebhookFlood contract.AlertKind = "webhook_flood"

// floodCounts counts the events let through per assignment and per provider
// and mission, for the recent ones (bounded, as the seen event ids are).
type floodCounts struct {
	mu      sync.Mutex
	counts  *bounded[int]
	alerted *bounded[bool]
}

func newFloodCounts(capacity int) *floodCounts {
	return &floodCounts{counts: newBounded[int](capacity), alerted: newBounded[bool](capacity)}
}

// flood is the bound an event would cross.
type flood struct {
	key   string // the assignment's or the case's
	what  string // for the messages
	limit int
	// first is true for the first event refused under this key: ops are
	// alerted of it, once.
	first bool
}

// reserve counts one more event of an assignment and of its provider's case,
// unless that crosses a bound: then it counts nothing and says which bound.
func (f *floodCounts) reserve(provider, missionID, assignmentID string, perAssignment, perCase int) *flood {
	f.mu.Lock()
	defer f.mu.Unlock()
	byAssignment := "a\x00" + provider + "\x00" + missionID + "\x00" + assignmentID
	byCase := "c\x00" + provider + "\x00" + missionID
	a, _ := f.counts.get(byAssignment)
	c, _ := f.counts.get(byCase)
	var over *flood
	switch {
	case a >= perAssignment:
		over = &flood{key: byAssignment, limit: perAssignment,
			what: fmt.Sprintf("assignment %s of mission %s", assignmentID, missionID)}
	case c >= perCase:
		over = &flood{key: byCase, limit: perCase,
			what: fmt.Sprintf("the assignments of %s for mission %s", provider, missionID)}
	default:
		f.counts.set(byAssignment, a+1)
		f.counts.set(byCase, c+1)
		return nil
	}
	if done, _ := f.alerted.get(over.key); !done {
		f.alerted.set(over.key, true)
		over.first = true
	}
	return over
}

// release gives back a reserved event whose signal failed.
func (f *floodCounts) release(provider, missionID, assignmentID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, key := range []string{"a\x00" + provider + "\x00" + missionID + "\x00" + assignmentID, "c\x00" + provider + "\x00" + missionID} {
		if n, ok := f.counts.get(key); ok && n > 0 {
			f.counts.set(key, n-1)
		}
	}
}

// alertFlood tells ops, in the background, that a provider floods a case: the
// alert goes to the ops alerts endpoint, never into the case.
func (s *Server) alertFlood(provider, missionID string, f *flood) {
	reason := fmt.Sprintf("%s sent %s more than its %d events; the next ones are refused (409) and do not reach the case: check with the provider",
		provider, f.what, f.limit)
	s.cfg.Logger.Warn("ops alerted: webhook flood", "provider", provider, "mission_id", missionID, "reason", reason)
	if s.cfg.Alerts == nil {
		return
	}
	s.stats.floodAlerts.Add(1)
	alert := activities.OpsAlert{CaseID: contract.WorkflowID(missionID), MissionID: missionID, Kind: AlertWebhookFlood, Reason: reason}
	s.alerts.Add(1)
	go func() {
		defer s.alerts.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.cfg.Alerts.AlertOps(ctx, alert); err != nil {
			s.cfg.Logger.Error("ops alert about a webhook flood not delivered", "provider", provider, "mission_id", missionID, "error", err)
		}
	}()
}

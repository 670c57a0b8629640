package simulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/scenario"
)

// play sends an assignment's events in order, each when it is due, until they
// are all sent or the assignment is cancelled.
func (s *Simulator) play(ctx context.Context, a *assignment) {
	defer s.wg.Done()
	for i, o := range a.events {
		if !sleepUntil(ctx, o.due) {
			return
		}
		ev := o.ev
		ev.EventID, ev.AssignmentID, ev.MissionID = fmt.Sprintf("%s-e%d", a.id, i+1), a.id, a.mission
		ev.At = time.Now().UTC().Format(time.RFC3339)
		s.deliver(ctx, a, ev)
	}
}

// scriptedEvents times a scenario's events from the acceptance, each at its
// scaled offset; each carries the time left until the scripted ETA.
func (s *Simulator) scriptedEvents(accepted time.Time, eta time.Duration, events []scenario.Event) []outbound {
	out := make([]outbound, len(events))
	for i, e := range events {
		ev := event{Kind: string(e.Kind), Destination: e.Destination, RepairDays: e.RepairDays, Seats: e.Seats, Note: "simulated"}
		if eta > e.After {
			ev.ETASeconds = s.seconds(eta - e.After)
		}
		if e.Kind == contract.MilestoneETA {
			ev.ETASeconds = s.etaSeconds(e.ETA)
		}
		out[i] = outbound{due: accepted.Add(s.scaled(e.After)), ev: ev}
	}
	return out
}

// deliver posts one signed event, retrying with backoff on a connection error,
// a 5xx or a 429, and giving up on another 4xx or after the last attempt.
func (s *Simulator) deliver(ctx context.Context, a *assignment, ev event) {
	body := marshal(ev)
	log := s.cfg.Logger.With("provider", a.provider, "mission", a.mission, "event", ev.EventID, "kind", ev.Kind)
	backoff, limit := s.cfg.WebhookBackoff, 16*s.cfg.WebhookBackoff
	for attempt := 1; ; attempt++ {
		status, retryAfter, err := s.post(ctx, a, body)
		switch {
		case errors.Is(err, ErrNoKey):
			log.Warn("event not sent: the provider has no webhook key")
			s.count(func(st *Stats) { st.WebhookFailures++ })
			return
		case err == nil && status/100 == 2:
			log.Info("event delivered", "status", status, "attempt", attempt)
			s.count(func(st *Stats) { st.WebhooksSent++ })
			return
		case ctx.Err() != nil:
			return // cancelled: the event is no longer due
		case err == nil && status >= 400 && status < 500 && status != http.StatusTooManyRequests:
			log.Warn("event refused", "status", status)
			s.count(func(st *Stats) { st.WebhookFailures++ })
			return
		case attempt >= s.cfg.WebhookAttempts:
			log.Warn("event given up", "status", status, "error", err, "attempts", attempt)
			s.count(func(st *Stats) { st.WebhookFailures++ })
			return
		}
		log.Info("event not delivered yet", "status", status, "error", err, "attempt", attempt)
		wait := min(max(backoff, retryAfter), limit)
		if !sleepUntil(ctx, time.Now().Add(wait)) {
			return
		}
		backoff = min(2*backoff, limit)
	}
}

// post sends the event once, signed now with the party's own key over the
// callback's path; it returns the status and the receiver's Retry-After, or
// the transport error (a party without a key sends nothing: ErrNoKey).
func (s *Simulator) post(ctx context.Context, a *assignment, body []byte) (int, time.Duration, error) {
	key, ok := s.keyOf(a.provider)
	if !ok {
		return 0, 0, fmt.Errorf("%w: %s", ErrNoKey, a.provider)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.callback, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	ts, sig := webhooksig.SignRequest(key, http.MethodPost, req.URL.EscapedPath(), time.Now(), body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhooksig.HeaderTimestamp, ts)
	req.Header.Set(webhooksig.HeaderSignature, sig)
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var retryAfter time.Duration
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		retryAfter = time.Duration(secs) * time.Second
	}
	return resp.StatusCode, retryAfter, nil
}

// ErrNoKey is a party of the simulator without a webhook key: it cannot sign,
// so it sends nothing.
var ErrNoKey = errors.New("no webhook key for this party")

// count updates the counters.
func (s *Simulator) count(f func(*Stats)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.stats)
}

// sleepUntil waits until t; it returns false when ctx ends first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

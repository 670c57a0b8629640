package simulator

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/valetops/assistance/simulation/scenario"
)

// assignment is an accepted (or acknowledged) dispatch order, whose events
// are being played.
type assignment struct {
	id, provider, mission, callback string
	events                          []outbound
	// modelled: the network model placed it, and frees its truck on cancel.
	modelled  bool
	cancel    context.CancelFunc
	cancelled bool
}

// outbound is an event of an assignment and when it is due (real time).
type outbound struct {
	due time.Time
	ev  event
}

// handleDispatch answers POST /providers/{provider}/assignments with the
// mission's script.
func (s *Simulator) handleDispatch(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	key := r.Header.Get("Idempotency-Key")
	var req assignmentRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "mission_id", req.MissionID,
		"case_id", req.CaseID, "callback_url", req.CallbackURL) {
		return
	}
	if u, err := url.Parse(req.CallbackURL); err != nil || !u.IsAbs() {
		writeJSON(w, http.StatusBadRequest, problem{Error: "callback_url: must be an absolute URL", Field: "callback_url"}, nil)
		return
	}
	if req.IdempotencyKey != "" && req.IdempotencyKey != key {
		writeJSON(w, http.StatusBadRequest, problem{
			Error: "idempotency_key: differs from the Idempotency-Key header",
			Field: "idempotency_key",
		}, nil)
		return
	}

	if !s.lockUnanswered(w, provider, key) {
		return
	}
	answer := s.answerLocked(provider, key, req)
	s.mu.Unlock()

	if answer == nil {
		s.cfg.Logger.Info("dispatch: unreachable", "provider", provider, "mission", req.MissionID)
		s.unreachable(w)
		return
	}
	s.cfg.Logger.Info("dispatch answered", "provider", provider, "mission", req.MissionID, "status", answer.status)
	answer.write(w, false)
}

// answerLocked plays the next scripted answer and remembers it under key; nil
// means unreachable (nothing remembered: a retry gets the next answer, as in
// the in-process scripted providers). Called with s.mu held.
func (s *Simulator) answerLocked(provider, key string, req assignmentRequest) *stored {
	if s.cancelledKeys[memKey(provider, key)] {
		a := newStored(http.StatusUnprocessableEntity, map[string]string{"status": "rejected", "reason": "cancelled"}, nil, "")
		s.answers[memKey(provider, key)] = a
		return a
	}
	if _, scripted := s.scripts[req.MissionID]; !scripted && s.cfg.Network != nil {
		a := s.modelAnswerLocked(provider, req)
		if a != nil {
			s.answers[memKey(provider, key)] = a
		}
		return a
	}
	mp := pair(req.MissionID, provider)
	script := s.scripts[req.MissionID][provider]
	i := s.counts[mp]
	s.counts[mp]++
	scripted := script.AnswerFor(i)
	var a *stored
	switch {
	case scripted.Acknowledged():
		a = s.acknowledgeLocked(provider, req, scripted, script.Events)
	default:
		a = s.answerAtOnceLocked(provider, req, scripted, script)
	}
	if a == nil {
		return nil
	}
	s.answers[memKey(provider, key)] = a
	return a
}

// answerAtOnceLocked is the scripted answer given in the dispatch's own
// answer; nil means unreachable. Called with s.mu held.
func (s *Simulator) answerAtOnceLocked(provider string, req assignmentRequest, scripted scenario.Answer, script *scenario.ProviderScript) *stored {
	var a *stored
	switch scripted.Kind {
	case scenario.AnswerBusy:
		a = s.busy(scripted.RetryAfter)
	case scenario.AnswerReject:
		a = newStored(http.StatusUnprocessableEntity, map[string]string{"status": "rejected", "reason": scripted.Reason}, nil, "")
	case scenario.AnswerAccept:
		a = s.acceptLocked(provider, req, scripted.ETA, s.scriptedEvents(time.Now(), scripted.ETA, script.Events))
	}
	return a
}

// busy is a 429 whose Retry-After is the scaled delay in whole seconds (rounded
// up), with X-Retry-After-Ms when that is not exact.
func (s *Simulator) busy(retry time.Duration) *stored {
	d := s.scaled(retry)
	secs := int(math.Ceil(d.Seconds()))
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(secs))
	if d%time.Second != 0 {
		h.Set("X-Retry-After-Ms", strconv.FormatInt(int64(math.Ceil(float64(d)/float64(time.Millisecond))), 10))
	}
	return newStored(http.StatusTooManyRequests, map[string]any{"status": "busy", "retry_after_seconds": secs}, h, "")
}

// acceptLocked opens a scripted assignment and starts playing its events.
// Called with s.mu held.
func (s *Simulator) acceptLocked(provider string, req assignmentRequest, eta time.Duration, events []outbound) *stored {
	s.seq++
	a := &assignment{
		id: fmt.Sprintf("%s-%d", provider, s.seq), provider: provider, mission: req.MissionID,
		callback: req.CallbackURL, events: events,
	}
	s.openLocked(a, true)
	return newStored(http.StatusCreated, map[string]any{"assignment_id": a.id, "status": "accepted",
		"eta_seconds": s.seconds(eta)}, nil, a.id)
}

// openLocked keeps an assignment and starts playing its events. A second
// assignment held for the same mission and provider is a duplicate order;
// held is false for an offer that will be refused or never answered. Called
// with s.mu held.
func (s *Simulator) openLocked(a *assignment, held bool) {
	s.assignments[memKey(a.provider, a.id)] = a
	ctx, cancel := context.WithCancel(s.ctx)
	a.cancel = cancel
	s.wg.Add(1)
	go s.play(ctx, a)
	if !held {
		return
	}
	mp := pair(a.mission, a.provider)
	if len(s.open[mp]) > 0 {
		s.stats.DuplicateOrders++
		s.cfg.Logger.Warn("duplicate order", "provider", a.provider, "mission", a.mission)
	}
	if s.open[mp] == nil {
		s.open[mp] = map[string]bool{}
	}
	s.open[mp][a.id] = true
}

// unreachable answers 503, or drops the connection.
func (s *Simulator) unreachable(w http.ResponseWriter) {
	if s.cfg.DropUnreachable {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
	}
	writeJSON(w, http.StatusServiceUnavailable, problem{Error: "unreachable (scripted)"}, nil)
}

// handleCancel answers POST /providers/{provider}/assignments/{id}/cancel.
func (s *Simulator) handleCancel(w http.ResponseWriter, r *http.Request) {
	provider, id := r.PathValue("provider"), r.PathValue("id")
	s.withdraw(w, r, provider, func(_ cancelRequest) *stored {
		a, ok := s.assignments[memKey(provider, id)]
		if !ok {
			return nil
		}
		s.cancelLocked(a)
		return newStored(http.StatusOK, map[string]string{"status": "cancelled", "assignment_id": id}, nil, id)
	})
}

// handleCancelByKey answers POST /providers/{provider}/assignments/cancel: the
// dispatch order of dispatch_key is withdrawn, whatever became of it.
func (s *Simulator) handleCancelByKey(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	s.withdraw(w, r, provider, func(req cancelRequest) *stored {
		if prior, ok := s.answers[memKey(provider, req.DispatchKey)]; ok && prior.assignment != "" {
			s.cancelLocked(s.assignments[memKey(provider, prior.assignment)])
			return newStored(http.StatusOK, map[string]string{"status": "cancelled",
				"assignment_id": prior.assignment, "dispatch_key": req.DispatchKey}, nil, prior.assignment)
		}
		if _, ok := s.answers[memKey(provider, req.DispatchKey)]; !ok {
			s.cancelledKeys[memKey(provider, req.DispatchKey)] = true
		}
		return newStored(http.StatusOK, map[string]string{"status": "nothing_held", "dispatch_key": req.DispatchKey}, nil, "")
	})
}

// withdraw checks and counts a cancellation, replays a repeated key, and
// answers with do's answer (nil: 404).
func (s *Simulator) withdraw(w http.ResponseWriter, r *http.Request, provider string, do func(cancelRequest) *stored) {
	key := r.Header.Get("Idempotency-Key")
	var req cancelRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key) {
		return
	}
	if r.PathValue("id") == "" && !required(w, "dispatch_key", req.DispatchKey) {
		return
	}
	if !s.lockUnanswered(w, provider, key) {
		return
	}
	a := do(req)
	if a == nil {
		s.mu.Unlock()
		writeJSON(w, http.StatusNotFound, problem{Error: "unknown assignment " + r.PathValue("id")}, nil)
		return
	}
	s.stats.Cancels++
	s.answers[memKey(provider, key)] = a
	s.mu.Unlock()
	s.cfg.Logger.Info("cancelled", "provider", provider, "reason", req.Reason)
	a.write(w, false)
}

// cancelLocked stops an assignment's pending events. Called with s.mu held.
func (s *Simulator) cancelLocked(a *assignment) {
	a.cancelled = true
	a.cancel()
	if a.modelled {
		s.cfg.Network.Cancel(s.modelNow(), a.id)
	}
	delete(s.open[pair(a.mission, a.provider)], a.id)
}

package simulator

import (
	"fmt"
	"net/http"

	"github.com/valetops/assistance/simulation/scenario"
)

// handleQuotes answers POST /providers/{provider}/quotes with the mission's
// scripted options; a provider with no script for the mission is unreachable.
// An unscripted mission is quoted by the network model.
func (s *Simulator) handleQuotes(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	var req quoteRequest
	if !decodeBody(w, r, &req) || !required(w, "mission_id", req.MissionID) {
		return
	}
	s.mu.Lock()
	s.stats.Requests++
	_, scripted := s.scripts[req.MissionID]
	script := s.scripts[req.MissionID][provider]
	quoted, answer := script.QuoteAnswer(s.counts[pair(req.MissionID, provider)])
	s.mu.Unlock()
	if !scripted && s.cfg.Network != nil {
		s.modelQuotes(w, provider, req)
		return
	}
	if script == nil || (len(quoted) == 0 && answer.Kind == scenario.AnswerUnreachable) {
		s.unreachable(w)
		return
	}
	if len(quoted) == 0 && answer.Kind != scenario.AnswerAccept {
		// It cannot quote: its dispatch answer says why.
		s.refuse(w, answer)
		return
	}
	options := make([]quote, len(quoted))
	for i, q := range quoted {
		options[i] = quote{Option: q.Option, PriceEUR: q.PriceEUR}
	}
	writeJSON(w, http.StatusOK, map[string]any{"options": options}, nil)
}

// refuse answers a request the provider's scripted answer does not take: 429
// when busy, 422 with the reason otherwise.
func (s *Simulator) refuse(w http.ResponseWriter, answer scenario.Answer) {
	if answer.Kind == scenario.AnswerBusy {
		s.busy(answer.RetryAfter).write(w, false)
		return
	}
	writeJSON(w, http.StatusUnprocessableEntity, problem{Error: answer.ServiceRefusal()}, nil)
}

// handleServices answers POST /providers/{provider}/services: every service is
// confirmed, once per key; the same service ordered again for the case under
// another key is a duplicate order. An order whose key was cancelled before it
// arrived is refused (422, cancelled).
func (s *Simulator) handleServices(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	key := r.Header.Get("Idempotency-Key")
	var req serviceRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "case_id", req.CaseID, "service", req.Service) {
		return
	}
	if !s.lockUnanswered(w, provider, key) {
		return
	}
	if s.cancelledKeys[memKey(provider, key)] {
		a := newStored(http.StatusUnprocessableEntity, problem{Error: "cancelled"}, nil, "")
		s.answers[memKey(provider, key)] = a
		s.mu.Unlock()
		a.write(w, false)
		return
	}
	// A mission's script confirms the service by the provider's services
	// answers, or without them by its dispatch answers.
	if script, scripted := s.scripts[req.MissionID]; scripted {
		answer, own := script[provider].ServiceAnswerFor(s.counts[servicesPair(req.MissionID, provider)])
		if own {
			s.counts[servicesPair(req.MissionID, provider)]++
		} else {
			mp := pair(req.MissionID, provider)
			answer = script[provider].AnswerFor(s.counts[mp])
			s.counts[mp]++
		}
		if answer.Kind == scenario.AnswerUnreachable || answer.ServiceRefusal() != "" {
			s.mu.Unlock()
			if answer.Kind == scenario.AnswerUnreachable {
				s.unreachable(w)
			} else {
				s.refuse(w, answer)
			}
			return
		}
	}
	s.seq++
	ref := fmt.Sprintf("%s-%s-%d", provider, req.Service, s.seq)
	order := provider + "\x00" + req.CaseID + "\x00" + req.Service
	if _, dup := s.services[order]; dup {
		s.stats.DuplicateOrders++
	}
	s.services[order] = ref
	s.serviceKeys[memKey(provider, key)] = serviceOrdered{order: order, reference: ref}
	a := newStored(http.StatusCreated, map[string]string{"reference": ref}, nil, "")
	s.answers[memKey(provider, key)] = a
	s.mu.Unlock()
	a.write(w, false)
}

// serviceOrdered is a service the simulator confirmed under one order key.
type serviceOrdered struct {
	order     string // provider+case+service
	reference string
}

// handleServiceCancel answers POST /providers/{provider}/services/cancel: the
// service ordered under order_key is taken back (it may be ordered again
// without counting as a duplicate); a key never seen is remembered, so a late
// order with it is refused.
func (s *Simulator) handleServiceCancel(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	key := r.Header.Get("Idempotency-Key")
	var req serviceCancelRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "case_id", req.CaseID, "order_key", req.OrderKey) {
		return
	}
	if !s.lockUnanswered(w, provider, key) {
		return
	}
	answer := map[string]string{"status": "nothing_held", "order_key": req.OrderKey}
	if held, ok := s.serviceKeys[memKey(provider, req.OrderKey)]; ok {
		answer["status"], answer["reference"] = "cancelled", held.reference
		if s.services[held.order] == held.reference {
			delete(s.services, held.order)
		}
		delete(s.serviceKeys, memKey(provider, req.OrderKey))
	} else if _, seen := s.answers[memKey(provider, req.OrderKey)]; !seen {
		s.cancelledKeys[memKey(provider, req.OrderKey)] = true
	}
	s.stats.Cancels++
	a := newStored(http.StatusOK, answer, nil, "")
	s.answers[memKey(provider, key)] = a
	s.mu.Unlock()
	s.cfg.Logger.Info("service cancelled", "provider", provider, "service", req.Service, "status", answer["status"], "reason", req.Reason)
	a.write(w, false)
}

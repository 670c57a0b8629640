package simulator

import (
	"fmt"
	"net/http"
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
	s.mu.Unlock()
	if !scripted && s.cfg.Network != nil {
		s.modelQuotes(w, provider, req)
		return
	}
	if script == nil {
		s.unreachable(w)
		return
	}
	options := make([]quote, len(script.Quotes))
	for i, q := range script.Quotes {
		options[i] = quote{Option: q.Option, PriceEUR: q.PriceEUR}
	}
	writeJSON(w, http.StatusOK, map[string]any{"options": options}, nil)
}

// handleServices answers POST /providers/{provider}/services: every service is
// confirmed, once per key; the same service ordered again for the case under
// another key is a duplicate order.
func (s *Simulator) handleServices(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	key := r.Header.Get("Idempotency-Key")
	var req serviceRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "case_id", req.CaseID, "service", req.Service) {
		return
	}
	s.mu.Lock()
	s.stats.Requests++
	if a := s.lookup(provider, key); a != nil {
		s.mu.Unlock()
		a.write(w, true)
		return
	}
	s.seq++
	ref := fmt.Sprintf("%s-%s-%d", provider, req.Service, s.seq)
	order := provider + "\x00" + req.CaseID + "\x00" + req.Service
	if _, dup := s.services[order]; dup {
		s.stats.DuplicateOrders++
	}
	s.services[order] = ref
	a := newStored(http.StatusCreated, map[string]string{"reference": ref}, nil, "")
	s.answers[memKey(provider, key)] = a
	s.mu.Unlock()
	a.write(w, false)
}

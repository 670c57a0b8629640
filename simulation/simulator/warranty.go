package simulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/valetops/assistance/simulation/scenario"
)

// The simulator also plays the warranty managers and the repairers (the warranty company's FAQ, docs/glossary.md),
// under the same base URL as the providers (/providers/{party}): a manager
// assigns event numbers at once and decides on claims as the mission's script
// says (warranty.decide); a repairer sends its diagnosis and quote as the
// script says (repairer.diagnosis). Both answer on our API, signed with the
// party's own webhook key, at the script's offsets from the report.

// warrantyScript is what a mission's repairer and warranty manager do.
type warrantyScript struct {
	diagnosis *scenario.RepairerDiagnosis
	decide    *scenario.WarrantyDecide
}

// repairOrderRequest is the body of POST /repair-orders.
type repairOrderRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	ClaimID        string `json:"claim_id"`
	MissionID      string `json:"mission_id"`
	EventNumber    string `json:"event_number"`
	ReportedAt     string `json:"reported_at"`
	TowedAt        string `json:"towed_at"`
	CallbackURL    string `json:"callback_url"`
}

// claimRequest is the body of POST /warranty-claims.
type claimRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	ClaimID        string `json:"claim_id"`
	MissionID      string `json:"mission_id"`
	QuoteEUR       int    `json:"quote_eur"`
	ReportedAt     string `json:"reported_at"`
	SubmittedAt    string `json:"submitted_at"`
	CallbackURL    string `json:"callback_url"`
}

// eventNumberRequest is the body of POST /event-numbers.
type eventNumberRequest struct {
	ClaimID   string `json:"claim_id"`
	MissionID string `json:"mission_id"`
}

// withdrawalRequest is the body of both withdrawals.
type withdrawalRequest struct {
	ClaimID string `json:"claim_id"`
	What    string `json:"what"`
	Reason  string `json:"reason"`
}

// diagnosisBody and decisionBody are what the parties post to our API.
type diagnosisBody struct {
	EventID     string `json:"event_id"`
	MissionID   string `json:"mission_id"`
	Cause       string `json:"cause"`
	QuoteEUR    int    `json:"quote_eur"`
	EventNumber string `json:"event_number,omitempty"`
}

type decisionBody struct {
	EventID    string `json:"event_id"`
	MissionID  string `json:"mission_id"`
	CoveredEUR int    `json:"covered_eur,omitempty"`
	Refused    string `json:"refused,omitempty"`
}

func (s *Simulator) warrantyRoutes() {
	s.mux.HandleFunc("POST /providers/{party}/event-numbers", s.handleEventNumber)
	s.mux.HandleFunc("POST /providers/{party}/repair-orders", s.handleRepairOrder)
	s.mux.HandleFunc("POST /providers/{party}/warranty-claims", s.handleClaim)
	s.mux.HandleFunc("POST /providers/{party}/repair-orders/withdraw", s.handleWithdraw)
	s.mux.HandleFunc("POST /providers/{party}/warranty-claims/withdraw", s.handleWithdraw)
}

// loadWarranty keeps the repairer's and the manager's script of a mission.
// Called with s.mu held.
func (s *Simulator) loadWarranty(sc *scenario.Scenario) {
	if s.warranty == nil {
		s.warranty = map[string]warrantyScript{}
	}
	s.warranty[sc.Report.MissionID] = warrantyScript{diagnosis: sc.RepairerDiagnosisScript(), decide: sc.WarrantyDecisionScript()}
}

// handleEventNumber assigns an event number at once, once per key.
func (s *Simulator) handleEventNumber(w http.ResponseWriter, r *http.Request) {
	party, key := r.PathValue("party"), r.Header.Get("Idempotency-Key")
	var req eventNumberRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "mission_id", req.MissionID, "claim_id", req.ClaimID) {
		return
	}
	s.once(w, party, key, func() *stored {
		s.seq++
		return newStored(http.StatusCreated, map[string]string{"event_number": fmt.Sprintf("EV-%s-%06d", party, s.seq)}, nil, "")
	}, nil)
}

// handleRepairOrder acknowledges a repair order and plays the diagnosis.
func (s *Simulator) handleRepairOrder(w http.ResponseWriter, r *http.Request) {
	party, key := r.PathValue("party"), r.Header.Get("Idempotency-Key")
	var req repairOrderRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "mission_id", req.MissionID, "claim_id", req.ClaimID,
		"callback_url", req.CallbackURL, "reported_at", req.ReportedAt, "towed_at", req.TowedAt) || !absolute(w, req.CallbackURL) {
		return
	}
	s.once(w, party, key, func() *stored {
		s.seq++
		return newStored(http.StatusCreated, map[string]string{"reference": fmt.Sprintf("RO-%06d", s.seq)}, nil, "")
	}, func() {
		d := s.warranty[req.MissionID].diagnosis
		if d == nil {
			return
		}
		body := diagnosisBody{
			EventID:     req.ClaimID + "/diagnosis",
			MissionID:   req.MissionID,
			Cause:       d.Cause,
			QuoteEUR:    d.QuoteEUR,
			EventNumber: req.EventNumber,
		}
		s.later(party, req.MissionID, req.CallbackURL, s.dueIn(req.ReportedAt, req.TowedAt, d.After), marshal(body))
	})
}

// handleClaim acknowledges a claim and plays the manager's decision.
func (s *Simulator) handleClaim(w http.ResponseWriter, r *http.Request) {
	party, key := r.PathValue("party"), r.Header.Get("Idempotency-Key")
	var req claimRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "mission_id", req.MissionID, "claim_id", req.ClaimID,
		"callback_url", req.CallbackURL, "reported_at", req.ReportedAt, "submitted_at", req.SubmittedAt) || !absolute(w, req.CallbackURL) {
		return
	}
	s.once(w, party, key, func() *stored {
		s.seq++
		return newStored(http.StatusCreated, map[string]string{"reference": fmt.Sprintf("WC-%06d", s.seq)}, nil, "")
	}, func() {
		d := s.warranty[req.MissionID].decide
		if d == nil {
			return
		}
		body := decisionBody{EventID: req.ClaimID + "/decision", MissionID: req.MissionID, CoveredEUR: d.CoveredEUR, Refused: d.Refuse}
		s.later(party, req.MissionID, req.CallbackURL, s.dueIn(req.ReportedAt, req.SubmittedAt, d.After), marshal(body))
	})
}

// handleWithdraw takes back a repair order or a claim: its pending answer is
// no longer sent.
func (s *Simulator) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	party, key := r.PathValue("party"), r.Header.Get("Idempotency-Key")
	var req withdrawalRequest
	if !decodeBody(w, r, &req) || !required(w, "Idempotency-Key", key, "claim_id", req.ClaimID) {
		return
	}
	s.once(w, party, key, func() *stored {
		s.withdrawClaim(req.ClaimID)
		return newStored(http.StatusOK, map[string]string{"status": "withdrawn"}, nil, "")
	}, nil)
}

// once answers a request the first time with first() (under s.mu) and runs
// then() after, or replays the first answer for a repeated key.
func (s *Simulator) once(w http.ResponseWriter, party, key string, first func() *stored, then func()) {
	if !s.lockUnanswered(w, party, key) {
		return
	}
	a := first()
	s.answers[memKey(party, key)] = a
	if then != nil {
		then()
	}
	s.mu.Unlock()
	a.write(w, false)
}

// dueIn is how long from now until the script's offset from the report, the
// case's time now being caseNow (both in the case's own, scaled-back time).
func (s *Simulator) dueIn(reportedAt, caseNow string, after scenario.Offset) time.Duration {
	r, err1 := time.Parse(time.RFC3339, reportedAt)
	n, err2 := time.Parse(time.RFC3339, caseNow)
	if err1 != nil || err2 != nil {
		return s.scaled(after.Duration())
	}
	return s.scaled(max(after.Duration()-n.Sub(r), 0))
}

// later posts a signed body to our API after d, unless the claim is withdrawn.
// Called with s.mu held.
func (s *Simulator) later(party, mission, callback string, d time.Duration, body []byte) {
	if s.claimStops == nil {
		s.claimStops = map[string][]context.CancelFunc{}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	claim := mission
	s.claimStops[claim] = append(s.claimStops[claim], cancel)
	a := &assignment{provider: party, mission: mission, callback: callback}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		if !sleepUntil(ctx, time.Now().Add(d)) {
			return
		}
		s.deliverBody(ctx, a, body)
	}()
}

// withdrawClaim stops what is still to be sent for the claim's mission.
// Called with s.mu held.
func (s *Simulator) withdrawClaim(claimID string) {
	for mission, stops := range s.claimStops {
		if len(claimID) >= len(mission) && containsMission(claimID, mission) {
			for _, stop := range stops {
				stop()
			}
			delete(s.claimStops, mission)
		}
	}
}

// containsMission reports whether a claim id ("breakdown-M-1/<run>/warranty")
// is the mission's.
func containsMission(claimID, mission string) bool {
	return len(claimID) > len("breakdown-"+mission) && claimID[:len("breakdown-"+mission)+1] == "breakdown-"+mission+"/"
}

// deliverBody posts one signed body, retrying a connection error, a 5xx or a
// 429 with backoff, giving up on another 4xx or after the last attempt.
func (s *Simulator) deliverBody(ctx context.Context, a *assignment, body []byte) {
	log := s.cfg.Logger.With("party", a.provider, "mission", a.mission, "url", a.callback)
	backoff, limit := s.cfg.WebhookBackoff, 16*s.cfg.WebhookBackoff
	for attempt := 1; ; attempt++ {
		status, retryAfter, err := s.post(ctx, a, body)
		switch {
		case err == nil && status/100 == 2:
			s.count(func(st *Stats) { st.WebhooksSent++ })
			return
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrNoKey), err == nil && status >= 400 && status < 500 && status != http.StatusTooManyRequests,
			attempt >= s.cfg.WebhookAttempts:
			log.Warn("warranty answer not delivered", "status", status, "error", err, "attempts", attempt)
			s.count(func(st *Stats) { st.WebhookFailures++ })
			return
		}
		if !sleepUntil(ctx, time.Now().Add(min(max(backoff, retryAfter), limit))) {
			return
		}
		backoff = min(2*backoff, limit)
	}
}

// absolute answers 400 when the callback URL is not absolute.
func absolute(w http.ResponseWriter, callback string) bool {
	if u, err := url.Parse(callback); err != nil || !u.IsAbs() {
		writeJSON(w, http.StatusBadRequest, problem{Error: "callback_url: must be an absolute URL", Field: "callback_url"}, nil)
		return false
	}
	return true
}

package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/valetops/assistance/api/webhooksig"
)

// The paths where the case's parties are played.
const (
	pathNotices  = "/client/notices"
	pathAlerts   = "/ops/alerts"
	pathOffers   = "/beneficiary/offers"
	pathMissions = "/missions/updates"
	pathOwners   = "/owner/notices"
	// pathValet is the valet's app: position links, assistance dispatched,
	// services ordered.
	pathValet = "/valet/notices"
	// pathInformed lists the informations given to the vehicles' own
	// assistance at the report (POST /providers/{provider}/breakdown-notices).
	pathInformed = "/breakdown-notices"
)

// record is one message the case sent to a party.
type record struct {
	MissionID string
	Body      json.RawMessage
}

// handleRecord records a JSON object posted to path; the client's notices and
// ops' alerts must be signed when the simulator knows their secrets.
func (s *Simulator) handleRecord(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if path == pathNotices && len(s.cfg.ClientNoticesSecret) > 0 && !s.signed(w, r, s.cfg.ClientNoticesSecret) {
			return
		}
		if path == pathOwners && len(s.cfg.OwnerNoticesSecret) > 0 && !s.signed(w, r, s.cfg.OwnerNoticesSecret) {
			return
		}
		if path == pathAlerts && len(s.cfg.OpsAlertsSecret) > 0 && !s.signed(w, r, s.cfg.OpsAlertsSecret) {
			s.mu.Lock()
			s.stats.UnsignedAlerts++
			s.mu.Unlock()
			return
		}
		rec, ok := readRecord(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		if path == pathNotices && s.refuseNotices[rec.MissionID] {
			// The client's endpoint refuses every notice, retries included.
			s.stats.NoticesRefused++
			s.mu.Unlock()
			writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the client's endpoint is down (scripted: unreachable)"}, nil)
			return
		}
		s.records[path] = append(s.records[path], rec)
		s.mu.Unlock()
		writeJSON(w, http.StatusAccepted, map[string]string{"status": "recorded"}, nil)
	}
}

// signed checks a signed webhook (api/webhooksig) and puts its body back for
// reading; on a bad signature it answers 401 and returns false.
func (s *Simulator) signed(w http.ResponseWriter, r *http.Request, secret []byte) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: "unreadable body: " + err.Error()}, nil)
		return false
	}
	err = webhooksig.Verify(secret, r.Header.Get(webhooksig.HeaderTimestamp),
		r.Header.Get(webhooksig.HeaderSignature), body, time.Now(), 0)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, problem{Error: err.Error()}, nil)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// handleInformed answers POST /providers/{provider}/breakdown-notices: the
// vehicle's own assistance is informed at the report. Every provider takes
// it, scripted or not, once per key (a repeat gets the same receipt), and
// none of its scripted answers is used (FORMAT.md, third round).
func (s *Simulator) handleInformed(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	key := r.Header.Get("Idempotency-Key")
	var raw json.RawMessage
	if !decodeBody(w, r, &raw) {
		return
	}
	var head struct {
		MissionID string `json:"mission_id"`
		CaseID    string `json:"case_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: "the body must be a JSON object: " + err.Error()}, nil)
		return
	}
	if !required(w, "Idempotency-Key", key, "case_id", head.CaseID, "mission_id", head.MissionID) {
		return
	}
	if !s.lockUnanswered(w, provider, key) {
		return
	}
	s.seq++
	s.stats.Informed++
	s.records[pathInformed] = append(s.records[pathInformed], record{MissionID: head.MissionID, Body: raw})
	a := newStored(http.StatusCreated, map[string]string{"reference": fmt.Sprintf("%s-info-%d", provider, s.seq)}, nil, "")
	s.answers[memKey(provider, key)] = a
	s.mu.Unlock()
	a.write(w, false)
}

// handleMissionUpdate records a mission update once per Idempotency-Key.
func (s *Simulator) handleMissionUpdate(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if !required(w, "Idempotency-Key", key) {
		return
	}
	rec, ok := readRecord(w, r)
	if !ok {
		return
	}
	if !s.lockUnanswered(w, pathMissions, key) {
		return
	}
	s.records[pathMissions] = append(s.records[pathMissions], rec)
	a := newStored(http.StatusCreated, map[string]string{"status": "recorded"}, nil, "")
	s.answers[memKey(pathMissions, key)] = a
	s.mu.Unlock()
	a.write(w, false)
}

// handleRecords gives back what was posted to path, for ?mission_id=M or all.
func (s *Simulator) handleRecords(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Records(path, r.URL.Query().Get("mission_id")), nil)
	}
}

// Records returns the bodies posted to path ("/client/notices", "/ops/alerts",
// "/beneficiary/offers", "/valet/notices", "/missions/updates", "/owner/notices",
// "/breakdown-notices") for a mission, or for all when
// mission is empty, in the order received.
func (s *Simulator) Records(path, mission string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []json.RawMessage{}
	for _, rec := range s.records[path] {
		if mission == "" || rec.MissionID == mission {
			out = append(out, rec.Body)
		}
	}
	return out
}

// readRecord reads a JSON object and its mission_id, or answers 400.
func readRecord(w http.ResponseWriter, r *http.Request) (record, bool) {
	var raw json.RawMessage
	if !decodeBody(w, r, &raw) {
		return record{}, false
	}
	var head struct {
		MissionID string `json:"mission_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: "the body must be a JSON object: " + err.Error()}, nil)
		return record{}, false
	}
	return record{MissionID: head.MissionID, Body: raw}, true
}

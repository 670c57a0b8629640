package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"go.temporal.io/api/serviceerror"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
)

// handleEvent receives POST /v1/providers/{provider}/events. The edge checks
// come first (authenticate: body size and time, the provider's key, the
// signature, the rate), so a request failing them reaches no case; then the
// body is read as a milestone of that provider; a repeated event is answered
// 200; an assignment the case lists under another provider is refused 403; an
// assignment (or a case) past its bound of events is refused 409 and ops are
// alerted once; only then is the milestone signalled to the mission's case,
// carrying the provider so the case checks it too.
func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	body, ok := s.authenticate(w, r, provider)
	if !ok {
		return
	}
	log := s.cfg.Logger.With("provider", provider)
	missionID, m, err := parseEvent(provider, body)
	if err != nil {
		s.stats.malformed.Add(1)
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	key := m.DedupKey()
	if known, signalled := s.seen.claim(key); known {
		if signalled {
			s.stats.duplicates.Add(1)
			writeJSON(w, http.StatusOK, receipt{Status: "duplicate", EventID: m.EventID})
			return
		}
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the same event is being delivered; retry later"})
		return
	}
	if s.cfg.Signaler == nil {
		s.seen.release(key)
		log.Error("no signaler configured")
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the cases cannot be reached now"})
		return
	}
	if s.ownerOf(r.Context(), provider, missionID, m.AssignmentID) == foreignAssignment {
		s.seen.release(key)
		s.stats.foreignAssignments.Add(1)
		log.Warn("webhook refused: another provider's assignment", "mission_id", missionID, "assignment_id", m.AssignmentID, "event_id", m.EventID)
		writeJSON(w, http.StatusForbidden, problem{
			Error: fmt.Sprintf("assignment_id: %s of mission %s is not an assignment of %s", m.AssignmentID, missionID, provider),
			Field: "assignment_id",
		})
		return
	}
	if f := s.floods.reserve(provider, missionID, m.AssignmentID, s.cfg.MaxEventsPerAssignment, s.cfg.MaxEventsPerCase); f != nil {
		s.seen.release(key)
		s.stats.floods.Add(1)
		log.Warn("webhook refused: flood", "mission_id", missionID, "assignment_id", m.AssignmentID, "event_id", m.EventID, "limit", f.limit)
		if f.first {
			s.alertFlood(provider, missionID, f)
		}
		writeJSON(w, http.StatusConflict, problem{
			Error: fmt.Sprintf("%s already had its %d events: no more are taken (ops are told)", f.what, f.limit),
			Field: "assignment_id",
		})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SignalTimeout)
	defer cancel()
	err = s.cfg.Signaler.SignalWorkflow(ctx, contract.WorkflowID(missionID), "", contract.SignalMilestone, m)
	if err != nil {
		s.seen.release(key)
		s.floods.release(provider, missionID, m.AssignmentID)
		var notFound *serviceerror.NotFound
		if errors.As(err, &notFound) {
			writeJSON(w, http.StatusNotFound, problem{Error: "no open case for mission " + missionID, Field: "mission_id"})
			return
		}
		log.Error("signal failed", "mission_id", missionID, "event_id", m.EventID, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the case could not be reached; retry later"})
		return
	}
	s.seen.done(key)
	s.stats.accepted.Add(1)
	writeJSON(w, http.StatusAccepted, receipt{Status: "accepted", EventID: m.EventID})
}

package api

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/serviceerror"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract/strictjson"
)

// handleEvent receives POST /v1/providers/{provider}/events: the signature and
// the timestamp first (a request failing them reaches no case), then the body
// as a milestone, then the signal to the mission's case.
func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	log := s.cfg.Logger.With("provider", provider)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: "unreadable body: " + err.Error()})
		return
	}
	secret := s.secretOf(provider)
	if secret == nil {
		log.Warn("webhook refused: no secret for this provider")
		writeJSON(w, http.StatusUnauthorized, problem{Error: "unknown provider"})
		return
	}
	err = webhooksig.Verify(secret, r.Header.Get(webhooksig.HeaderTimestamp), r.Header.Get(webhooksig.HeaderSignature),
		body, s.cfg.Now(), s.cfg.Window)
	if err != nil {
		log.Warn("webhook refused", "error", err)
		writeJSON(w, http.StatusUnauthorized, problem{Error: err.Error()})
		return
	}
	missionID, m, err := parseEvent(provider, body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	key := provider + "\x00" + m.EventID
	if known, signalled := s.seen.claim(key); known {
		if signalled {
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
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SignalTimeout)
	defer cancel()
	err = s.cfg.Signaler.SignalWorkflow(ctx, contract.WorkflowID(missionID), "", contract.SignalMilestone, m)
	if err != nil {
		s.seen.release(key)
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
	writeJSON(w, http.StatusAccepted, receipt{Status: "accepted", EventID: m.EventID})
}

package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/contract/strictjson"
)

// Updater sends an Update to a workflow and waits for its answer; the
// Temporal SDK's client.Client satisfies it. The warranty webhooks use it: a
// diagnosis or a decision the claim refuses is answered 409 with the reason.
type Updater interface {
	UpdateWorkflow(ctx context.Context, options client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error)
}

// diagnosisEvent is the body of POST /v1/repairers/{repairer}/diagnoses
// (RepairerDiagnosis in openapi.yaml).
type diagnosisEvent struct {
	EventID     string `json:"event_id" required:"true"`
	MissionID   string `json:"mission_id" required:"true"`
	Cause       string `json:"cause" required:"true"`
	QuoteEUR    int    `json:"quote_eur" required:"true"`
	EventNumber string `json:"event_number,omitempty"`
}

// decisionEvent is the body of POST /v1/warranty-managers/{manager}/decisions
// (WarrantyDecision in openapi.yaml).
type decisionEvent struct {
	EventID    string `json:"event_id" required:"true"`
	MissionID  string `json:"mission_id" required:"true"`
	CoveredEUR int    `json:"covered_eur,omitempty"`
	Refused    string `json:"refused,omitempty"`
}

// claimReceipt is the answer to a warranty webhook (ClaimReceipt in openapi.yaml).
type claimReceipt struct {
	Status  string         `json:"status"`
	EventID string         `json:"event_id"`
	Claim   contract.Claim `json:"claim"`
}

// handleDiagnosis receives a repairer's diagnosis and quote and passes it to
// the mission's warranty claim.
func (s *Server) handleDiagnosis(w http.ResponseWriter, r *http.Request) {
	repairer := r.PathValue("repairer")
	body, ok := s.authenticate(w, r, repairer)
	if !ok {
		return
	}
	var ev diagnosisEvent
	if err := strictjson.Decode(body, &ev); err != nil {
		s.stats.malformed.Add(1)
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	d := contract.Diagnosis{Cause: ev.Cause, QuoteEUR: ev.QuoteEUR, EventNumber: ev.EventNumber, Repairer: repairer}
	if err := firstError(checkIDs(ev.EventID, ev.MissionID), d.Validate(), checkEventNumber(ev.EventNumber)); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	s.updateClaim(w, r, ev.MissionID, contract.UpdateDiagnosis, "repairer/"+repairer+"/"+ev.EventID, ev.EventID, d)
}

// handleDecision receives a warranty manager's decision and passes it to the
// mission's warranty claim.
func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) {
	manager := r.PathValue("manager")
	body, ok := s.authenticate(w, r, manager)
	if !ok {
		return
	}
	var ev decisionEvent
	if err := strictjson.Decode(body, &ev); err != nil {
		s.stats.malformed.Add(1)
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	d := contract.Decision{CoveredEUR: ev.CoveredEUR, Refused: ev.Refused, Manager: manager}
	// The quote is the claim's: the claim checks the amount against it.
	if err := firstError(checkIDs(ev.EventID, ev.MissionID), d.Validate(1<<31-1)); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: strictjson.FirstField(err)})
		return
	}
	s.updateClaim(w, r, ev.MissionID, contract.UpdateWarrantyDecision, "manager/"+manager+"/"+ev.EventID, ev.EventID, d)
}

// updateClaim sends the Update to the claim of the mission and answers with
// the claim: 200 accepted (a repeated event_id gets the same answer), 409 when
// the claim refuses it, 404 with no open claim, 503 when it cannot be reached.
func (s *Server) updateClaim(w http.ResponseWriter, r *http.Request, missionID, update, updateID, eventID string, arg any) {
	updater := s.updater()
	if updater == nil {
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the claims cannot be reached now"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SignalTimeout)
	defer cancel()
	handle, err := updater.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: contract.ClaimWorkflowID(missionID), UpdateName: update, UpdateID: updateID,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var claim contract.Claim
	if err == nil {
		err = handle.Get(ctx, &claim)
	}
	var notFound *serviceerror.NotFound
	var refused *temporal.ApplicationError
	switch {
	case err == nil:
		s.stats.accepted.Add(1)
		writeJSON(w, http.StatusOK, claimReceipt{Status: "accepted", EventID: eventID, Claim: claim})
	case errors.As(err, &notFound):
		writeJSON(w, http.StatusNotFound, problem{Error: "no open warranty claim for mission " + missionID, Field: "mission_id"})
	case errors.As(err, &refused):
		writeJSON(w, http.StatusConflict, problem{Error: refused.Error(), Field: strictjson.FirstField(refused)})
	default:
		s.cfg.Logger.Error("warranty update failed", "mission_id", missionID, "update", update, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: "the claim could not be reached; retry later"})
	}
}

// updater is the configured Updater, or the Signaler when it can send Updates
// too (a Temporal client).
func (s *Server) updater() Updater {
	if s.cfg.Updater != nil {
		return s.cfg.Updater
	}
	u, _ := s.cfg.Signaler.(Updater)
	return u
}

// checkEventNumber bounds the event number a repairer repeats (abroad).
func checkEventNumber(n string) error {
	if err := contract.CheckPerson("event_number", n); err != nil {
		return err
	}
	return nil
}

func checkIDs(eventID, missionID string) error {
	var errs strictjson.FieldErrors
	if strings.TrimSpace(eventID) == "" || len(eventID) > 200 {
		errs = append(errs, &strictjson.FieldError{
			Field:  "event_id",
			Reason: "is required (1 to 200 characters; a repeated event carries the same id)",
		})
	}
	if strings.TrimSpace(missionID) == "" || len(missionID) > contract.MaxMissionID || contract.CheckPerson("mission_id", missionID) != nil {
		errs = append(errs, &strictjson.FieldError{Field: "mission_id",
			Reason: fmt.Sprintf("is required (1 to %d characters, no control characters)", contract.MaxMissionID)})
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

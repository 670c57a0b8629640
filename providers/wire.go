package providers

import (
	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// The bodies of the providers' API (api/openapi.yaml). The order structs of
// package activities are embedded, so their fields go on the wire as they are.

// assignmentRequest is the body of POST /assignments.
type assignmentRequest struct {
	activities.DispatchOrder
	CallbackURL string `json:"callback_url"`
}

// dispatchAnswer is the body of a 200, 201, 202, 422 or 429 answer to POST /assignments.
type dispatchAnswer struct {
	Status            string `json:"status"`
	AssignmentID      string `json:"assignment_id"`
	ETASeconds        int    `json:"eta_seconds"`
	Reason            string `json:"reason"`
	RetryAfterSeconds int    `json:"retry_after_seconds"`
}

// quoteRequest is the body of POST /quotes.
type quoteRequest struct {
	activities.QuoteRequest
	MissionID string `json:"mission_id"`
}

// quotes is the answer to POST /quotes.
type quotes struct {
	Options []contract.Option `json:"options"`
}

// cancelRequest is the body of both cancellations.
type cancelRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	CaseID         string `json:"case_id"`
	MissionID      string `json:"mission_id,omitempty"`
	DispatchKey    string `json:"dispatch_key,omitempty"`
	Reason         string `json:"reason"`
}

// serviceOrder is the body of POST /services.
type serviceOrder struct {
	activities.ServiceOrder
	MissionID string `json:"mission_id,omitempty"`
}

// serviceCancel is the body of POST /services/cancel.
type serviceCancel struct {
	activities.ServiceCancellation
	MissionID string `json:"mission_id,omitempty"`
}

// missionOf is the order's mission id, or the one its case id carries (for the
// requests whose order does not carry it).
func missionOf(missionID, caseID string) string {
	if missionID != "" {
		return missionID
	}
	return contract.MissionOf(caseID)
}

package simulator

import (
	"encoding/json"
	"net/http"
)

// The simulator's own view of the bodies of api/openapi.yaml: only the fields
// it uses; the rest of a request (vehicle, location, ...) is accepted unread.

// assignmentRequest is the body of POST /assignments.
type assignmentRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	CaseID         string `json:"case_id"`
	Service        string `json:"service"`
	MissionID      string `json:"mission_id"`
	CallbackURL    string `json:"callback_url"`
	Nature         string `json:"nature"`
	Payer          string `json:"payer"`
	TowTo          string `json:"tow_to"`
	Location       struct {
		Lat float64 `json:"lat"`
		Lon float64 `json:"lon"`
	} `json:"location"`
	Vehicle struct {
		WeightKg float64 `json:"weight_kg"`
	} `json:"vehicle"`
}

// cancelRequest is the body of both cancellations.
type cancelRequest struct {
	CaseID      string `json:"case_id"`
	DispatchKey string `json:"dispatch_key"`
	Reason      string `json:"reason"`
}

// quoteRequest is the body of POST /quotes.
type quoteRequest struct {
	CaseID    string `json:"case_id"`
	MissionID string `json:"mission_id"`
	Location  struct {
		Lat float64 `json:"lat"`
		Lon float64 `json:"lon"`
	} `json:"location"`
}

// serviceRequest is the body of POST /services.
type serviceRequest struct {
	CaseID    string `json:"case_id"`
	MissionID string `json:"mission_id"`
	Service   string `json:"service"`
}

// serviceCancelRequest is the body of POST /services/cancel.
type serviceCancelRequest struct {
	CaseID   string `json:"case_id"`
	Service  string `json:"service"`
	OrderKey string `json:"order_key"`
	Reason   string `json:"reason"`
}

// quote is one paid option.
type quote struct {
	Option   string  `json:"option"`
	PriceEUR float64 `json:"price_eur"`
}

// event is the body of a webhook (ProviderEvent).
type event struct {
	EventID      string `json:"event_id"`
	AssignmentID string `json:"assignment_id"`
	MissionID    string `json:"mission_id"`
	Kind         string `json:"kind"`
	At           string `json:"at"`
	Destination  string `json:"destination,omitempty"`
	RepairDays   int    `json:"repair_days,omitempty"`
	ETASeconds   int    `json:"eta_seconds,omitempty"`
	Seats        *int   `json:"seats,omitempty"`
	Note         string `json:"note,omitempty"`
}

// problem is the body of an error answer.
type problem struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// decodeBody reads a JSON object into v, or answers 400 and returns false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Error: "malformed body: " + err.Error()}, nil)
		return false
	}
	return true
}

// required answers 400 naming the first empty field, and returns false.
func required(w http.ResponseWriter, fields ...string) bool {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			writeJSON(w, http.StatusBadRequest, problem{Error: fields[i] + ": is required", Field: fields[i]}, nil)
			return false
		}
	}
	return true
}

// writeJSON answers status with v as JSON and the given headers.
func writeJSON(w http.ResponseWriter, status int, v any, headers http.Header) {
	for k, vs := range headers {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

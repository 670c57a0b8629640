package providers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
)

// seen is one request a test server received.
type seen struct {
	Method, Path, Key string
	Body              map[string]any
}

// server answers every request with handle and records what it received.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newServer(t *testing.T, handle http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(data))
		var body map[string]any
		_ = json.Unmarshal(data, &body)
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{r.Method, r.URL.EscapedPath(), r.Header.Get("Idempotency-Key"), body})
		s.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

// reply answers with a status, headers and a body.
func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

const caseID = "breakdown-M-1004/run-1"

func order() activities.DispatchOrder {
	return activities.DispatchOrder{
		IdempotencyKey: caseID + "/dispatch/byd-assistance/1", CaseID: caseID, Provider: "byd-assistance",
		Service: "assistance", MissionID: "M-1004",
		Vehicle: contract.Vehicle{VIN: "LGXCE4CB0P0000001", Plate: "GA-101-BY", Make: "BYD", Model: "Seal",
			Energy: "electric", Kind: "new", WeightKg: 2150, Usage: "private", DeliveredOn: "2025-06-01",
			MaintenanceFollowed: true, RegistrationCountry: "FR",
			Assistance: &contract.VehicleAssistance{Type: "manufacturer", Provider: "byd-assistance", Program: "byd-eu"}},
		Location: contract.Location{Country: "FR", PublicRoad: true}.WithPosition(45.7578, 4.832),
		Nature:   "engine", Symptoms: []string{"no_start"}, Payer: contract.PayerManufacturer,
	}
}

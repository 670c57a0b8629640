package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/valetops/assistance/api/pages"
)

// Signaler sends a signal to a workflow; the Temporal SDK's client.Client
// satisfies it.
type Signaler interface {
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg any) error
}

// Config is what the API server needs.
type Config struct {
	// Signaler reaches the cases (a Temporal client).
	Signaler Signaler
	// Updater reaches the warranty claims; nil: the Signaler, when it is a
	// Temporal client.
	Updater Updater
	// Secrets holds the shared webhook secret of each provider id.
	Secrets map[string][]byte
	// DefaultSecret is the secret of a provider not in Secrets; empty: such a
	// provider is refused.
	DefaultSecret []byte
	// Window is how far a webhook's timestamp may be from our clock (default 5 min).
	Window time.Duration
	// SeenEvents is how many recent event ids are remembered (default 10000).
	SeenEvents int
	// MaxBody is the largest webhook body read, in bytes (default 1 MiB).
	MaxBody int64
	// SignalTimeout bounds the signal to the case (default 10 s).
	SignalTimeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger logs each refused or failed webhook (default: discard).
	Logger *slog.Logger
	// Pages are the case's pages (tracking, approval, position, report);
	// nil: none served.
	Pages *pages.Pages
}

// Server is our HTTP API.
type Server struct {
	cfg  Config
	seen *seenEvents
	mux  *http.ServeMux
}

// New returns a server with cfg's defaults filled in.
func New(cfg Config) *Server {
	if cfg.Window <= 0 {
		cfg.Window = 5 * time.Minute
	}
	if cfg.SeenEvents <= 0 {
		cfg.SeenEvents = 10000
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.SignalTimeout <= 0 {
		cfg.SignalTimeout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, seen: newSeenEvents(cfg.SeenEvents), mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /v1/providers/{provider}/events", s.handleEvent)
	s.mux.HandleFunc("POST /v1/repairers/{repairer}/diagnoses", s.handleDiagnosis)
	s.mux.HandleFunc("POST /v1/warranty-managers/{manager}/decisions", s.handleDecision)
	if cfg.Pages != nil {
		cfg.Pages.Register(s.mux)
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	return s
}

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler { return s.mux }

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// secretOf returns the provider's secret, or nil when it has none.
func (s *Server) secretOf(provider string) []byte {
	if secret, ok := s.cfg.Secrets[provider]; ok && len(secret) > 0 {
		return secret
	}
	if len(s.cfg.DefaultSecret) > 0 {
		return s.cfg.DefaultSecret
	}
	return nil
}

// problem is the body of an error answer (Problem in openapi.yaml).
type problem struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// receipt is the body of a 202 or 200 answer (EventReceipt in openapi.yaml).
type receipt struct {
	Status  string `json:"status"`
	EventID string `json:"event_id"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/pages"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract"
)

// Signaler sends a signal to a workflow; the Temporal SDK's client.Client
// satisfies it.
type Signaler interface {
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg any) error
}

// OpsAlerter alerts ops; providers.HTTPNotifier satisfies it. The API alerts
// ops itself of what it keeps out of the cases (a flood of events).
type OpsAlerter interface {
	AlertOps(ctx context.Context, alert activities.OpsAlert) error
}

// The defaults of Config (docs/security.md, "Limits").
const (
	// DefaultBodyTimeout is how long a request's body may take to arrive.
	DefaultBodyTimeout = 10 * time.Second
	// DefaultRate is how many webhook requests per second a party may send,
	// DefaultBurst how many at once.
	DefaultRate  = 20
	DefaultBurst = 40
	// DefaultOwnerTimeout bounds the Query that finds whose an assignment is.
	DefaultOwnerTimeout = 2 * time.Second
)

// Config is what the API server needs.
type Config struct {
	// Signaler reaches the cases (a Temporal client). When it can also query
	// a workflow (a Temporal client can), the API checks with the case's
	// outcome that an event's assignment belongs to the provider sending it.
	Signaler Signaler
	// Updater reaches the warranty claims; nil: the Signaler, when it is a
	// Temporal client.
	Updater Updater
	// Keys are the key rings of the parties that sign webhooks (providers,
	// repairers, warranty managers), by party id; a party without a ring is
	// refused (401).
	Keys webhooksig.Keys
	// Window is how far a webhook's timestamp may be from our clock (default 5 min).
	Window time.Duration
	// SeenEvents is how many recent event ids are remembered (default 10000).
	SeenEvents int
	// MaxBody is the largest webhook body read, in bytes (default
	// contract.MaxWebhookBody); a larger one is answered 413.
	MaxBody int64
	// BodyTimeout is how long a request's body may take to arrive in full
	// (default DefaultBodyTimeout); a slower one is answered 408.
	BodyTimeout time.Duration
	// Rate and Burst limit each party's webhook requests (per second, at
	// once; defaults DefaultRate and DefaultBurst); over them a request is
	// answered 429 with Retry-After.
	Rate  float64
	Burst int
	// MaxEventsPerAssignment bounds the events of one assignment, and
	// MaxEventsPerCase those of one provider about one mission (defaults
	// contract.MaxEventsPerAssignment and
	// contract.MaxEventsPerProviderPerCase): past them an event is refused
	// 409, counted, never signalled, and ops are alerted once.
	MaxEventsPerAssignment int
	MaxEventsPerCase       int
	// Alerts receives the API's own ops alerts (floods); nil: logged only.
	Alerts OpsAlerter
	// OwnerTimeout bounds the Query of the case that finds whose an
	// assignment is (default DefaultOwnerTimeout); past it the event goes on
	// to the case, which checks it.
	OwnerTimeout time.Duration
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
	cfg    Config
	seen   *seenEvents
	mux    *http.ServeMux
	stats  counters
	limits *limiters
	floods *floodCounts
	owners *owners
	alerts sync.WaitGroup
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
		cfg.MaxBody = contract.MaxWebhookBody
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	if cfg.Rate <= 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.MaxEventsPerAssignment <= 0 {
		cfg.MaxEventsPerAssignment = contract.MaxEventsPerAssignment
	}
	if cfg.MaxEventsPerCase <= 0 {
		cfg.MaxEventsPerCase = contract.MaxEventsPerProviderPerCase
	}
	if cfg.OwnerTimeout <= 0 {
		cfg.OwnerTimeout = DefaultOwnerTimeout
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
	s := &Server{
		cfg: cfg, seen: newSeenEvents(cfg.SeenEvents), mux: http.NewServeMux(),
		limits: newLimiters(cfg.Rate, cfg.Burst), floods: newFloodCounts(cfg.SeenEvents), owners: newOwners(cfg.SeenEvents),
	}
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
	s.mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
	return s
}

// Handler returns the HTTP handler of the API: every request's body is
// bounded in size and in time (Config.MaxBody, Config.BodyTimeout).
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil && r.Body != http.NoBody {
		// The deadline covers the whole body, however slowly it trickles in;
		// it is lifted after, for the next request on the connection.
		rc := http.NewResponseController(w)
		if rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout)) == nil {
			defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	}
	s.mux.ServeHTTP(w, r)
}

// Wait waits for the ops alerts the API is still sending.
func (s *Server) Wait() { s.alerts.Wait() }

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

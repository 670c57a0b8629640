package simulator

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/scenario"
)

// Config tunes the simulator.
type Config struct {
	// TimeScale divides every offset, ETA and retry-after sent: 60 plays an hour
	// in a minute. 0 means 1 (real time).
	TimeScale float64
	// WebhookKeys are the key rings the simulated parties (providers,
	// repairers, warranty managers) sign their webhooks with, each its own
	// (the newest key of its ring signs), as our API expects them: over the
	// method, the callback URL's path, the timestamp and the body (package
	// webhooksig). A party without a ring sends nothing (a failure, counted).
	WebhookKeys webhooksig.Keys
	// ClientNoticesSecret, when set, is the client's webhook secret: a notice
	// posted to /client/notices without its valid signature is refused 401,
	// as a client's system would.
	ClientNoticesSecret []byte
	// OpsAlertsSecret, when set, is the secret ops' endpoint checks the alerts'
	// signatures with (api/webhooksig): an unsigned or badly signed alert is
	// answered 401 and not recorded.
	OpsAlertsSecret []byte
	// OwnerNoticesSecret, when set, is the owners' webhook secret: a notice
	// posted to /owner/notices without its valid signature is refused 401, as
	// a lessor's system would.
	OwnerNoticesSecret []byte
	// DropUnreachable makes an unreachable provider drop the connection instead
	// of answering 503.
	DropUnreachable bool
	// WebhookAttempts bounds the deliveries of one event (default 8).
	WebhookAttempts int
	// WebhookBackoff is the first delay between deliveries, doubled each time up
	// to 16 times it (default 500 ms; real time, not scaled). A Retry-After in
	// the receiver's answer is honoured when longer, within the same bound.
	WebhookBackoff time.Duration
	// Client sends the webhooks (default: a client with a 10 s timeout).
	Client *http.Client
	// Logger logs answers and deliveries (default: discard).
	Logger *slog.Logger
	// Network plays the providers of every mission no scenario scripts; nil:
	// such a mission's providers are unreachable. Its clock is the
	// simulator's start plus the real time elapsed since, times TimeScale.
	Network *network.Network
}

// Simulator is the providers' side of the protocol, scripted per mission.
type Simulator struct {
	cfg Config
	mux *http.ServeMux

	ctx  context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
	// origin is when the simulator started: model time and real time agree there.
	origin time.Time

	mu      sync.Mutex
	scripts map[string]map[string]*scenario.ProviderScript // mission → provider → script
	counts  map[string]int                                 // mission+provider → requests so far
	answers map[string]*stored                             // party+key → first answer
	// cancelledKeys are dispatch keys cancelled before any order came with them.
	cancelledKeys map[string]bool
	assignments   map[string]*assignment     // provider+id → assignment
	open          map[string]map[string]bool // mission+provider → ids of the assignments not cancelled
	services      map[string]string          // provider+case+service → reference
	// serviceKeys are the services ordered, by provider+order key.
	serviceKeys map[string]serviceOrdered
	seq         int
	stats       Stats
	records     map[string][]record // path → what was posted there
	// warranty holds each mission's repairer and warranty manager scripts;
	// claimStops cancels what a mission's claim still has to send.
	warranty   map[string]warrantyScript
	claimStops map[string][]context.CancelFunc
	// refuseNotices are the missions whose client refuses every notice
	// (client.notices: "unreachable").
	refuseNotices map[string]bool
}

// New returns a simulator with no script: every provider is unreachable until Load.
func New(cfg Config) *Simulator {
	if cfg.TimeScale <= 0 {
		cfg.TimeScale = 1
	}
	if cfg.WebhookAttempts <= 0 {
		cfg.WebhookAttempts = 8
	}
	if cfg.WebhookBackoff <= 0 {
		cfg.WebhookBackoff = 500 * time.Millisecond
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Simulator{
		cfg: cfg, mux: http.NewServeMux(),
		scripts: map[string]map[string]*scenario.ProviderScript{}, counts: map[string]int{},
		answers: map[string]*stored{}, cancelledKeys: map[string]bool{}, assignments: map[string]*assignment{},
		open: map[string]map[string]bool{}, services: map[string]string{}, serviceKeys: map[string]serviceOrdered{},
		records: map[string][]record{}, origin: time.Now(), refuseNotices: map[string]bool{},
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.routes()
	return s
}

// Load scripts the missions of the scenarios, keyed by report.mission_id. A
// mission loaded again starts afresh: its request counts are reset.
func (s *Simulator) Load(scenarios []*scenario.Scenario) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range scenarios {
		mission := sc.Report.MissionID
		s.scripts[mission] = sc.Providers
		s.refuseNotices[mission] = sc.NoticesRefused()
		s.loadWarranty(sc)
		for provider := range sc.Providers {
			delete(s.counts, pair(mission, provider))
			delete(s.counts, servicesPair(mission, provider))
		}
	}
}

// Handler returns the HTTP handler of the simulator.
func (s *Simulator) Handler() http.Handler { return s.mux }

// ServeHTTP lets the simulator be used as an http.Handler.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close stops every pending event and waits for the deliveries under way.
func (s *Simulator) Close() {
	s.stop()
	s.wg.Wait()
}

func (s *Simulator) routes() {
	s.warrantyRoutes()
	s.mux.HandleFunc("POST /providers/{provider}/assignments", s.handleDispatch)
	s.mux.HandleFunc("POST /providers/{provider}/assignments/cancel", s.handleCancelByKey)
	s.mux.HandleFunc("POST /providers/{provider}/assignments/{id}/cancel", s.handleCancel)
	s.mux.HandleFunc("POST /providers/{provider}/quotes", s.handleQuotes)
	s.mux.HandleFunc("POST /providers/{provider}/services", s.handleServices)
	s.mux.HandleFunc("POST /providers/{provider}/services/cancel", s.handleServiceCancel)
	s.mux.HandleFunc("POST /providers/{provider}/breakdown-notices", s.handleInformed)
	s.mux.HandleFunc("GET "+pathInformed, s.handleRecords(pathInformed))
	for _, path := range []string{pathNotices, pathAlerts, pathOffers, pathOwners, pathValet} {
		s.mux.HandleFunc("POST "+path, s.handleRecord(path))
		s.mux.HandleFunc("GET "+path, s.handleRecords(path))
	}
	s.mux.HandleFunc("POST "+pathMissions, s.handleMissionUpdate)
	s.mux.HandleFunc("GET "+pathMissions, s.handleRecords(pathMissions))
	s.mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats(), nil)
	})
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
}

// scaled divides a scenario duration by the time scale.
func (s *Simulator) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) / s.cfg.TimeScale)
}

// seconds returns a scaled duration in whole seconds, rounded.
func (s *Simulator) seconds(d time.Duration) int {
	return int(math.Round(s.scaled(d).Seconds()))
}

// keyOf returns the key a party signs its webhooks with.
func (s *Simulator) keyOf(party string) (webhooksig.Key, bool) {
	ring := s.cfg.WebhookKeys[party]
	if ring == nil {
		return webhooksig.Key{}, false
	}
	return ring.Signing(), true
}

// pair keys a mission and a provider.
func pair(mission, provider string) string { return mission + "\x00" + provider }

// servicesPair keys the service orders of a mission to a provider answered by
// its own services answers.
func servicesPair(mission, provider string) string { return pair(mission, provider) + "\x00services" }

// marshal is json.Marshal for values that always encode.
func marshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

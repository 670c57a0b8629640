// Package stack runs the whole system in one process on its embedded default:
// a real Temporal server on a SQLite file with the Web UI and its codec
// server, the provider simulator, our HTTP API and the case worker, wired over
// real HTTP, every payload encrypted (package encryption). The run command and
// the end-to-end tests start it.
package stack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/api/pages"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/starter/connect"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/devserver"
)

// Config says where each part listens; port 0 picks a free port.
type Config struct {
	DataDir      string
	FrontendAddr string
	UIAddr       string // empty: no Web UI
	APIAddr      string
	SimAddr      string
	// Scale divides every window of a case and every delay of the simulator.
	Scale float64
	// Scenarios script the simulator's providers, per mission.
	Scenarios []*scenario.Scenario
	// Network plays the providers of every mission no scenario scripts (a
	// newcomer's own case); nil: such providers are unreachable.
	Network *network.Network
	// WebhookKeys are the key rings of the parties that sign webhooks, each
	// its own: the simulator signs with them, the API checks them. Nil: one
	// random key for each of Parties(cfg).
	WebhookKeys webhooksig.Keys
	// LinkKeys sign the links to the case's pages ("id=secret,…", package
	// links); empty: one random key.
	LinkKeys string
	// PageRefresh is how often an open case's tracking page reloads (default 20 s).
	PageRefresh time.Duration
	// Logger logs the worker and the SDK; nil: warnings and errors only.
	Logger *zap.Logger
	// ExternalWorker leaves the worker out: a worker process (./worker, with
	// WorkerArgs) polls the cases instead.
	ExternalWorker bool
	// Keys encrypt every payload of the cases (package encryption). Nil: the
	// key file in DataDir, created on first start (Server.KeyFile says where).
	Keys *encryption.Keys
	// Plain leaves payloads in clear; only the benchmark sets it, to measure
	// what encryption costs.
	Plain bool
	// CodecAddr is where the codec server of the Web UI listens; empty: a
	// free port.
	CodecAddr string
	// Postgres runs the Temporal server on PostgreSQL (a postgres:// URL, see
	// devserver.Config.Postgres) instead of SQLite in DataDir: the cluster shape.
	Postgres string
	// Secure turns on the cluster shape's mutual TLS and authorization by
	// role (devserver.Security, a throwaway CA in DataDir/tls): the worker
	// connects as role worker, the API as role api, Client and Cases as the
	// worker (which may do everything); DialAs connects as any other role.
	Secure bool
	// Records is the case record store's URL (package record); empty: its
	// SQLite file in DataDir, or its database beside Temporal's on Postgres.
	Records string
	// TestRetention is FOR TESTS ONLY (devserver.Config.TestRetention): the
	// namespace keeps a closed case this long, below the 1 h minimum, and
	// deletes it promptly once past. Zero: the server's default retention.
	TestRetention time.Duration
	// NoOwnerQuery is FOR MEASUREMENT ONLY (the benchmark's -owner-query=false):
	// the API does not ask the case whose a new assignment is before passing
	// its event on (no early 403); the case still checks every event itself.
	NoOwnerQuery bool
}

// signalsOnly hides a client's Query from the API (Config.NoOwnerQuery):
// only its signals show.
type signalsOnly struct{ api.Signaler }

// WorkerArgs are the flags of a worker process (the worker command, the
// benchmark's worker) serving this stack at scale.
func (st *Stack) WorkerArgs(scale float64) []string {
	conn, err := st.ConnOptions(contract.RoleWorker, "case-worker")
	if err != nil { // the stack issued this certificate when it started
		panic(err)
	}
	w := caseworker.DefaultFlags()
	w.Config, w.LinkKeys = st.CaseWorkerConfig(scale), st.linkKeys
	w.Config.RecordStore = nil // the process opens its own, at Config.Records
	return append(conn.Args(), w.Args()...)
}

// Stack is the running system.
type Stack struct {
	Server    *devserver.Server
	Client    client.Client
	Cases     *starter.Cases
	Simulator *simulator.Simulator
	// APIURL and SimURL are the base URLs of our API and of the simulator.
	APIURL string
	SimURL string
	// LinkKeys sign and verify the links to the case's pages.
	LinkKeys *links.Keyring
	// Records is the case record store: the worker writes each closed case to
	// it, the pages read a case from it once Temporal no longer has it.
	Records *record.Store

	linkKeys string
	// WebhookKeys are the parties' key rings (the simulator signs with them,
	// the API checks them).
	WebhookKeys webhooksig.Keys
	// noticeSecret signs the client's and the owners' notices and the ops alerts.
	noticeSecret string

	worker  worker.Worker
	servers []*http.Server
	// clients are the other clients the stack dialled (DialAs), closed by Stop.
	clients  []client.Client
	log      *zap.Logger
	plain    bool
	stopOnce sync.Once
}

// DialAs connects to the stack's server as the subject of role: with its
// client certificate (issued by the server's CA) on a Secure stack, plainly
// otherwise; every payload encrypted with the stack's keys.
func (st *Stack) DialAs(ctx context.Context, role contract.Role, subject string) (client.Client, error) {
	tlsConfig, err := st.Server.ClientTLS(role, subject)
	if err != nil {
		return nil, err
	}
	opts := client.Options{HostPort: st.Server.FrontendAddr(), Namespace: st.Server.Namespace(), Logger: connect.NewSDKLogger(st.log),
		Identity: string(role) + ":" + subject, ConnectionOptions: client.ConnectionOptions{TLS: tlsConfig}}
	if !st.plain {
		encryption.Configure(&opts, st.Server.Keys())
	}
	return client.DialContext(ctx, opts)
}

// ConnOptions are the connection flags of a process connecting as the
// subject of role (its certificate files on a Secure stack).
func (st *Stack) ConnOptions(role contract.Role, subject string) (connect.Options, error) {
	o := connect.Options{Address: st.Server.FrontendAddr(), Namespace: st.Server.Namespace(), PayloadKeys: st.Server.KeyFile()}
	if pki := st.Server.PKI(); pki != nil {
		cert, key, err := pki.Client(role, subject)
		if err != nil {
			return o, err
		}
		o.TLSCert, o.TLSKey, o.TLSCA = cert, key, pki.CAFile()
	}
	return o, nil
}

// Start brings the system up; on error, what was started is stopped again.
func Start(ctx context.Context, cfg Config) (st *Stack, err error) {
	log := cfg.Logger
	if log == nil {
		log = zap.Must(zap.NewProduction(zap.IncreaseLevel(zap.WarnLevel)))
	}
	secret := randomSecret()
	webhookKeys := cfg.WebhookKeys
	if webhookKeys == nil {
		if webhookKeys, err = webhooksig.Generate("k1", Parties(cfg)...); err != nil {
			return nil, err
		}
	}
	linkKeys := cfg.LinkKeys
	if linkKeys == "" {
		linkKeys = "k1=" + randomSecret()
	}
	keys, err := links.ParseKeys(linkKeys)
	if err != nil {
		return nil, err
	}
	st = &Stack{LinkKeys: keys, linkKeys: linkKeys, WebhookKeys: webhookKeys, noticeSecret: secret}
	built := st // st is nil once an error is returned
	defer func() {
		if err != nil {
			built.Stop()
		}
	}()
	var security *devserver.Security
	if cfg.Secure {
		security = &devserver.Security{Authorize: true}
	}
	st.Server, err = devserver.Start(ctx, devserver.Config{DataDir: cfg.DataDir, FrontendAddr: cfg.FrontendAddr,
		UIAddr: cfg.UIAddr, CodecAddr: cfg.CodecAddr, Keys: cfg.Keys, SearchAttributes: devserver.CaseSearchAttributes, Postgres: cfg.Postgres,
		Security: security, TestRetention: cfg.TestRetention})
	if err != nil {
		return nil, fmt.Errorf("starting the Temporal server: %w", err)
	}
	st.log, st.plain = log, cfg.Plain
	st.Client, err = st.DialAs(ctx, contract.RoleWorker, "case-worker")
	if err != nil {
		return nil, fmt.Errorf("connecting to the embedded server: %w", err)
	}
	st.Cases = starter.New(st.Client)
	apiClient := st.Client
	if cfg.Secure {
		if apiClient, err = st.DialAs(ctx, contract.RoleAPI, "webhook-api"); err != nil {
			return nil, fmt.Errorf("connecting the API: %w", err)
		}
		st.clients = append(st.clients, apiClient)
	}

	if st.Records, err = openRecords(ctx, cfg, st.Server); err != nil {
		return nil, err
	}
	st.Simulator = simulator.New(simulator.Config{TimeScale: cfg.Scale, WebhookKeys: webhookKeys, ClientNoticesSecret: []byte(secret),
		OpsAlertsSecret: []byte(secret), OwnerNoticesSecret: []byte(secret), Network: cfg.Network})
	st.Simulator.Load(cfg.Scenarios)
	if st.SimURL, err = st.serve(cfg.SimAddr, st.Simulator.Handler()); err != nil {
		return nil, fmt.Errorf("provider simulator: %w", err)
	}
	webUI := ""
	if addr := st.Server.UIAddr(); addr != "" {
		webUI = "http://" + addr
	}
	// The simulator plays time Scale times faster: each party's rate too, and
	// the wait for the case to say whose an assignment is shrinks with the
	// case's windows (past it, the event goes on and the case checks it).
	scale := max(1, cfg.Scale)
	var signaler api.Signaler = apiClient
	if cfg.NoOwnerQuery {
		signaler = signalsOnly{apiClient}
	}
	ourAPI := api.New(api.Config{Signaler: signaler, Updater: apiClient, Keys: webhookKeys,
		Rate: api.DefaultRate * scale, Burst: int(api.DefaultBurst * scale),
		OwnerTimeout: max(50*time.Millisecond, time.Duration(float64(api.DefaultOwnerTimeout)/scale)),
		Alerts: providers.NewNotifier(providers.NotifierConfig{OpsAlertsURL: st.SimURL + "/ops/alerts", OpsAlertsSecret: []byte(secret),
			WebUIURL: webUI, Namespace: st.Server.Namespace()}),
		Pages: pages.New(pages.Config{Keys: st.LinkKeys, Cases: apiClient, Records: st.Records, Refresh: cfg.PageRefresh})})
	if st.APIURL, err = st.serve(cfg.APIAddr, ourAPI.Handler()); err != nil {
		return nil, fmt.Errorf("API: %w", err)
	}

	if cfg.ExternalWorker {
		return st, nil
	}
	acts, err := caseworker.Activities(st.Client, st.CaseWorkerConfig(cfg.Scale))
	if err != nil {
		return nil, err
	}
	caseworker.SetWorkflowCache(0)
	st.worker = caseworker.New(st.Client, "", acts, worker.Options{})
	if err := st.worker.Start(); err != nil {
		return nil, fmt.Errorf("starting the worker: %w", err)
	}
	return st, nil
}

// serve listens on addr and serves h; it returns the base URL.
func (st *Stack) serve(addr string, h http.Handler) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second}
	st.servers = append(st.servers, srv)
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), nil
}

// Stop stops the worker, the HTTP servers and the Temporal server; the data
// stays on disk. Calling Stop again does nothing.
func (st *Stack) Stop() { st.stopOnce.Do(st.stop) }

func (st *Stack) stop() {
	if st.worker != nil {
		st.worker.Stop()
	}
	for _, s := range st.servers {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.Shutdown(ctx)
		cancel()
	}
	if st.Simulator != nil {
		st.Simulator.Close()
	}
	for _, c := range st.clients {
		c.Close()
	}
	if st.Client != nil {
		st.Client.Close()
	}
	if st.Records != nil {
		_ = st.Records.Close()
	}
	if st.Server != nil {
		if err := st.Server.Stop(); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Println("stopping the Temporal server:", err)
		}
	}
}

// openRecords opens the case record store of cfg: cfg.Records, else the
// SQLite file in the data directory, else (on PostgreSQL) its database beside
// Temporal's; created and brought up to date on the way.
func openRecords(ctx context.Context, cfg Config, srv *devserver.Server) (*record.Store, error) {
	url := cfg.Records
	switch {
	case url != "":
	case cfg.Postgres != "":
		var err error
		if url, err = record.PostgresURL(cfg.Postgres); err != nil {
			return nil, err
		}
	default:
		url = record.SQLiteURL(cfg.DataDir)
	}
	st, err := record.Open(ctx, url, record.Options{Keys: srv.Keys()})
	if err != nil {
		return nil, fmt.Errorf("the case record store: %w", err)
	}
	return st, nil
}

func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

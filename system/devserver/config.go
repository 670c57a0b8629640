package devserver

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"strconv"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/enums/v1"
	"go.uber.org/zap"

	"github.com/valetops/assistance/encryption"
)

const (
	// DefaultFrontendAddr is where the Temporal frontend (gRPC) listens when
	// Config.FrontendAddr is empty.
	DefaultFrontendAddr = "127.0.0.1:7233"
	// DefaultUIAddr is the conventional address of the Web UI. Config.UIAddr
	// has no default (empty means no UI); commands use this as their flag default.
	DefaultUIAddr = "127.0.0.1:8233"
	// DefaultNamespace is the namespace registered when Config.Namespace is empty.
	DefaultNamespace = "default"
	// DefaultRetention is how long closed workflows are kept when
	// Config.Retention is zero.
	DefaultRetention = 72 * time.Hour
	// MinRetention is the shortest Config.Retention: the Temporal server's
	// own minimum for a local namespace.
	MinRetention = time.Hour
	// DatabaseFile is the name of the SQLite database file inside Config.DataDir.
	DatabaseFile = "temporal.db"
)

// CaseSearchAttributes are the custom search attributes of a breakdown
// assistance case (contract.SearchAttributes). Pass them (or a superset) as
// Config.SearchAttributes.
var CaseSearchAttributes = contract.SearchAttributes()

// Config describes the development server to start.
type Config struct {
	// DataDir holds the SQLite database (DatabaseFile and its -wal and -shm
	// files) and a LOCK file that keeps a second server off the directory.
	// It is created if missing. Required.
	DataDir string
	// FrontendAddr is the host:port of the Temporal frontend (gRPC).
	// Empty means DefaultFrontendAddr; port 0 picks a free port.
	// The host must be an IP address or "localhost"; an unspecified address
	// such as 0.0.0.0 exposes the frontend on every interface.
	FrontendAddr string
	// UIAddr is the host:port of the Web UI. Empty means no UI; port 0 picks
	// a free port.
	UIAddr string
	// Namespace is registered on first start. Empty means DefaultNamespace.
	Namespace string
	// Retention of closed workflows in a newly registered namespace.
	// Zero means DefaultRetention. It is not changed for an existing namespace.
	// At least MinRetention.
	Retention time.Duration
	// TestRetention is FOR TESTS ONLY: a retention below MinRetention (at
	// least a second) that replaces Retention, for a test that needs closed
	// cases gone from Temporal within minutes. The server then also deletes a
	// closed workflow as soon as its retention is past (the retention
	// timer's jitter, 30 min by default, cut to a second), and logs a
	// warning at start. No command has a flag for it: a real namespace keeps
	// its cases at least an hour. Zero: Retention applies.
	TestRetention time.Duration
	// SearchAttributes are registered in Namespace if missing (by name; an
	// existing attribute of another type is an error).
	SearchAttributes map[string]enums.IndexedValueType
	// Logger receives the Temporal server's logs. Nil means only errors are
	// written, to stderr.
	Logger *zap.Logger
	// Keys encrypt the cases' payloads (package encryption); the Web UI reads
	// them through the codec server. Nil means the key file KeyFile in
	// DataDir, created with a new key on first start.
	Keys *encryption.Keys
	// CodecAddr is the host:port of the codec server the Web UI decodes
	// payloads through; it runs only with the UI. Empty means a free port on
	// the UI's host. It answers only its own names (Host) and the UI's
	// origin.
	CodecAddr string
	// CodecToken, when set, is the bearer token every request to the codec
	// server must carry (the Temporal CLI's --codec-auth). Required when the
	// codec server listens beyond the loopback; the embedded Web UI cannot
	// send it (it sends the user's own login token only, with an identity
	// provider), so such a UI shows payloads encrypted.
	CodecToken string
	// CodecHosts are more names the codec server answers to (host:port, as
	// in the Host header), beyond its bound address and, on the loopback,
	// localhost: e.g. the machine's name when it listens on 0.0.0.0.
	CodecHosts []string
	// Security turns on mutual TLS and, with Security.Authorize, authorization
	// by role: the cluster shape (docs/security.md). Nil: plain gRPC for the
	// loopback (Start warns when the frontend listens elsewhere).
	Security *Security
	// Postgres, when set, runs the server on PostgreSQL instead of SQLite:
	// postgres://USER[:PASSWORD]@HOST[:PORT][?sslmode=disable]. The server
	// creates its two databases (PostgresDatabase, PostgresVisibilityDatabase)
	// and brings their schemas up to date with Temporal's schema tool, then
	// registers the namespace and the search attributes. DataDir then holds
	// nothing but the lock of this server and the payload key file; it may be
	// empty when Keys are given.
	Postgres string
}

// hostPort is a parsed listen address.
type hostPort struct {
	host string // as given, e.g. "0.0.0.0" or "127.0.0.1"
	port int    // 0 = pick a free port
}

func (hp hostPort) String() string { return net.JoinHostPort(hp.host, strconv.Itoa(hp.port)) }

// dialHost is the address other processes on this machine use to reach a
// listener bound on hp.host.
func (hp hostPort) dialHost() string {
	if ip := net.ParseIP(hp.host); ip != nil && ip.IsUnspecified() {
		if ip.To4() == nil {
			return "::1"
		}
		return "127.0.0.1"
	}
	return hp.host
}

// dialAddr is dialHost joined with the port.
func (hp hostPort) dialAddr() string {
	return net.JoinHostPort(hp.dialHost(), strconv.Itoa(hp.port))
}

// parseHostPort parses addr; the host must be an IP literal or "localhost".
func parseHostPort(addr string) (hostPort, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return hostPort{}, err
	}
	switch host {
	case "", "localhost":
		host = "127.0.0.1"
	}
	if net.ParseIP(host) == nil {
		return hostPort{}, fmt.Errorf("address %q: host must be an IP address or localhost", addr)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return hostPort{}, fmt.Errorf("address %q: bad port", addr)
	}
	return hostPort{host: host, port: port}, nil
}

// settings is a validated Config with defaults applied.
type settings struct {
	dataDir          string
	frontend         hostPort
	ui               *hostPort // nil = no UI
	namespace        string
	retention        time.Duration
	testRetention    bool // retention is Config.TestRetention
	searchAttributes map[string]enums.IndexedValueType
	logger           *zap.Logger
	keys             *encryption.Keys
	codec            *hostPort // nil = no codec server (no UI)
	codecToken       string
	codecHosts       []string
	postgres         *postgresTarget // nil: SQLite in dataDir
	security         *Security       // nil: plain, loopback
}

func (c Config) settings() (settings, error) {
	s := settings{
		dataDir:          c.DataDir,
		namespace:        c.Namespace,
		retention:        c.Retention,
		searchAttributes: maps.Clone(c.SearchAttributes),
		logger:           c.Logger,
		keys:             c.Keys,
		security:         c.Security,
	}
	if c.Postgres != "" {
		t, err := parsePostgresURL(c.Postgres)
		if err != nil {
			return s, err
		}
		s.postgres = &t
	}
	if s.dataDir == "" && s.postgres == nil {
		return s, errors.New("devserver: DataDir is required")
	}
	if s.namespace == "" {
		s.namespace = DefaultNamespace
	}
	if s.retention == 0 {
		s.retention = DefaultRetention
	}
	switch {
	case c.TestRetention != 0 && c.TestRetention < time.Second:
		return s, fmt.Errorf("devserver: test retention %v is below a second", c.TestRetention)
	case c.TestRetention != 0:
		s.retention, s.testRetention = c.TestRetention, true
	case s.retention < MinRetention:
		return s, fmt.Errorf("devserver: retention %v is below the server's minimum of %v for a local namespace", s.retention, MinRetention)
	}
	frontendAddr := c.FrontendAddr
	if frontendAddr == "" {
		frontendAddr = DefaultFrontendAddr
	}
	fe, err := parseHostPort(frontendAddr)
	if err != nil {
		return s, fmt.Errorf("devserver: frontend: %w", err)
	}
	s.frontend = fe
	if c.UIAddr != "" {
		ui, err := parseHostPort(c.UIAddr)
		if err != nil {
			return s, fmt.Errorf("devserver: UI: %w", err)
		}
		s.ui = &ui
		codec := hostPort{host: ui.host}
		if c.CodecAddr != "" {
			if codec, err = parseHostPort(c.CodecAddr); err != nil {
				return s, fmt.Errorf("devserver: codec server: %w", err)
			}
		}
		s.codec = &codec
		s.codecToken, s.codecHosts = c.CodecToken, c.CodecHosts
		if c.CodecToken == "" && !encryption.Loopback(codec.host) {
			return s, fmt.Errorf("devserver: codec server on %s, beyond the loopback, needs Config.CodecToken: whoever reaches it could decode every case", codec)
		}
	}
	if s.logger == nil {
		s.logger = defaultLogger()
	}
	if s.testRetention {
		s.logger.Warn("devserver: TEST retention: closed workflows are deleted after "+s.retention.String()+
			", below the 1h minimum of a real namespace", zap.Duration("retention", s.retention))
	}
	return s, nil
}

package devserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/temporal"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
)

// Server is a running development server. Stop it with Stop.
type Server struct {
	temporal     temporal.Server
	sqlCfg       *config.SQL
	lock         *os.File
	ui           *uiServer
	codec        *uiServer
	keys         *encryption.Keys
	keyFile      string
	keyCreated   bool
	frontendAddr string
	httpAddr     string
	namespace    string
	security     *security // nil: plain
	serverName   string    // the frontend's name in its certificate

	stopOnce sync.Once
	stopErr  error
}

// Start starts the Temporal server (and the Web UI if cfg.UIAddr is set). It
// returns when the frontend answers and the namespace and its search
// attributes are usable, or with an error when ctx ends first.
func Start(ctx context.Context, cfg Config) (_ *Server, err error) {
	s, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	// Everything that can fail cheaply is checked before the server starts.
	fe := s.frontend
	host := fe.dialHost() // the internal services listen here
	ports, err := reservePorts(fe, hostPort{host: fe.host}, hostPort{host: host}, hostPort{host: host}, hostPort{host: host})
	if err != nil {
		return nil, err
	}
	fe.port = ports[0]
	var uiLn, codecLn net.Listener
	if s.ui != nil {
		if uiLn, err = net.Listen("tcp", s.ui.String()); err != nil {
			return nil, fmt.Errorf("devserver: UI: %w", err)
		}
		defer func() {
			if err != nil {
				_ = uiLn.Close()
			}
		}()
		if codecLn, err = net.Listen("tcp", s.codec.String()); err != nil {
			return nil, fmt.Errorf("devserver: codec server: %w", err)
		}
		defer func() {
			if err != nil {
				_ = codecLn.Close()
			}
		}()
	}
	lock, err := lockDataDirIfAny(s.dataDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil && lock != nil {
			_ = lock.Close()
		}
	}()
	keys, keyFile, keyCreated, err := payloadKeys(s)
	if err != nil {
		return nil, err
	}
	sec, err := prepareSecurity(s)
	if err != nil {
		return nil, err
	}
	warnIfExposed(s)
	var sqlCfg *config.SQL // SQLite's, checkpointed on Stop; nil on PostgreSQL
	var persistence config.Persistence
	if s.postgres != nil {
		if err := preparePostgres(*s.postgres, log.NewZapLogger(s.logger)); err != nil {
			return nil, err
		}
		persistence = s.postgres.persistence()
	} else {
		sqlCfg = sqlConfig(s.dataDir)
		if err := prepareDatabase(s, sqlCfg, clusterName); err != nil {
			return nil, err
		}
		persistence = sqlitePersistence(sqlCfg)
	}
	ts, err := newTemporalServer(s, sec, persistence, fe, host, servicePorts{
		frontend:     fe.port,
		frontendHTTP: ports[1],
		history:      ports[2],
		matching:     ports[3],
		worker:       ports[4],
	})
	if err != nil {
		return nil, err
	}
	if err := ts.Start(); err != nil {
		return nil, fmt.Errorf("devserver: start: %w", err)
	}

	srv := &Server{
		temporal:     ts,
		sqlCfg:       sqlCfg,
		lock:         lock,
		keys:         keys,
		keyFile:      keyFile,
		keyCreated:   keyCreated,
		frontendAddr: fe.dialAddr(),
		httpAddr:     hostPort{host: fe.host, port: ports[1]}.dialAddr(),
		namespace:    s.namespace,
		security:     sec,
		serverName:   fe.dialHost(),
	}
	if err := srv.setUp(ctx, s); err != nil {
		srv.lock = nil // released by the deferred Close
		return nil, errors.Join(err, srv.Stop())
	}
	if uiLn != nil {
		uiBound := hostPort{host: s.ui.host, port: uiLn.Addr().(*net.TCPAddr).Port}
		srv.codec = startCodec(codecLn, s.codec.host, keys, uiOrigins(uiBound), s)
		uiTLS, err := srv.uiTLS()
		if err != nil {
			srv.lock = nil
			return nil, errors.Join(err, srv.Stop())
		}
		if srv.ui, err = startUI(uiLn, s.ui.host, srv.frontendAddr, s.namespace, "http://"+srv.codec.addr, uiTLS); err != nil {
			srv.lock = nil
			return nil, errors.Join(err, srv.Stop())
		}
	}
	return srv, nil
}

// setUp registers missing search attributes and waits until the namespace
// and all its search attributes can be used.
func (srv *Server) setUp(ctx context.Context, s settings) error {
	tlsConfig, err := srv.ClientTLS(contract.RoleSystem, SystemSubject)
	if err != nil {
		return err
	}
	c, err := dial(ctx, srv.frontendAddr, s.namespace, tlsConfig)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.postgres != nil {
		// SQLite's namespace is written before the server starts; on
		// PostgreSQL it is registered through the server, as
		// deploy/temporal/init.sh does.
		if err := registerNamespace(ctx, c, s.namespace, s.retention); err != nil {
			return err
		}
	}
	added, err := ensureSearchAttributes(ctx, c, s.namespace, s.searchAttributes)
	if err != nil {
		return err
	}
	if err := waitReady(ctx, c, s.namespace, s.searchAttributes); err != nil {
		return err
	}
	if added {
		// The frontend's namespace cache has the new attributes; the other
		// services reload theirs within one more refresh interval.
		select {
		case <-time.After(namespaceRefresh + 200*time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// dial connects an SDK client, retrying until the frontend answers or ctx ends.
func dial(ctx context.Context, addr, namespace string, tlsConfig *tls.Config) (client.Client, error) {
	opts := client.Options{
		HostPort:          addr,
		Namespace:         namespace,
		Logger:            sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
		ConnectionOptions: client.ConnectionOptions{TLS: tlsConfig},
	}
	for {
		c, err := client.DialContext(ctx, opts)
		if err == nil {
			return c, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("devserver: frontend %s not answering: %w", addr, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// FrontendAddr is the host:port at which clients reach the Temporal frontend.
func (srv *Server) FrontendAddr() string { return srv.frontendAddr }

// HTTPAddr is the host:port of the frontend's HTTP API (on a free port of
// the frontend's host), which also serves Nexus endpoints.
func (srv *Server) HTTPAddr() string { return srv.httpAddr }

// UIAddr is the host:port of the Web UI, or "" when it is not running.
func (srv *Server) UIAddr() string {
	if srv.ui == nil {
		return ""
	}
	return srv.ui.addr
}

// Keys are the keys that encrypt the cases' payloads: give them to every
// client and worker of this server (encryption.Configure).
func (srv *Server) Keys() *encryption.Keys { return srv.keys }

// KeyFile is the path of the payload key file in the data directory, or ""
// when Config.Keys were given; KeyFileCreated says it was created by this start.
func (srv *Server) KeyFile() string { return srv.keyFile }

// KeyFileCreated says the key file was created by this start (first start).
func (srv *Server) KeyFileCreated() bool { return srv.keyCreated }

// CodecURL is the base URL of the codec server the Web UI decodes payloads
// through (POST /encode, /decode), or "" when the UI is not running.
func (srv *Server) CodecURL() string {
	if srv.codec == nil {
		return ""
	}
	return "http://" + srv.codec.addr
}

// Namespace is the namespace that was registered.
func (srv *Server) Namespace() string { return srv.namespace }

// Stop stops the Web UI and the Temporal server, waiting for both, and
// checkpoints the SQLite write-ahead log into the database file. The data
// stays on disk for the next Start. Calling Stop again returns the first result.
func (srv *Server) Stop() error {
	srv.stopOnce.Do(func() {
		var errs []error
		if srv.ui != nil {
			errs = append(errs, srv.ui.stop())
		}
		if srv.codec != nil {
			errs = append(errs, srv.codec.stop())
		}
		errs = append(errs, srv.temporal.Stop())
		if srv.sqlCfg != nil {
			if err := checkpoint(srv.sqlCfg); err != nil {
				errs = append(errs, fmt.Errorf("devserver: checkpoint: %w", err))
			}
		}
		if srv.lock != nil {
			errs = append(errs, srv.lock.Close())
		}
		srv.stopErr = errors.Join(errs...)
	})
	return srv.stopErr
}

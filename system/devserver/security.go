package devserver

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/temporal"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/system/access"
)

// Security turns the frontend into the cluster shape's (docs/security.md):
// mutual TLS for every process that connects (the clients, the Web UI, the
// server's own system worker; the services among themselves too), and,
// with Authorize, authorization by role (package access). Without it the
// frontend speaks plain gRPC and lets every caller do everything: meant for
// the loopback only, and Start warns when it listens elsewhere.
type Security struct {
	// CertDir holds the PKI (access.PKI): the CA, the server's certificate and
	// the clients'. Missing files are made, with a throwaway CA, on first
	// start; a real CA's files in the same names are used as they are.
	// Empty: DataDir/tls.
	CertDir string
	// Authorize checks every request against the role of the caller's
	// certificate (access.Allowed), stamps its principal on what it writes
	// (access.Identity, and the history events' principal); false: any
	// certificate of the CA may do everything.
	Authorize bool
	// Hosts are more names or addresses the server's certificate is made
	// for, beyond the loopback and localhost.
	Hosts []string
}

// The subjects of the server's own certificates.
const (
	// SystemSubject is the subject (role system) of the server's system
	// worker and of the namespace's set-up.
	SystemSubject = "temporal-system"
	// UISubject is the subject (role ops) of the embedded Web UI: whoever
	// reaches the UI acts as ops, so it listens on the loopback (or behind
	// a login of its own).
	UISubject = "web-ui"
)

// security is a validated Security.
type security struct {
	pki       *access.PKI
	authorize bool
}

// prepareSecurity opens (or makes) the PKI.
func prepareSecurity(s settings) (*security, error) {
	if s.security == nil {
		return nil, nil
	}
	dir := s.security.CertDir
	if dir == "" {
		if s.dataDir == "" {
			return nil, errors.New("devserver: Security needs a CertDir (or a DataDir to hold tls/)")
		}
		dir = filepath.Join(s.dataDir, "tls")
	}
	hosts := append([]string{s.frontend.host}, s.security.Hosts...)
	pki, err := access.EnsurePKI(dir, hosts...)
	if err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	if _, _, err := pki.Client(contract.RoleSystem, SystemSubject); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	return &security{pki: pki, authorize: s.security.Authorize}, nil
}

// rootTLS is the server's TLS configuration: every listener requires a
// client certificate of the CA.
func (sec *security) rootTLS(serverName string) (config.RootTLS, error) {
	cert, key := sec.pki.ServerFiles()
	sysCert, sysKey, err := sec.pki.Client(contract.RoleSystem, SystemSubject)
	if err != nil {
		return config.RootTLS{}, err
	}
	ca := []string{sec.pki.CAFile()}
	group := config.GroupTLS{
		Server: config.ServerTLS{CertFile: cert, KeyFile: key, ClientCAFiles: ca, RequireClientAuth: true},
		Client: config.ClientTLS{RootCAFiles: ca, ServerName: serverName},
	}
	return config.RootTLS{
		Internode: group,
		Frontend:  group,
		SystemWorker: config.WorkerTLS{CertFile: sysCert, KeyFile: sysKey,
			Client: config.ClientTLS{RootCAFiles: ca, ServerName: serverName}},
	}, nil
}

// serverOptions are the Temporal server's options of the security: the
// claim mapper, the authorizer, the identity stamp.
func (sec *security) serverOptions() []temporal.ServerOption {
	opts := []temporal.ServerOption{temporal.WithChainedFrontendGrpcInterceptors(access.Identity)}
	if sec != nil && sec.authorize {
		opts = append(opts,
			temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return access.ClaimMapper{} }),
			temporal.WithAuthorizer(access.Authorizer{}))
	}
	return opts
}

// dynamicConfig adds the security's settings: the principal of each request
// is stamped on the history events it writes.
func (sec *security) dynamicConfig(c dynamicconfig.StaticClient) {
	if sec != nil && sec.authorize {
		c[dynamicconfig.EnablePrincipalPropagation.Key()] = true
	}
}

// clientTLS is the TLS configuration of a client subject of role, for the
// frontend at serverName; nil without security.
func (sec *security) clientTLS(role contract.Role, subject, serverName string) (*tls.Config, error) {
	if sec == nil {
		return nil, nil
	}
	cfg, err := sec.pki.ClientTLS(role, subject)
	if err != nil {
		return nil, err
	}
	cfg.ServerName = serverName
	return cfg, nil
}

// warnIfExposed says, on stderr, when the frontend listens beyond the
// loopback without TLS: whoever reaches it can do everything.
func warnIfExposed(s settings) {
	if s.security != nil {
		return
	}
	ip := net.ParseIP(s.frontend.host)
	if ip != nil && ip.IsLoopback() {
		return
	}
	fmt.Fprintf(os.Stderr, "devserver: WARNING: the Temporal frontend listens on %s, beyond the loopback, without TLS or "+
		"authorization: whoever reaches it can list, read, update and terminate every case. Listen on 127.0.0.1, "+
		"or turn on Security (cmd/devserver -tls -authorize; docs/security.md).\n", s.frontend)
}

// ClientTLS is the TLS configuration a client subject of role presents to
// this server (its certificate, issued by the server's CA when missing, and
// the CA as the only root); nil on a server without Security.
func (srv *Server) ClientTLS(role contract.Role, subject string) (*tls.Config, error) {
	return srv.security.clientTLS(role, subject, srv.serverName)
}

// PKI is the server's certificate authority, or nil without Security.
func (srv *Server) PKI() *access.PKI {
	if srv.security == nil {
		return nil
	}
	return srv.security.pki
}

package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	stdlog "log"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/temporalio/ui-server/v2/server/api"
	"github.com/temporalio/ui-server/v2/server/auth"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	"github.com/temporalio/ui-server/v2/server/cors"
	"github.com/temporalio/ui-server/v2/server/csrf"
	"github.com/temporalio/ui-server/v2/server/headers"
	"github.com/temporalio/ui-server/v2/server/route"
	"github.com/temporalio/ui-server/v2/ui"

	"github.com/valetops/assistance/contract"
)

// uiConfig is the Web UI configuration: every workflow action (signal,
// update, cancel, terminate, reset, start, batch) stays enabled, nothing is
// fetched from the internet (no news, no release check), and the browser
// decodes the cases' encrypted payloads through the codec server at codec.
func uiConfig(listen hostPort, frontend, namespace, codec string, tlsConf *uiconfig.TLS) *uiconfig.Config {
	cfg := &uiconfig.Config{
		TemporalGRPCAddress: frontend,
		Host:                listen.host,
		Port:                listen.port,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		DisableNewsFetch:    true,
		NotifyOnNewVersion:  false,
		// Plain HTTP: the CSRF cookie must not be marked Secure.
		CORS:     uiconfig.CORS{CookieInsecure: true},
		HideLogs: true,
		Codec: uiconfig.Codec{
			Endpoint:            codec,
			DefaultErrorMessage: "The codec server of the assistance stack does not answer: payloads stay encrypted.",
		},
		// Explicit, although false is the default.
		DisableWriteActions:       false,
		WorkflowTerminateDisabled: false,
		WorkflowCancelDisabled:    false,
		WorkflowSignalDisabled:    false,
		WorkflowUpdateDisabled:    false,
		WorkflowResetDisabled:     false,
		StartWorkflowDisabled:     false,
		BatchActionsDisabled:      false,
	}
	if tlsConf != nil {
		cfg.TLS = *tlsConf
	}
	return cfg
}

// uiHandler assembles the Web UI exactly as ui-server's server.NewServer
// (v2.58.1) does. It is rebuilt here because server.Server opens its own
// listener and, on failure, calls os.Exit through echo's Logger.Fatal; with
// our own listener a busy port is an ordinary error.
func uiHandler(cfg *uiconfig.Config) (http.Handler, error) {
	cfgProvider, err := uiconfig.NewConfigProviderWithRefresh(cfg)
	if err != nil {
		return nil, err
	}
	apiMiddleware := []api.Middleware{
		headers.WithForwardHeaders([]string{auth.AuthorizationExtrasHeader, "Caller-Type"}),
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard)
	e.StdLogger = stdlog.New(io.Discard, "", 0)
	e.Use(middleware.Recover())
	e.Use(middleware.Gzip())
	e.Use(cors.CORSMiddleware(cors.CORSConfig{
		AllowHeaders: []string{
			echo.HeaderOrigin, echo.HeaderContentType, echo.HeaderAccept,
			echo.HeaderXCSRFToken, echo.HeaderAuthorization, auth.AuthorizationExtrasHeader,
			"Caller-Type",
		},
		AllowCredentials: true,
		ConfigProvider:   cfgProvider,
	}))
	e.Use(middleware.Secure())
	cookieSecure := !cfg.CORS.CookieInsecure
	e.Use(csrf.EnsureTokenCookie(cookieSecure))
	e.Use(middleware.CSRFWithConfig(csrf.MiddlewareConfig(cfgProvider, cookieSecure)))

	e.Pre(route.PublicPath(cfg.PublicPath))
	route.SetHealthRoute(e)
	if err := route.SetAPIRoutes(e, cfgProvider, apiMiddleware); err != nil {
		return nil, err
	}
	route.SetAuthRoutes(e, cfgProvider)
	assets, err := ui.Assets()
	if err != nil {
		return nil, err
	}
	if assets, err = fs.Sub(assets, "local"); err != nil {
		return nil, err
	}
	if err := route.SetUIRoutes(e, cfg.PublicPath, assets, cfgProvider); err != nil {
		return nil, err
	}
	route.SetRenderRoute(e, "/")
	return e, nil
}

// uiTLS is the Web UI's TLS to a frontend with Security: a client
// certificate of role ops (UISubject); nil without Security.
func (srv *Server) uiTLS() (*uiconfig.TLS, error) {
	if srv.security == nil {
		return nil, nil
	}
	pki := srv.security.pki
	cert, key, err := pki.Client(contract.RoleOps, UISubject)
	if err != nil {
		return nil, fmt.Errorf("devserver: UI: %w", err)
	}
	return &uiconfig.TLS{CaFile: pki.CAFile(), CertFile: cert, KeyFile: key, ServerName: srv.serverName, EnableHostVerification: true}, nil
}

// uiServer is the running Web UI (or codec server).
type uiServer struct {
	http *http.Server
	addr string // dialable host:port
	done chan struct{}
}

// startUI serves, on ln (bound on host), the Web UI for the Temporal
// frontend at frontend (host:port), decoding payloads through the codec
// server at codec (a base URL), in the background.
func startUI(ln net.Listener, host, frontend, namespace, codec string, tlsConf *uiconfig.TLS) (*uiServer, error) {
	bound := hostPort{host: host, port: ln.Addr().(*net.TCPAddr).Port}
	handler, err := uiHandler(uiConfig(bound, frontend, namespace, codec, tlsConf))
	if err != nil {
		return nil, fmt.Errorf("devserver: UI: %w", err)
	}
	u := &uiServer{
		http: &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          stdlog.New(io.Discard, "", 0),
		},
		addr: bound.dialAddr(),
		done: make(chan struct{}),
	}
	go func() {
		defer close(u.done)
		_ = u.http.Serve(ln) // returns http.ErrServerClosed after Shutdown
	}()
	return u, nil
}

// stop closes the listener and waits (a few seconds at most) for requests in flight.
func (u *uiServer) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := u.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = u.http.Close()
	}
	<-u.done
	return err
}

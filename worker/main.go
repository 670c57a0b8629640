// Command worker runs the worker of breakdown cases against a Temporal server:
// the embedded one of `go run ./cmd/assistance`, or a real cluster (TLS, API
// key). Every option is a flag with an environment variable as its default.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/internal/caseworker"
	"github.com/valetops/assistance/internal/connect"
	"github.com/valetops/assistance/links"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/workflows"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	conn := connect.Flags(fs)
	cfg := caseworker.Config{}
	fs.StringVar(&cfg.TaskQueue, "task-queue", connect.Env("ASSISTANCE_TASK_QUEUE", workflows.TaskQueue), "task queue of the cases")
	fs.StringVar(&cfg.ProvidersURL, "providers-url", connect.Env("ASSISTANCE_PROVIDERS_URL", "http://127.0.0.1:8090/providers/{provider}"), "providers' base URL, {provider} for the provider id")
	fs.StringVar(&cfg.CallbackURL, "callback-url", connect.Env("ASSISTANCE_CALLBACK_URL", "http://127.0.0.1:8080/v1/providers/{provider}/events"), "our webhook API, given to providers")
	fs.StringVar(&cfg.ClientNoticesURL, "client-notices-url", connect.Env("ASSISTANCE_CLIENT_NOTICES_URL", "http://127.0.0.1:8090/client/notices"), "where the client's notices are posted")
	fs.StringVar(&cfg.OpsAlertsURL, "ops-alerts-url", connect.Env("ASSISTANCE_OPS_ALERTS_URL", "http://127.0.0.1:8090/ops/alerts"), "where ops alerts are posted")
	opsSecret := fs.String("ops-alerts-secret", connect.Env("ASSISTANCE_OPS_ALERTS_SECRET", ""), "secret signing the ops alerts as our webhooks are signed (api/webhooksig); empty: unsigned")
	fs.StringVar(&cfg.WebUIURL, "web-ui-url", connect.Env("ASSISTANCE_WEB_UI_URL", "http://127.0.0.1:8233"), "the Temporal Web UI, linked from each ops alert (empty: no link)")
	fs.StringVar(&cfg.OffersURL, "offers-url", connect.Env("ASSISTANCE_OFFERS_URL", "http://127.0.0.1:8090/beneficiary/offers"), "where the beneficiary's offers are posted")
	fs.StringVar(&cfg.MissionsURL, "missions-url", connect.Env("ASSISTANCE_MISSIONS_URL", "http://127.0.0.1:8090/missions/updates"), "the mission system's updates endpoint")
	fs.StringVar(&cfg.PartnersFile, "partners", connect.Env("ASSISTANCE_PARTNERS", ""), "the operator's assistance partners, a JSON file (default: the built-in network, partners/network.json)")
	fs.StringVar(&cfg.ProgramsDir, "programs", connect.Env("ASSISTANCE_PROGRAMS", ""), "directory of coverage program files (default: the built-in ones)")
	noticesSecret := fs.String("client-notices-secret", os.Getenv("ASSISTANCE_CLIENT_NOTICES_SECRET"), "secret signing the notices posted to -client-notices-url (empty: unsigned)")
	fs.Func("client-webhook", "a client's own notices webhook, CLIENT=URL,SECRET (repeatable; api/openapi.yaml, clientNotice)", func(v string) error {
		client, rest, ok := strings.Cut(v, "=")
		url, secret, ok2 := strings.Cut(rest, ",")
		if !ok || !ok2 || client == "" || url == "" || secret == "" {
			return fmt.Errorf("expected CLIENT=URL,SECRET such as C-LEASECO=https://leaseco.example/notices,s3cret, got %q", v)
		}
		if cfg.Clients == nil {
			cfg.Clients = map[string]providers.ClientWebhook{}
		}
		cfg.Clients[client] = providers.ClientWebhook{URL: url, Secret: []byte(secret)}
		return nil
	})
	fs.StringVar(&cfg.PagesURL, "pages-url", connect.Env("ASSISTANCE_PAGES_URL", "http://127.0.0.1:8080"), "where our API's pages are reached from outside (the links' base)")
	linkKeys := fs.String("link-keys", os.Getenv("ASSISTANCE_LINK_KEYS"), "keys signing the links to the case's pages, ID=SECRET,… (the first signs; empty: no links)")
	fs.Float64Var(&cfg.Scale, "scale", 1, "divide every window of a case by this factor (demo only)")
	cfg.Windows = breakdown.DefaultSettings()
	w := &cfg.Windows
	fs.DurationVar(&w.QualificationWindow, "qualification-window", w.QualificationWindow, "how long ops have to qualify a case")
	fs.DurationVar(&w.SaturationWindow, "saturation-window", w.SaturationWindow, "how long a busy assistance is asked again before the alternative")
	fs.DurationVar(&w.ReminderEvery, "reminder-every", w.ReminderEvery, "how often the client is reminded of a pending approval")
	fs.DurationVar(&w.ApprovalDeadline, "approval-deadline", w.ApprovalDeadline, "when a pending approval expires")
	fs.DurationVar(&w.DecisionWindow, "decision-window", w.DecisionWindow, "how long ops may override the proposed mission decision")
	fs.DurationVar(&w.FollowTimeout, "follow-timeout", w.FollowTimeout, "how long a provider has to finish after accepting")
	fs.DurationVar(&w.ChoiceWindow, "choice-window", w.ChoiceWindow, "how long the beneficiary has to choose an additional service")
	fs.DurationVar(&w.OpsWindow, "ops-window", w.OpsWindow, "how long a case whose decision is told waits for ops to resolve an alert that needs a person")
	fs.DurationVar(&w.OpsReminderEvery, "ops-reminder-every", w.OpsReminderEvery, "how often ops are reminded of a case waiting for them")
	fs.Func("client-ops-window", "a client's own ops window, CLIENT=DURATION (repeatable)", func(v string) error {
		client, d, ok := strings.Cut(v, "=")
		window, err := time.ParseDuration(d)
		if !ok || client == "" || err != nil || window <= 0 {
			return fmt.Errorf("expected CLIENT=DURATION such as C-LEASECO=4h, got %q", v)
		}
		if cfg.OpsWindowByClient == nil {
			cfg.OpsWindowByClient = map[string]time.Duration{}
		}
		cfg.OpsWindowByClient[client] = window
		return nil
	})
	fs.DurationVar(&w.WarrantyDiagnosisWindow, "warranty-diagnosis-window", w.WarrantyDiagnosisWindow, "how long after the tow the repairer has to send its diagnosis and quote")
	fs.DurationVar(&w.WarrantyDecisionWindow, "warranty-decision-window", w.WarrantyDecisionWindow, "how long the warranty manager has to decide on a quote")
	fs.Func("client-warranty", "a client's own warranty windows, CLIENT=DIAGNOSIS/DECISION such as C-DEALER=72h/24h (repeatable)", func(v string) error {
		client, d, ok := strings.Cut(v, "=")
		diag, dec, ok2 := strings.Cut(d, "/")
		dw, err1 := time.ParseDuration(diag)
		cw, err2 := time.ParseDuration(dec)
		if !ok || !ok2 || client == "" || err1 != nil || err2 != nil || dw <= 0 || cw <= 0 {
			return fmt.Errorf("expected CLIENT=DIAGNOSIS/DECISION such as C-DEALER=72h/24h, got %q", v)
		}
		if cfg.WarrantyByClient == nil {
			cfg.WarrantyByClient = map[string]activities.WarrantyWindows{}
		}
		cfg.WarrantyByClient[client] = activities.WarrantyWindows{Diagnosis: dw, Decision: cw}
		return nil
	})
	fs.Func("client-saturation", "a client's own saturation window, CLIENT=DURATION (repeatable)", func(v string) error {
		client, d, ok := strings.Cut(v, "=")
		window, err := time.ParseDuration(d)
		if !ok || client == "" || err != nil || window <= 0 {
			return fmt.Errorf("expected CLIENT=DURATION such as C-LEASECO=45m, got %q", v)
		}
		if cfg.SaturationByClient == nil {
			cfg.SaturationByClient = map[string]time.Duration{}
		}
		cfg.SaturationByClient[client] = window
		return nil
	})
	fs.DurationVar(&w.OfferWindow, "offer-window", w.OfferWindow, "how long a provider that acknowledged a request has to answer it")
	fs.DurationVar(&w.EtaGrace, "eta-grace", w.EtaGrace, "how late on its promise an assistance may be before the client is told")
	fs.DurationVar(&w.EtaGiveUp, "eta-give-up", w.EtaGiveUp, "how late on its promise an assistance may be before the alternative is sent")
	fs.DurationVar(&w.MaxETA, "max-eta", w.MaxETA, "the longest ETA compatible with the mission; longer, the alternative is asked too")
	fs.Func("provider-offer-window", "a provider's own offer window, PROVIDER=DURATION (repeatable)", windowFlag(&w.ProviderOfferWindows, "PROVIDER"))
	fs.Func("client-offer-window", "a client's own offer window, CLIENT=DURATION (repeatable)", windowFlag(&cfg.OfferWindowByClient, "CLIENT"))
	cache := fs.Int("workflow-cache", caseworker.DefaultWorkflowCache, "cases kept in memory between their workflow tasks (the others are replayed when they wake)")
	var deployment caseworker.Deployment
	fs.StringVar(&deployment.BuildID, "build-id", connect.Env("ASSISTANCE_BUILD_ID", ""),
		"this build's id: the worker polls as that Worker Deployment Version, and every case stays pinned to the build it started on (empty: unversioned)")
	fs.StringVar(&deployment.Name, "deployment-name", connect.Env("ASSISTANCE_DEPLOYMENT_NAME", caseworker.DefaultDeploymentName), "the Worker Deployment of the case workers")
	makeCurrent := fs.Bool("make-current", false, "once polling, make this build the current version: new cases start on it (docs/changing-workflows.md)")
	metricsAddr := fs.String("metrics", connect.Env("ASSISTANCE_METRICS_ADDR", "127.0.0.1:9464"), "address of the Prometheus /metrics endpoint (empty: none)")
	level := zapcore.InfoLevel
	fs.TextVar(&level, "log-level", zapcore.InfoLevel, "log level: debug, info, warn, error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Namespace = conn.Namespace
	cfg.OpsAlertsSecret = []byte(*opsSecret)
	cfg.ClientNoticesSecret = []byte(*noticesSecret)
	if *linkKeys != "" {
		keys, err := links.ParseKeys(*linkKeys)
		if err != nil {
			return err
		}
		cfg.LinkKeys = keys
	}

	zcfg := zap.NewProductionConfig()
	zcfg.Level = zap.NewAtomicLevelAt(level)
	log, err := zcfg.Build()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	metrics, err := connect.NewMetrics()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := connect.Dial(ctx, conn, log, metrics.Handler)
	if err != nil {
		return err
	}
	defer c.Close()

	acts, err := caseworker.Activities(c, cfg)
	if err != nil {
		return err
	}
	if *metricsAddr != "" {
		srv := &http.Server{Addr: *metricsAddr, Handler: metrics.HTTP(), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics endpoint stopped", zap.Error(err))
			}
		}()
		defer func() { _ = srv.Close() }()
	}
	caseworker.SetWorkflowCache(*cache)
	cases := caseworker.New(c, cfg.TaskQueue, acts, worker.Options{DeploymentOptions: deployment.Options()})
	if *makeCurrent && deployment.BuildID != "" {
		if err := cases.Start(); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		mctx, cancelCurrent := context.WithTimeout(ctx, time.Minute)
		err := deployment.MakeCurrent(mctx, c)
		cancelCurrent()
		if err != nil {
			cases.Stop()
			return err
		}
		log.Info("this build is the current version", zap.String("deployment", deployment.Version().DeploymentName), zap.String("build_id", deployment.BuildID))
		<-ctx.Done()
		cases.Stop()
		log.Info("worker stopped cleanly")
		return nil
	}
	log.Info("worker polling", zap.String("address", conn.Address), zap.String("namespace", conn.Namespace),
		zap.String("task_queue", cfg.TaskQueue), zap.String("metrics", *metricsAddr))
	interrupt := make(chan any)
	go func() { <-ctx.Done(); close(interrupt) }()
	if err := cases.Run(interrupt); err != nil {
		return fmt.Errorf("worker stopped: %w", err)
	}
	log.Info("worker stopped cleanly")
	return nil
}

// windowFlag reads NAME=DURATION into m.
func windowFlag(m *map[string]time.Duration, what string) func(string) error {
	return func(v string) error {
		name, d, ok := strings.Cut(v, "=")
		window, err := time.ParseDuration(d)
		if !ok || name == "" || err != nil || window <= 0 {
			return fmt.Errorf("expected %s=DURATION such as %s=3m, got %q", what, what, v)
		}
		if *m == nil {
			*m = map[string]time.Duration{}
		}
		(*m)[name] = window
		return nil
	}
}

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
	"syscall"
	"time"

	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/valetops/assistance/starter/connect"
	"github.com/valetops/assistance/system/caseworker"
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
	flags, err := caseworker.Define(fs)
	if err != nil {
		return err
	}
	makeCurrent := fs.Bool("make-current", false, "once polling, make this build the current version: new cases start on it (docs/changing-workflows.md)")
	metricsAddr := fs.String("metrics", connect.Env("ASSISTANCE_METRICS_ADDR", "127.0.0.1:9464"), "address of the Prometheus /metrics endpoint (empty: none)")
	level := zapcore.InfoLevel
	fs.TextVar(&level, "log-level", zapcore.InfoLevel, "log level: debug, info, warn, error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, deployment := flags.Config, flags.Deployment
	cfg.Namespace = conn.Namespace

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

	keys, err := conn.Keys()
	if err != nil {
		return err
	}
	closeRecords, err := cfg.OpenRecords(ctx, keys)
	if err != nil {
		return err
	}
	defer func() { _ = closeRecords() }()
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
	caseworker.SetWorkflowCache(flags.WorkflowCache)
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
	records := "none"
	if cfg.RecordStore != nil {
		records = cfg.RecordStore.Where()
	}
	log.Info("worker polling", zap.String("address", conn.Address), zap.String("namespace", conn.Namespace),
		zap.String("task_queue", cfg.TaskQueue), zap.String("metrics", *metricsAddr), zap.String("records", records))
	interrupt := make(chan any)
	go func() { <-ctx.Done(); close(interrupt) }()
	if err := cases.Run(interrupt); err != nil {
		return fmt.Errorf("worker stopped: %w", err)
	}
	log.Info("worker stopped cleanly")
	return nil
}

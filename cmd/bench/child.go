package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/internal/caseworker"
	"github.com/valetops/assistance/internal/zaplog"
	"github.com/valetops/assistance/links"
)

// runWorker is the bench's worker process: the case worker, as the worker
// command builds it, plus the reference workflow on its own task queue. The
// bench runs it as a child so its memory is measured alone.
func runWorker(args []string) error {
	fs := flag.NewFlagSet("bench worker", flag.ContinueOnError)
	address := fs.String("address", "", "")
	namespace := fs.String("namespace", "default", "")
	cfg := caseworker.Config{}
	fs.StringVar(&cfg.ProvidersURL, "providers-url", "", "")
	fs.StringVar(&cfg.CallbackURL, "callback-url", "", "")
	fs.StringVar(&cfg.ClientNoticesURL, "client-notices-url", "", "")
	fs.StringVar(&cfg.OpsAlertsURL, "ops-alerts-url", "", "")
	fs.StringVar(&cfg.OffersURL, "offers-url", "", "")
	fs.StringVar(&cfg.MissionsURL, "missions-url", "", "")
	fs.Float64Var(&cfg.Scale, "scale", 1, "")
	cache := fs.Int("workflow-cache", caseworker.DefaultWorkflowCache, "")
	keyFile := fs.String("payload-keys", "", "")
	noticesSecret := fs.String("client-notices-secret", "", "")
	opsSecret := fs.String("ops-alerts-secret", "", "")
	fs.StringVar(&cfg.WebUIURL, "web-ui-url", "", "")
	fs.StringVar(&cfg.PagesURL, "pages-url", "", "")
	linkKeys := fs.String("link-keys", "", "")
	plain := fs.Bool("plain", false, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Namespace = *namespace
	cfg.ClientNoticesSecret = []byte(*noticesSecret)
	cfg.OpsAlertsSecret = []byte(*opsSecret)
	if *linkKeys != "" {
		keys, err := links.ParseKeys(*linkKeys)
		if err != nil {
			return fmt.Errorf("bench worker: -link-keys: %w", err)
		}
		cfg.LinkKeys = keys
	}
	log := zap.Must(zap.NewProduction(zap.IncreaseLevel(zap.ErrorLevel)))
	opts := client.Options{HostPort: *address, Namespace: *namespace, Logger: zaplog.New(log)}
	if !*plain {
		keys, err := encryption.LoadFile(*keyFile)
		if err != nil {
			return fmt.Errorf("bench worker: %w", err)
		}
		encryption.Configure(&opts, keys)
	}
	c, err := client.Dial(opts)
	if err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	defer c.Close()
	acts, err := caseworker.Activities(c, cfg)
	if err != nil {
		return err
	}
	caseworker.SetWorkflowCache(*cache)
	cases := caseworker.New(c, "", acts, worker.Options{})
	registerTwin(cases)
	ref := worker.New(c, referenceQueue, worker.Options{})
	registerReference(ref)
	if err := cases.Start(); err != nil {
		return err
	}
	defer cases.Stop()
	if err := ref.Start(); err != nil {
		return err
	}
	defer ref.Stop()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

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

	"github.com/valetops/assistance/starter/connect"
	"github.com/valetops/assistance/system/caseworker"
)

// runWorker is the bench's worker process: the case worker with the worker
// command's flags (caseworker.Define), plus the shape twin and the reference
// workflow on its own task queue. The bench runs it as a child so its memory
// is measured alone.
func runWorker(args []string) error {
	fs := flag.NewFlagSet("bench worker", flag.ContinueOnError)
	conn := connect.Flags(fs)
	flags, err := caseworker.Define(fs)
	if err != nil {
		return err
	}
	plain := fs.Bool("plain", false, "leave payloads in clear, to measure what encryption costs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := flags.Config
	cfg.Namespace = conn.Namespace
	log := zap.Must(zap.NewProduction(zap.IncreaseLevel(zap.ErrorLevel)))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var c client.Client
	if *plain {
		tlsConfig, err := conn.TLSConfig()
		if err != nil {
			return err
		}
		c, err = client.Dial(client.Options{HostPort: conn.Address, Namespace: conn.Namespace, Logger: connect.NewSDKLogger(log),
			ConnectionOptions: client.ConnectionOptions{TLS: tlsConfig}})
		if err != nil {
			return fmt.Errorf("bench worker: %w", err)
		}
	} else {
		c, err = connect.Dial(ctx, conn, log, nil)
	}
	if err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	defer c.Close()
	if *plain {
		cfg.Records = "" // nothing to seal the records with
	}
	keys, _ := conn.Keys()
	closeRecords, err := cfg.OpenRecords(ctx, keys)
	if err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	defer func() { _ = closeRecords() }()
	acts, err := caseworker.Activities(c, cfg)
	if err != nil {
		return err
	}
	caseworker.SetWorkflowCache(flags.WorkflowCache)
	cases := caseworker.New(c, cfg.TaskQueue, acts, worker.Options{})
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
	<-ctx.Done()
	return nil
}

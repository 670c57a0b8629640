// Command api serves our HTTP API: the webhook providers call with the
// milestones of their assignments (signed with HMAC-SHA256), which it passes
// to the cases as Signals, and the case's pages opened with signed links
// (tracking, approval, position, report; api/pages) when -link-keys is set;
// with -records, the tracking and report pages of a case Temporal no longer
// has read its record, and a client's export link downloads its cases.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/api/pages"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/starter/connect"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("api", flag.ContinueOnError)
	conn := connect.Flags(fs)
	addr := fs.String("addr", connect.Env("ASSISTANCE_API_ADDR", "127.0.0.1:8080"), "address to listen on")
	secret := fs.String("webhook-secret", os.Getenv("ASSISTANCE_WEBHOOK_SECRET"), "shared secret of the providers' webhooks")
	linkKeys := fs.String("link-keys", os.Getenv("ASSISTANCE_LINK_KEYS"), "keys verifying the links to the case's pages, ID=SECRET,… (the worker's; empty: no pages)")
	records := fs.String("records", connect.Env(record.EnvURL, record.DefaultURL),
		"the case record store the pages read a case from once Temporal no longer has it, and the exports, sqlite:PATH or postgres://… (the worker's; empty: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *secret == "" {
		return errors.New("no webhook secret: set -webhook-secret or ASSISTANCE_WEBHOOK_SECRET")
	}
	log, err := zap.NewProduction()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := connect.Dial(ctx, conn, log, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	cfg := api.Config{Signaler: c, DefaultSecret: []byte(*secret), Logger: slog.Default()}
	if *linkKeys != "" {
		keys, err := links.ParseKeys(*linkKeys)
		if err != nil {
			return err
		}
		pc := pages.Config{Keys: keys, Cases: c, Logger: slog.Default()}
		if *records != "" {
			payloadKeys, err := conn.Keys()
			if err != nil {
				return err
			}
			st, err := record.Open(ctx, *records, record.Options{Keys: payloadKeys})
			if err != nil {
				return fmt.Errorf("-records: %w", err)
			}
			defer func() { _ = st.Close() }()
			pc.Records = st
		}
		cfg.Pages = pages.New(pc)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           api.New(cfg),
		ReadHeaderTimeout: 5 * time.Second,
	}
	errs := make(chan error, 1)
	go func() { errs <- srv.ListenAndServe() }()
	log.Info("api listening", zap.String("addr", *addr))
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

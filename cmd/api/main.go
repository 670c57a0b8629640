// Command api serves our HTTP API: the webhook providers call with the
// milestones of their assignments (and the warranty parties with their
// diagnoses and decisions), each party signing with its own key
// (-webhook-keys), which it passes to the cases as Signals and Updates, and
// the case's pages opened with signed links (tracking, approval, position,
// report; api/pages) when -link-keys is set; with -records, the tracking and
// report pages of a case Temporal no longer has read its record, and a
// client's export link downloads its cases. The limits of docs/security.md
// apply; a flood of events is alerted to ops (-ops-alerts-url).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/api/pages"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/providers"
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
	keySpec := fs.String("webhook-keys", os.Getenv("ASSISTANCE_WEBHOOK_KEYS"),
		"each party's webhook keys, PARTY=KEYID:SECRET;… (several per party during a rotation; a party without a key is refused)")
	keyFile := fs.String("webhook-keys-file", os.Getenv("ASSISTANCE_WEBHOOK_KEYS_FILE"),
		"a file of webhook keys, one PARTY=KEYID:SECRET per line, instead of -webhook-keys")
	linkKeys := fs.String("link-keys", os.Getenv("ASSISTANCE_LINK_KEYS"), "keys verifying the links to the case's pages, ID=SECRET,… (the worker's; empty: no pages)")
	pagesURL := fs.String("pages-url", os.Getenv("ASSISTANCE_PAGES_URL"),
		"where the pages are reached from outside (e.g. https://assist.example.com): its origin is the one page forms are accepted from, beside the request's own host")
	opsURL := fs.String("ops-alerts-url", os.Getenv("ASSISTANCE_OPS_ALERTS_URL"), "where the API's own ops alerts (a flood of events) are posted (empty: logged only)")
	opsSecret := fs.String("ops-alerts-secret", os.Getenv("ASSISTANCE_OPS_ALERTS_SECRET"), "secret signing those alerts (api/webhooksig)")
	webUI := fs.String("web-ui-url", os.Getenv("ASSISTANCE_WEB_UI_URL"), "the Temporal Web UI, linked from each ops alert")
	records := fs.String("records", connect.Env(record.EnvURL, record.DefaultURL),
		"the case record store the pages read a case from once Temporal no longer has it, and the exports, sqlite:PATH or postgres://… (the worker's; empty: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	keys, err := webhooksig.KeysFrom(*keySpec, *keyFile)
	if err != nil {
		return err
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
	cfg := api.Config{Signaler: c, Keys: keys, Logger: slog.Default()}
	if *opsURL != "" {
		cfg.Alerts = providers.NewNotifier(providers.NotifierConfig{OpsAlertsURL: *opsURL, OpsAlertsSecret: []byte(*opsSecret),
			WebUIURL: *webUI, Namespace: conn.Namespace})
	}
	if *linkKeys != "" {
		keys, err := links.ParseKeys(*linkKeys)
		if err != nil {
			return err
		}
		pc := pages.Config{Keys: keys, Cases: c, Logger: slog.Default()}
		if *pagesURL != "" {
			pc.Origins = []string{strings.TrimRight(*pagesURL, "/")}
		}
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
	server := api.New(cfg)
	srv := &http.Server{
		Addr:              *addr,
		Handler:           server,
		ReadHeaderTimeout: 5 * time.Second,
		// The API bounds each body itself (10 s); this bounds the whole request.
		ReadTimeout: 30 * time.Second,
	}
	errs := make(chan error, 1)
	go func() { errs <- srv.ListenAndServe() }()
	log.Info("api listening", zap.String("addr", *addr), zap.Strings("parties", keys.Parties()))
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	server.Wait()
	return err
}

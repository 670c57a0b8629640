// Command devserver runs the in-process Temporal server (with the case search
// attributes and the Web UI) until it receives SIGINT or SIGTERM: on its
// SQLite file by default, or, with -postgres, on PostgreSQL (the cluster
// shape: it creates Temporal's two databases and brings their schemas up to
// date with Temporal's own schema tool before it starts).
//
//	go run ./cmd/devserver                        # SQLite in .temporal
//	go run ./cmd/devserver -postgres 'postgres://temporal:secret@127.0.0.1:5432?sslmode=disable'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/valetops/assistance/internal/devserver"
)

func main() {
	data := flag.String("data", ".temporal", "directory of the SQLite database (created if missing)")
	frontend := flag.String("frontend", devserver.DefaultFrontendAddr, "host:port of the Temporal frontend (gRPC)")
	ui := flag.String("ui", devserver.DefaultUIAddr, `host:port of the Web UI ("" disables it)`)
	namespace := flag.String("namespace", devserver.DefaultNamespace, "namespace to register")
	postgres := flag.String("postgres", os.Getenv("TEMPORAL_POSTGRES_URL"),
		"run on PostgreSQL at this URL, postgres://USER[:PASSWORD]@HOST[:PORT][?sslmode=disable], instead of SQLite (env TEMPORAL_POSTGRES_URL)")
	flag.Parse()

	if err := run(devserver.Config{DataDir: *data, FrontendAddr: *frontend, UIAddr: *ui, Namespace: *namespace,
		SearchAttributes: devserver.CaseSearchAttributes, Postgres: *postgres}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(cfg devserver.Config) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if cfg.Postgres != "" {
		cfg.DataDir = "" // nothing is stored on disk but PostgreSQL's
	}
	srv, err := devserver.Start(startCtx, cfg)
	if err != nil {
		return err
	}
	where := "data in " + cfg.DataDir
	if cfg.Postgres != "" {
		where = fmt.Sprintf("PostgreSQL databases %s and %s", devserver.PostgresDatabase, devserver.PostgresVisibilityDatabase)
	}
	fmt.Printf("Temporal frontend: %s (namespace %q, %s)\n", srv.FrontendAddr(), srv.Namespace(), where)
	if srv.UIAddr() != "" {
		fmt.Printf("Temporal Web UI:   http://%s/namespaces/%s/workflows\n", srv.UIAddr(), srv.Namespace())
	}
	fmt.Println("Press Ctrl+C to stop.")

	<-ctx.Done()
	stop() // a second signal kills the process
	fmt.Println("Stopping...")
	return srv.Stop()
}

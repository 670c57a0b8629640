// Command devserver runs the in-process Temporal server (with the case search
// attributes and the Web UI) until it receives SIGINT or SIGTERM: on its
// SQLite file by default, or, with -postgres, on PostgreSQL (the cluster
// shape: it creates Temporal's two databases and brings their schemas up to
// date with Temporal's own schema tool before it starts, and the case
// records' database assistance_records beside them, docs/records.md). The Web UI decodes
// the cases' encrypted payloads through a codec server; the payload keys come
// from ASSISTANCE_PAYLOAD_KEYS or ASSISTANCE_PAYLOAD_KEY_FILE, else from the
// key file in the data directory, created on first start: give it to the
// worker and the starter (-payload-keys).
//
// With -tls the frontend requires mutual TLS from every client (and the
// services among themselves), with a throwaway CA it makes under -cert-dir
// on first start; with -authorize too, each client may do what the role of
// its certificate allows (docs/security.md). It prints the files each
// process presents. Without -tls the frontend is for the loopback only: it
// warns when it listens elsewhere.
//
//	go run ./cmd/devserver                        # SQLite in .temporal
//	go run ./cmd/devserver -postgres 'postgres://temporal:secret@127.0.0.1:5432?sslmode=disable' -tls -authorize
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/system/access"
	"github.com/valetops/assistance/system/devserver"
)

func main() {
	data := flag.String("data", ".temporal", "directory of the SQLite database (created if missing)")
	frontend := flag.String("frontend", devserver.DefaultFrontendAddr, "host:port of the Temporal frontend (gRPC)")
	ui := flag.String("ui", devserver.DefaultUIAddr, `host:port of the Web UI ("" disables it)`)
	namespace := flag.String("namespace", devserver.DefaultNamespace, "namespace to register")
	codec := flag.String("codec", "127.0.0.1:8081", "host:port of the codec server the Web UI decodes payloads through")
	postgres := flag.String("postgres", os.Getenv("TEMPORAL_POSTGRES_URL"),
		"run on PostgreSQL at this URL, postgres://USER[:PASSWORD]@HOST[:PORT][?sslmode=disable], instead of SQLite (env TEMPORAL_POSTGRES_URL)")
	useTLS := flag.Bool("tls", false, "require mutual TLS of every client, with the CA of -cert-dir (made on first start)")
	authorize := flag.Bool("authorize", false, "authorize each request by the role of the client's certificate (implies -tls)")
	certDir := flag.String("cert-dir", "", "directory of the CA and the certificates (default: DATA/tls)")
	codecToken := flag.String("codec-token", os.Getenv("ASSISTANCE_CODEC_TOKEN"), "bearer token of the codec server (required when it listens beyond the loopback)")
	flag.Parse()

	cfg := devserver.Config{DataDir: *data, FrontendAddr: *frontend, UIAddr: *ui, CodecAddr: *codec, Namespace: *namespace,
		SearchAttributes: devserver.CaseSearchAttributes, Postgres: *postgres, CodecToken: *codecToken}
	if *useTLS || *authorize {
		dir := *certDir
		if dir == "" {
			dir = filepath.Join(*data, "tls") // also on PostgreSQL, where the data directory may hold nothing else
		}
		cfg.Security = &devserver.Security{CertDir: dir, Authorize: *authorize}
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// prepareRecords creates the case records' database on the PostgreSQL
// server of serverURL and brings its schema up to date; it returns its URL.
func prepareRecords(ctx context.Context, serverURL string) (string, error) {
	url, err := record.PostgresURL(serverURL)
	if err != nil {
		return "", err
	}
	st, err := record.Open(ctx, url, record.Options{})
	if err != nil {
		return "", err
	}
	return url, st.Close()
}

func run(cfg devserver.Config) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	keys, keySource, err := encryption.FromEnv()
	if err != nil {
		return err
	}
	cfg.Keys = keys
	if cfg.Postgres != "" && keys != nil {
		cfg.DataDir = "" // nothing is stored on disk but PostgreSQL's
	}
	srv, err := devserver.Start(startCtx, cfg)
	if err != nil {
		return err
	}
	where, records := "data in "+cfg.DataDir, ""
	if cfg.Postgres != "" {
		where = fmt.Sprintf("PostgreSQL databases %s and %s", devserver.PostgresDatabase, devserver.PostgresVisibilityDatabase)
		// The case records' database beside Temporal's, created and brought
		// up to date now, so the workers and the API only open it.
		if records, err = prepareRecords(startCtx, cfg.Postgres); err != nil {
			return errors.Join(err, srv.Stop())
		}
	}
	fmt.Printf("Temporal frontend: %s (namespace %q, %s)\n", srv.FrontendAddr(), srv.Namespace(), where)
	if srv.UIAddr() != "" {
		fmt.Printf("Temporal Web UI:   http://%s/namespaces/%s/workflows\n", srv.UIAddr(), srv.Namespace())
		fmt.Printf("Codec server:      %s (the Web UI decodes payloads through it)\n", srv.CodecURL())
	}
	if records != "" {
		fmt.Printf("Case records:      workers and API: -records '%s' (docs/records.md)\n", records)
	}
	switch {
	case keySource != "":
		fmt.Printf("Payload keys:      from %s\n", keySource)
	case srv.KeyFileCreated():
		fmt.Printf("Payload keys:      %s — created now: keep it, the cases cannot be read without it (workers and starters: -payload-keys %s)\n", srv.KeyFile(), srv.KeyFile())
	default:
		fmt.Printf("Payload keys:      %s (workers and starters: -payload-keys %s)\n", srv.KeyFile(), srv.KeyFile())
	}
	if pki := srv.PKI(); pki != nil {
		printCertificates(srv, pki, cfg.Security.Authorize)
	} else {
		fmt.Println("Security:          plain gRPC without authorization, for this machine only (-tls -authorize: docs/security.md)")
	}
	fmt.Println("Press Ctrl+C to stop.")

	<-ctx.Done()
	stop() // a second signal kills the process
	fmt.Println("Stopping...")
	return srv.Stop()
}

// printCertificates says which files each process presents.
func printCertificates(srv *devserver.Server, pki *access.PKI, authorize bool) {
	mode := "mutual TLS; any certificate of the CA may do everything (add -authorize for roles)"
	if authorize {
		mode = "mutual TLS and authorization by role (docs/security.md)"
	}
	fmt.Printf("Security:          %s; CA %s\n", mode, pki.CAFile())
	for _, c := range []struct {
		role    contract.Role
		subject string
		who     string
	}{
		{contract.RoleWorker, "case-worker", "go run ./worker"},
		{contract.RoleAPI, "webhook-api", "go run ./cmd/api"},
		{contract.RoleReporter, "reporter", "go run ./cmd/starter report"},
		{contract.RoleOps, "ops", "go run ./cmd/starter qualify|decide|…"},
		{contract.RoleReader, "reader", "go run ./cmd/starter list|status"},
	} {
		cert, key, err := pki.Client(c.role, c.subject)
		if err != nil {
			fmt.Println("  ", err)
			continue
		}
		fmt.Printf("  %-8s %s -address %s -tls-ca %s -tls-cert %s -tls-key %s\n", c.role, c.who, srv.FrontendAddr(), pki.CAFile(), cert, key)
	}
}

// Command records looks after the case record store (docs/records.md): it
// brings the schema up to date, says what the store holds, purges the
// records older than the retention, and seals the records again under the
// newest payload key after a rotation. The store is -db, else
// $ASSISTANCE_RECORDS, else data/records.db (what `go run ./cmd/assistance` keeps).
//
//	go run ./cmd/records migrate -db 'postgres://temporal@127.0.0.1:5432/assistance_records?sslmode=disable'
//	go run ./cmd/records status
//	go run ./cmd/records purge -retention 5y [-dry-run]
//	go run ./cmd/records reseal -payload-keys data/payload-keys
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/starter/connect"
)

const usage = `records looks after the case record store (docs/records.md).

usage: records COMMAND [flags]

commands:
  migrate  [-db URL]                                 bring the schema up to date (also done by every process that opens it)
  status   [-db URL]                                 the schema's version, the records, their closes and their keys
  purge    [-db URL] [-retention 5y] [-dry-run]      remove the records of the cases closed before the retention
  reseal   [-db URL] [-payload-keys FILE]            seal every record again under the newest payload key

-db is sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default $ASSISTANCE_RECORDS, else sqlite:data/records.db).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "records:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "-help" {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	name := args[0]
	fs := flag.NewFlagSet("records "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", connect.Env(record.EnvURL, record.DefaultURL), "the record store, sqlite:PATH or postgres://… ($"+record.EnvURL+")")
	retention := fs.String("retention", record.DefaultRetention, "purge: keep the records of the cases closed within this long: 5y, 400d, 2160h")
	dryRun := fs.Bool("dry-run", false, "purge: say how many records would go, remove nothing")
	keyFile := fs.String("payload-keys", connect.Env(encryption.KeyFileEnv, connect.DefaultKeyFile),
		"reseal: the payload key ring, the newest key last ($"+encryption.KeysEnv+" holds it inline instead)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", name, fs.Arg(0))
	}
	var keys *encryption.Keys
	switch name {
	case "migrate", "status", "purge":
	case "reseal":
		var err error
		if keys, err = (&connect.Options{PayloadKeys: *keyFile}).Keys(); err != nil {
			return fmt.Errorf("-payload-keys: %w", err)
		}
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", name)
	}
	st, err := record.Open(ctx, *db, record.Options{Keys: keys})
	if err != nil {
		return fmt.Errorf("-db: %w", err)
	}
	defer func() { _ = st.Close() }()
	switch name {
	case "migrate":
		current, _, err := st.Version(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: schema version %d, up to date\n", st.Where(), current)
	case "status":
		return status(ctx, st, stdout)
	case "purge":
		return purge(ctx, st, *retention, *dryRun, stdout)
	case "reseal":
		n, err := st.Reseal(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d records sealed again under %s\n", st.Where(), n, keys.Newest())
	}
	return nil
}

func status(ctx context.Context, st *record.Store, w io.Writer) error {
	current, newest, err := st.Version(ctx)
	if err != nil {
		return err
	}
	sum, err := st.Summary(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "store           %s\nschema version  %d (this build: %d)\nrecords         %d\n", st.Where(), current, newest, sum.Cases)
	if sum.Cases > 0 {
		fmt.Fprintf(w, "closed          %s to %s\n", sum.OldestClose.Format(time.RFC3339), sum.NewestClose.Format(time.RFC3339))
	}
	ids := make([]string, 0, len(sum.Keys))
	for id := range sum.Keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(w, "sealed under    %s: %d\n", id, sum.Keys[id])
	}
	return nil
}

func purge(ctx context.Context, st *record.Store, retention string, dryRun bool, w io.Writer) error {
	r, err := record.ParseRetention(retention)
	if err != nil {
		return fmt.Errorf("-retention: %w", err)
	}
	cutoff := r.Cutoff(time.Now())
	if dryRun {
		n, err := st.ClosedBefore(ctx, cutoff)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %d records of cases closed before %s would be removed (retention %s)\n", st.Where(), n, cutoff.Format(time.RFC3339), r)
		return nil
	}
	n, err := st.Purge(ctx, cutoff)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d records of cases closed before %s removed (retention %s)\n", st.Where(), n, cutoff.Format(time.RFC3339), r)
	return nil
}

package devserver

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/pgtest"
)

// TestPostgresStartRunRestart starts the server on a fresh PostgreSQL (its two
// databases and schemas made by Temporal's schema tool), runs a workflow and
// lists it by its search attributes, then restarts on the same databases
// (the schema step finds them up to date) with one more attribute, and finds
// the workflow again.
func TestPostgresStartRunRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and the Temporal server")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg := pgtest.ForTest(ctx, t)

	// No data directory: the payload keys are given, the same to both starts.
	entry, err := encryption.NewEntry("pg-test")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := encryption.ParseKeys(entry)
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(ctx, t, Config{Postgres: pg.URL, FrontendAddr: "127.0.0.1:0", SearchAttributes: CaseSearchAttributes, Keys: keys})
	c, stopWorker := connect(t, srv)
	closeOneCase(ctx, t, c)
	stopWorker()
	stopServer(t, srv)

	attrs := maps.Clone(CaseSearchAttributes)
	attrs["ExtraTag"] = enums.INDEXED_VALUE_TYPE_KEYWORD
	srv = startServer(ctx, t, Config{Postgres: pg.URL, FrontendAddr: "127.0.0.1:0", SearchAttributes: attrs, Keys: keys})
	defer stopServer(t, srv)
	c, stopWorker = connect(t, srv)
	defer stopWorker()
	findClosedCase(ctx, t, c)
	t.Logf("PostgreSQL data directory: %.1f MiB", float64(pg.Size())/(1<<20))
}

// TestPostgresURL checks the URL a user gives, naming what is wrong.
func TestPostgresURL(t *testing.T) {
	for _, tc := range []struct{ url, wantErr string }{
		{"postgres://temporal@127.0.0.1:5433?sslmode=disable", ""},
		{"postgresql://u:p@db", ""},
		{"mysql://u@db", "scheme must be postgres://"},
		{"postgres://db:5432", "a user is required"},
		{"postgres://u@db/temporal", "name no database"},
		{"postgres://u@:5432", "a host is required"},
	} {
		_, err := parsePostgresURL(tc.url)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.url, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want %q", tc.url, err, tc.wantErr)
		}
	}
	got, err := parsePostgresURL("postgres://u:secret@db?sslmode=disable")
	if err != nil || got.port != "5432" || got.password != "secret" || got.attrs["sslmode"] != "disable" {
		t.Errorf("parsed %+v, %v", got, err)
	}
}

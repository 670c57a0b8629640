package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/system/devserver"
	"github.com/valetops/assistance/testsuite/pgtest"
)

// store is where the bench's Temporal server keeps its data, and beside it
// the case record store.
type store struct {
	name string
	// temporal is the size of Temporal's data; records, of the case records'.
	temporal, records func() int64
}

// openStore prepares the store the options name: SQLite in o.data (a
// temporary directory when empty), PostgreSQL at o.postgres, or, for
// "local", a throwaway cluster of this machine's PostgreSQL with its
// durability settings (fsync, synchronous commit) on. The stack then makes
// the records' database beside Temporal's (record.DefaultDatabase), or its
// SQLite file in o.data. The returned function removes what the bench made.
func openStore(ctx context.Context, o *options) (store, func(), error) {
	switch o.postgres {
	case "":
		cleanup := func() {}
		if o.data == "" {
			dir, err := os.MkdirTemp("", "bench-")
			if err != nil {
				return store{}, nil, err
			}
			o.data = dir
			cleanup = func() { _ = os.RemoveAll(dir) }
		}
		dir := o.data
		return store{name: "SQLite in " + dir,
			temporal: func() int64 { return filesSize(dir, devserver.DatabaseFile) },
			records:  func() int64 { return filesSize(dir, record.DefaultFile) }}, cleanup, nil
	case "local":
		pg, err := pgtest.Start(ctx, "")
		if err != nil {
			return store{}, nil, err
		}
		if err := pg.Durable(ctx); err != nil {
			_ = pg.Stop()
			return store{}, nil, err
		}
		o.postgres = pg.URL
		s, closeDB, err := postgresStore(fmt.Sprintf("PostgreSQL on 127.0.0.1:%d, fsync on", pg.Port), pg.URL)
		if err != nil {
			_ = pg.Stop()
			return store{}, nil, err
		}
		return s, func() { closeDB(); _ = pg.Stop() }, nil
	default:
		s, closeDB, err := postgresStore("PostgreSQL at "+o.postgres, o.postgres)
		return s, closeDB, err
	}
}

// postgresStore measures the databases of a PostgreSQL server: Temporal's
// two and the records'.
func postgresStore(name, url string) (store, func(), error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return store{}, nil, err
	}
	size := func(names ...string) func() int64 {
		return func() int64 {
			var n sql.NullInt64
			_ = db.QueryRow("SELECT SUM(pg_database_size(datname))::bigint FROM pg_database WHERE datname = ANY($1)", names).Scan(&n)
			return n.Int64
		}
	}
	return store{name: name,
			temporal: size(devserver.PostgresDatabase, devserver.PostgresVisibilityDatabase),
			records:  size(record.DefaultDatabase)},
		func() { _ = db.Close() }, nil
}

// filesSize is the size of the files of dir whose names start with prefix
// (a SQLite database: its file, its WAL and shared-memory files).
func filesSize(dir, prefix string) int64 {
	var n int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err == nil && !fi.IsDir() {
			n += fi.Size()
		}
	}
	return n
}

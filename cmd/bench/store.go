package main

import (
	"context"
	"fmt"
	"os"

	"github.com/valetops/assistance/testsuite/pgtest"
)

// store is where the bench's Temporal server keeps its data.
type store struct {
	name string
	size func() int64
}

// openStore prepares the store the options name: SQLite in o.data (a
// temporary directory when empty), PostgreSQL at o.postgres, or, for
// "local", a throwaway cluster of this machine's PostgreSQL with its
// durability settings (fsync, synchronous commit) on. The returned function
// removes what the bench made.
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
		return store{name: "SQLite in " + dir, size: func() int64 { return dirSize(dir) }}, cleanup, nil
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
		return store{name: fmt.Sprintf("PostgreSQL on 127.0.0.1:%d, fsync on", pg.Port), size: pg.Size}, func() { _ = pg.Stop() }, nil
	default:
		return store{name: "PostgreSQL at " + o.postgres, size: func() int64 { return 0 }}, func() {}, nil
	}
}

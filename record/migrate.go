package record

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// The schema of each dialect, as numbered goose migrations (one file per
// version, "-- +goose Up" and "-- +goose Down" sections), embedded in the
// binary: a command brings its store up to date with nothing to install.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// versionTable is goose's table of the versions applied.
const versionTable = "records_schema_version"

// postgresLockID is the advisory lock that keeps two processes starting at
// once from migrating together (goose's session locker).
const postgresLockID = 0x7265636f726473 // "records"

// migrate applies the migrations the store lacks and returns its version.
// Each runs in a transaction; a store already up to date is left as it is.
func migrate(ctx context.Context, s *Store) (int64, error) {
	p, err := s.provider()
	if err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("records: migrating %s: %w", s.where, err)
	}
	return p.GetDBVersion(ctx)
}

// Version is the version of the store's schema, and the newest this build
// knows.
func (s *Store) Version(ctx context.Context) (current, newest int64, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, err
	}
	return p.GetVersions(ctx)
}

// provider is goose's migrator of the store, locked against other processes.
func (s *Store) provider() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithTableName(versionTable), goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger())}
	dialect := goose.DialectSQLite3
	if s.dialect == dialectPostgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(postgresLockID), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	} else {
		opts = append(opts, goose.WithLocker(fileLocker{path: sqlitePath(s.where) + ".lock"}))
	}
	p, err := goose.NewProvider(dialect, s.db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("records: migrations of %s: %w", s.where, err)
	}
	return p, nil
}

// sqlitePath is the file of a sqlite:PATH location.
func sqlitePath(where string) string { return where[len("sqlite:"):] }

package record

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", pure Go

	"github.com/valetops/assistance/encryption"
)

const (
	// DefaultFile is the records' SQLite file in a data directory, beside
	// Temporal's temporal.db.
	DefaultFile = "records.db"
	// DefaultDatabase is the records' PostgreSQL database when the URL names
	// none, beside Temporal's temporal and temporal_visibility.
	DefaultDatabase = "assistance_records"
	// EnvURL is the environment variable the commands read the records' URL from.
	EnvURL = "ASSISTANCE_RECORDS"
	// DefaultURL is the store `go run ./cmd/assistance` keeps in its data
	// directory: the commands run beside it (worker, api, starter, records)
	// find it there by default.
	DefaultURL = "sqlite:data/" + DefaultFile
)

// The two dialects of the store.
const (
	dialectSQLite   = "sqlite"
	dialectPostgres = "postgres"
)

// Options tune a store.
type Options struct {
	// Keys seal what is not kept in clear (the payload key ring); nil: the
	// store can be migrated, queried, exported and purged, but not written,
	// and sealed fields cannot be read.
	Keys *encryption.Keys
}

// Store is an open record store.
type Store struct {
	db      *sql.DB
	dialect string
	url     string // as opened
	where   string // the URL without its password, for messages
	keys    *encryption.Keys
}

// SQLiteURL is the URL of the records' SQLite file in dir.
func SQLiteURL(dir string) string { return "sqlite:" + filepath.Join(dir, DefaultFile) }

// PostgresURL is the URL of the records' database on the PostgreSQL server
// of serverURL (postgres://USER[:PASSWORD]@HOST[:PORT][?…], as Temporal's
// cluster shape is given): the same server and options, database DefaultDatabase.
func PostgresURL(serverURL string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "", fmt.Errorf("records: %q is not a postgres://USER@HOST[:PORT] URL", redact(serverURL))
	}
	u.Path = "/" + DefaultDatabase
	return u.String(), nil
}

// Open opens the store at rawURL — sqlite:PATH (the file is created, its
// directory must exist) or postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=…]
// (the database, DefaultDatabase by default, is created if missing) — and
// brings its schema up to date. Several processes may open one store at once.
func Open(ctx context.Context, rawURL string, o Options) (*Store, error) {
	s, err := connect(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	s.keys, s.url = o.Keys, rawURL
	if _, err := migrate(ctx, s); err != nil {
		_ = s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store's connections.
func (s *Store) Close() error { return s.db.Close() }

// Where is the store's URL, without its password.
func (s *Store) Where() string { return s.where }

// URL is the store's URL as it was opened, password included: for the flags
// of another process sharing the store. Nil: "".
func (s *Store) URL() string {
	if s == nil {
		return ""
	}
	return s.url
}

// connect opens the database of rawURL, creating it where it is missing.
func connect(ctx context.Context, rawURL string) (*Store, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		return connectSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return connectPostgres(ctx, rawURL)
	case rawURL == "":
		return nil, errors.New("records: no URL: give sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")
	}
	return nil, fmt.Errorf("records: %q: expected sqlite:PATH or postgres://USER@HOST:PORT/DATABASE", redact(rawURL))
}

// sqliteParams are the connection's pragmas: write-ahead log (readers never
// block the writer), fsync at checkpoints only (safe in WAL mode), a writer
// waits up to 10 s for another (another process too), foreign keys enforced,
// and every transaction takes the write lock at BEGIN (no deadlock between two
// writers upgrading their read locks).
const sqliteParams = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_txlock=immediate"

func connectSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.Contains(path, "?") {
		return nil, fmt.Errorf("records: sqlite:%s: expected sqlite:PATH, a file path without '?'", path)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("records: sqlite:%s: the directory %s does not exist", path, filepath.Dir(path))
	}
	// The file holds VINs and plates in clear: only its owner reads it.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("records: sqlite:%s: %w", path, err)
	}
	_ = f.Close()
	db, err := sql.Open("sqlite", path+sqliteParams)
	if err != nil {
		return nil, fmt.Errorf("records: sqlite:%s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("records: sqlite:%s: %w", path, err)
	}
	return &Store{db: db, dialect: dialectSQLite, where: "sqlite:" + path}, nil
}

var databaseName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func connectPostgres(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("records: %q is not a postgres://USER@HOST[:PORT]/DATABASE URL", redact(rawURL))
	}
	name := strings.Trim(u.Path, "/")
	if name == "" {
		name = DefaultDatabase
		u.Path = "/" + name
	}
	if !databaseName.MatchString(name) {
		return nil, fmt.Errorf("records: %s: the database name %q must be lower-case letters, digits and '_'", u.Redacted(), name)
	}
	if err := createDatabase(ctx, *u, name); err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, fmt.Errorf("records: %s: %w", u.Redacted(), err)
	}
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("records: %s: %w", u.Redacted(), err)
	}
	return &Store{db: db, dialect: dialectPostgres, where: u.Redacted()}, nil
}

// redact hides the password of a URL in a message.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(an unreadable URL)"
}

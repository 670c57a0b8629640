package record

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5/pgconn"
)

// postgresAdminDatabase is the database connected to while the records'
// database is created, as Temporal's schema tool does for its own two.
const postgresAdminDatabase = "postgres"

// createDatabase creates the database name on the server of u if it is
// missing. Two processes creating it at once both succeed.
func createDatabase(ctx context.Context, u url.URL, name string) error {
	u.Path = "/" + postgresAdminDatabase
	admin, err := sql.Open("pgx", u.String())
	if err != nil {
		return fmt.Errorf("records: %s: %w", u.Redacted(), err)
	}
	defer func() { _ = admin.Close() }()
	var exists bool
	err = admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil {
		return fmt.Errorf("records: looking for database %s on %s: %w", name, u.Host, err)
	}
	if exists {
		return nil
	}
	// The name is checked against databaseName: it needs no quoting beyond this.
	_, err = admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P04" || pgErr.Code == "23505") {
		return nil // created by another process meanwhile
	}
	if err != nil {
		return fmt.Errorf("records: creating database %s on %s (the user needs CREATEDB, or create it by hand): %w", name, u.Host, err)
	}
	return nil
}

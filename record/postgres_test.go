package record_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/testsuite/pgtest"
)

// TestPostgresStore runs every behaviour of the store on a throwaway
// PostgreSQL (Debian's postgresql, testsuite/pgtest), each in a database of
// its own that the store creates, as it creates assistance_records beside
// Temporal's databases on the cluster shape.
func TestPostgresStore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg := pgtest.ForTest(ctx, t)

	t.Run("DefaultDatabaseIsCreated", func(t *testing.T) {
		u, err := record.PostgresURL(pg.URL)
		require.NoError(t, err)
		assert.Contains(t, u, "/"+record.DefaultDatabase+"?sslmode=disable")
		st, err := record.Open(ctx, u, record.Options{})
		require.NoError(t, err)
		assert.NotContains(t, st.Where(), "password")
		require.NoError(t, st.Close())
		raw := rawPostgres(t, pg.URL, "postgres")
		assert.Equal(t, 1, count(t, raw, "pg_database", "datname = $1", record.DefaultDatabase))
	})
	for i, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			name := fmt.Sprintf("records_%d", i)
			u, err := url.Parse(pg.URL)
			require.NoError(t, err)
			u.Path = "/" + name
			// The store creates the database on its first open; the test's
			// own connection opens after it.
			s := store{url: u.String()}
			s.open(t, nil)
			s.raw = rawPostgres(t, pg.URL, name)
			b.test(t, s)
		})
	}
}

// rawPostgres connects to database on the server of serverURL.
func rawPostgres(t *testing.T, serverURL, database string) *sql.DB {
	t.Helper()
	u, err := url.Parse(serverURL)
	require.NoError(t, err)
	u.Path = "/" + strings.TrimPrefix(database, "/")
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

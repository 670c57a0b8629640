package record_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/record"
)

// sqliteStore is a new SQLite store in a directory of its own.
func sqliteStore(t *testing.T) store {
	t.Helper()
	dir := t.TempDir()
	raw, err := sql.Open("sqlite", filepath.Join(dir, record.DefaultFile)+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	return store{url: record.SQLiteURL(dir), raw: raw}
}

func TestSQLiteStore(t *testing.T) {
	for _, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			b.test(t, sqliteStore(t))
		})
	}
}

// TestNothingPersonalInTheSQLiteFile: the valet, the position, the operator
// and free text are in neither the database file nor its write-ahead log;
// the VIN is (a rule queries it). Only the file's owner may read it.
func TestNothingPersonalInTheSQLiteFile(t *testing.T) {
	s := sqliteStore(t)
	st := s.open(t, keysFor(t, "k1"))
	_, err := st.Record(context.Background(), closedCase("M-PRIV", "C-DEALER", "LGXCE4CB0P0000010", time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)))
	require.NoError(t, err)
	path := filepath.Join(filepath.Dir(s.url[len("sqlite:"):]), record.DefaultFile)
	var all []byte
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err == nil {
			all = append(all, b...)
		}
	}
	require.NotEmpty(t, all)
	assert.True(t, bytes.Contains(all, []byte("LGXCE4CB0P0000010")), "the VIN is in clear")
	for _, secret := range []string{secretValet, fmt.Sprint(secretLat), secretReason, secretOperator, "12 rue des Lilas", "k1.token"} {
		assert.False(t, bytes.Contains(all, []byte(secret)), "%q is in the file", secret)
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

// TestOpenSaysWhatIsWrong: a bad URL or a missing directory names what to fix.
func TestOpenSaysWhatIsWrong(t *testing.T) {
	for url, want := range map[string]string{
		"":                                     "no URL",
		"mysql://u@db/records":                 "expected sqlite:PATH or postgres://",
		"sqlite:" + t.TempDir() + "/no/such/x": "does not exist",
		"postgres://u@db/Records-2026":         "lower-case letters",
		"postgres://u:s3cret@/records":         "not a postgres://",
	} {
		_, err := record.Open(context.Background(), url, record.Options{})
		if assert.Error(t, err, url) {
			assert.Contains(t, err.Error(), want, url)
			assert.NotContains(t, err.Error(), "s3cret", "a password is never printed")
		}
	}
}

// TestAStoreWithoutKeysCannotWrite: sealing needs the payload keys.
func TestAStoreWithoutKeysCannotWrite(t *testing.T) {
	st := sqliteStore(t).open(t, nil)
	_, err := st.Record(context.Background(), closedCase("M-NOKEY", "C-DEALER", "LGXCE4CB0P0000011", time.Now()))
	assert.ErrorIs(t, err, record.ErrNoKeys)
}

func TestParseRetention(t *testing.T) {
	now := time.Date(2031, 6, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"5y":    time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		"400d":  time.Date(2030, 4, 27, 12, 0, 0, 0, time.UTC),
		"2160h": now.Add(-2160 * time.Hour),
		"1m":    now.Add(-time.Minute),
	} {
		r, err := record.ParseRetention(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, r.Cutoff(now), in)
		}
	}
	for _, bad := range []string{"", "0y", "-1d", "five years", "5 y"} {
		_, err := record.ParseRetention(bad)
		assert.Error(t, err, bad)
	}
}

func TestParsePeriod(t *testing.T) {
	from, to, err := record.ParsePeriod("2026-03-01", "2026-03-31")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), from)
	assert.Equal(t, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), to, "the last day is included")
	_, _, err = record.ParsePeriod("2026-03-31", "2026-03-01")
	assert.ErrorContains(t, err, "to:")
	_, _, err = record.ParsePeriod("March", "2026-03-01")
	assert.ErrorContains(t, err, "from:")
}

package record

import (
	"fmt"
	"time"
)

// sqliteTime is how a time is written in SQLite: UTC, RFC 3339 with
// milliseconds, so that times sort and compare as text.
const sqliteTime = "2006-01-02T15:04:05.000Z07:00"

// at is a time as the store's dialect takes it as an argument.
func (s *Store) at(t time.Time) any {
	if s.dialect == dialectSQLite {
		return t.UTC().Format(sqliteTime)
	}
	return t.UTC()
}

// maybeAt is an RFC 3339 time as an argument, or NULL when empty or unreadable.
func (s *Store) maybeAt(rfc3339 string) any {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return nil
	}
	return s.at(t)
}

// dbTime reads a time column of either dialect: TIMESTAMPTZ (a time.Time)
// or TEXT (sqliteTime). NULL is the zero time.
type dbTime struct{ time.Time }

// Scan implements sql.Scanner.
func (d *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		d.Time = time.Time{}
	case time.Time:
		d.Time = v.UTC()
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("records: a time column holds %T", v)
	}
	return nil
}

func (d *dbTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("records: a time column holds %q: %w", s, err)
	}
	d.Time = t.UTC()
	return nil
}

// String is the time as RFC 3339 (UTC), or "" for the zero time.
func (d dbTime) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.RFC3339)
}

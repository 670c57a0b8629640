//go:build !unix

package record

import (
	"context"
	"database/sql"
)

// fileLocker does not lock where flock is missing: there, start the
// processes sharing one SQLite file one after the other.
type fileLocker struct{ path string }

// Lock does nothing.
func (fileLocker) Lock(context.Context, *sql.DB) error { return nil }

// Unlock does nothing.
func (fileLocker) Unlock(context.Context, *sql.DB) error { return nil }

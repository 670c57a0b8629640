//go:build unix

package record

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// fileLocker keeps two processes from migrating one SQLite file at once:
// an exclusive flock on a file beside it, held while goose migrates.
type fileLocker struct{ path string }

var (
	heldMu sync.Mutex
	held   = map[string]*os.File{}
)

// Lock waits for the lock until ctx ends.
func (l fileLocker) Lock(ctx context.Context, _ *sql.DB) error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("records: migration lock %s: %w", l.path, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			_ = f.Close()
			return fmt.Errorf("records: migration lock %s: %w", l.path, err)
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return fmt.Errorf("records: migration lock %s held by another process: %w", l.path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	heldMu.Lock()
	held[l.path] = f
	heldMu.Unlock()
	return nil
}

// Unlock releases the lock.
func (l fileLocker) Unlock(context.Context, *sql.DB) error {
	heldMu.Lock()
	f := held[l.path]
	delete(held, l.path)
	heldMu.Unlock()
	if f == nil {
		return nil
	}
	return f.Close()
}

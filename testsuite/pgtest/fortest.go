package pgtest

import (
	"context"
	"testing"
)

// ForTest starts a throwaway cluster in the test's temporary directory and
// stops it at the test's cleanup (after the cleanups registered later, such
// as a system started on it). The test fails at once if it cannot start.
func ForTest(ctx context.Context, t testing.TB) *Server {
	t.Helper()
	pg, err := Start(ctx, t.TempDir())
	if err != nil {
		t.Fatalf("starting PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Errorf("stopping PostgreSQL: %v", err)
		}
	})
	return pg
}

// Package systemtest starts the whole system (package system/stack: the
// embedded Temporal server, the provider simulator, our API and the case
// worker, in the test's process) for an end-to-end test, the one way every
// such test does: on loopback, its data in a temporary directory, stopped
// when the test ends. A test says only what differs, in a stack.Config (scale,
// scenarios, network, PostgreSQL, its own data directory, Web UI, no worker).
package systemtest

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/system/stack"
)

// Start starts the system for t as cfg says, with the defaults of defaults
// and, when cfg.DataDir is empty, its data in a temporary directory of t.
// Cleanup stops it; a test may call Stop sooner (to read the data at rest,
// or to free the machine for another stack). It fails t if the system does
// not start, and skips t under -short: it runs a real Temporal server.
func Start(ctx context.Context, t testing.TB, cfg stack.Config) *stack.Stack {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the whole system on a real Temporal server: not under -short")
	}
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	st, err := stack.Start(ctx, defaults(cfg))
	require.NoError(t, err, "starting the system")
	t.Cleanup(st.Stop)
	return st
}

// StartShared starts the system for all the tests of a package, from TestMain
// where there is no t, with Start's defaults (it does not skip: TestMain
// decides); when cfg.DataDir is empty its data is in a new temporary
// directory. stop stops it and removes that directory.
func StartShared(ctx context.Context, cfg stack.Config) (st *stack.Stack, stop func(), err error) {
	remove := func() {}
	if cfg.DataDir == "" {
		dir, err := os.MkdirTemp("", "systemtest-")
		if err != nil {
			return nil, nil, err
		}
		cfg.DataDir, remove = dir, func() { _ = os.RemoveAll(dir) }
	}
	st, err = stack.Start(ctx, defaults(cfg))
	if err != nil {
		remove()
		return nil, nil, err
	}
	return st, func() { st.Stop(); remove() }, nil
}

// defaults is cfg with the Temporal frontend on a free loopback port when cfg
// leaves it empty: the server's own default is the fixed port 7233, which two
// tests (or a test and a running system) cannot share. The API, the simulator
// and the codec server already listen on a free loopback port by default; the
// Web UI runs only when cfg.UIAddr says where.
func defaults(cfg stack.Config) stack.Config {
	if cfg.FrontendAddr == "" {
		cfg.FrontendAddr = "127.0.0.1:0"
	}
	return cfg
}

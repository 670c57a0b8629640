// Package faults holds the fault tests of the whole system, run on the real
// embedded Temporal server (SQLite file), the provider simulator over real HTTP
// and our webhook API: a worker process killed with SIGKILL while hundreds of
// cases are in flight, the Temporal server stopped and started again under
// load, and a provider that answers 500, hangs past its timeout or drops the
// connection. Each test proves that nothing is lost: every case closes with the
// outcome its scenario expects and no provider sees an order twice.
//
// The package has no code of its own; `go test ./testsuite/faults/` runs it
// (the three tests run in parallel, about two and a half minutes on two
// cores; -short skips them).
package faults

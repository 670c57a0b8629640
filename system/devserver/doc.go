// Package devserver runs a complete Temporal development stack inside the
// current process: a real Temporal server (go.temporal.io/server) persisting
// to a SQLite file, the case search attributes, and optionally the Temporal
// Web UI (github.com/temporalio/ui-server). Nothing is downloaded at run time.
//
// The SQLite database lives in Config.DataDir and survives restarts: the
// schema is created on the first start only, and the namespace, the search
// attributes, workflow histories and visibility records are found again by a
// later Start on the same directory.
package devserver

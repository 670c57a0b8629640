package stack

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/worker"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/devserver"
)

// Hooks for the fault tests (testsuite/faults): they change a running stack
// without changing what Start does.

// CaseWorkerConfig returns the configuration of a case worker serving this
// stack, windows divided by scale: the simulator plays the providers, the
// client, ops, the beneficiary and the mission system, and our API receives
// the providers' events. It is what the in-process worker is built with; a
// worker process gets the same addresses as flags.
func (st *Stack) CaseWorkerConfig(scale float64) caseworker.Config {
	webUI := ""
	if addr := st.Server.UIAddr(); addr != "" {
		webUI = "http://" + addr
	}
	cfg := caseworker.Config{
		Namespace:           st.Server.Namespace(),
		Scale:               scale,
		ClientNoticesSecret: []byte(st.noticeSecret),
		OpsAlertsSecret:     []byte(st.noticeSecret),
		WebUIURL:            webUI,
		LinkKeys:            st.LinkKeys,
		OwnerNoticesSecret:  []byte(st.noticeSecret),
		Records:             st.Records.URL(),
		RecordStore:         st.Records,
	}
	cfg.UseSimulator(st.SimURL, st.APIURL)
	return cfg
}

// ReplaceWorker stops the in-process worker, waiting for it, and starts a new
// one polling the case task queue with acts on the stack's client. With nil
// acts no worker runs in the process any more: an outside worker (the worker
// command) takes the cases. Stop stops the new worker.
func (st *Stack) ReplaceWorker(acts *activities.Activities) error {
	if st.worker != nil {
		st.worker.Stop()
		st.worker = nil
	}
	if acts == nil {
		return nil
	}
	w := caseworker.New(st.Client, "", acts, worker.Options{})
	if err := w.Start(); err != nil {
		return fmt.Errorf("starting the worker: %w", err)
	}
	st.worker = w
	return nil
}

// StopServer stops only the Temporal server, as a crash or an upgrade would:
// the worker, the client, the simulator and our API keep running and see the
// server unreachable. The data stays in the SQLite file for StartServer.
func (st *Stack) StopServer() error {
	return st.Server.Stop()
}

// StartServer starts the Temporal server again after StopServer, on dataDir
// (the Config.DataDir the stack was started with) and at the frontend address
// it had, so the running client and worker reconnect to it by themselves
// (their gRPC connections redial) and nothing has to be rebuilt.
func (st *Stack) StartServer(ctx context.Context, dataDir string) error {
	srv, err := devserver.Start(ctx, devserver.Config{DataDir: dataDir, FrontendAddr: st.Server.FrontendAddr(),
		Namespace: st.Server.Namespace(), SearchAttributes: devserver.CaseSearchAttributes})
	if err != nil {
		return fmt.Errorf("restarting the Temporal server: %w", err)
	}
	st.Server = srv
	return nil
}

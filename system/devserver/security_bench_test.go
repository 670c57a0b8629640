package devserver

import (
	"context"
	"crypto/tls"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// waitForever is a workflow that takes signals until it is terminated.
func waitForever(ctx workflow.Context) error {
	ch := workflow.GetSignalChannel(ctx, "ping")
	for {
		var s string
		ch.Receive(ctx, &s)
	}
}

// BenchmarkFrontendCalls measures one round trip to the frontend on the
// embedded server (SQLite): plain gRPC, mutual TLS, and mutual TLS with
// authorization by role and the identity stamp — a read (DescribeNamespace)
// and a write (a Signal, persisted). It prints ns per call; the difference
// between the shapes is what TLS and authorization cost per request (the
// handshake is once per connection).
func BenchmarkFrontendCalls(b *testing.B) {
	for _, shape := range []struct {
		name string
		sec  *Security
	}{
		{"plain", nil},
		{"tls", &Security{}},
		{"tls+authorize", &Security{Authorize: true}},
	} {
		b.Run(shape.name, func(b *testing.B) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			srv, err := Start(ctx, Config{DataDir: b.TempDir(), FrontendAddr: "127.0.0.1:0", Security: shape.sec})
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = srv.Stop() }()
			var tlsConfig *tls.Config
			if tlsConfig, err = srv.ClientTLS(contract.RoleWorker, "bench"); err != nil {
				b.Fatal(err)
			}
			c, err := client.Dial(client.Options{HostPort: srv.FrontendAddr(), Namespace: srv.Namespace(),
				Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)), ConnectionOptions: client.ConnectionOptions{TLS: tlsConfig}})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			w := worker.New(c, taskQueue, worker.Options{})
			w.RegisterWorkflow(waitForever)
			if err := w.Start(); err != nil {
				b.Fatal(err)
			}
			defer w.Stop()
			run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "bench-waiter", TaskQueue: taskQueue}, waitForever)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = c.TerminateWorkflow(context.Background(), run.GetID(), "", "bench over") }()
			b.Run("read", func(b *testing.B) {
				for b.Loop() {
					if _, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: srv.Namespace()}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("signal", func(b *testing.B) {
				for b.Loop() {
					if err := c.SignalWorkflow(ctx, run.GetID(), "", "ping", "x"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

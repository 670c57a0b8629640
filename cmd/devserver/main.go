// Command devserver runs the in-process Temporal development server (with
// its SQLite store, the case search attributes and the Web UI) until it
// receives SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/valetops/assistance/internal/devserver"
)

func main() {
	data := flag.String("data", ".temporal", "directory of the SQLite database (created if missing)")
	frontend := flag.String("frontend", devserver.DefaultFrontendAddr, "host:port of the Temporal frontend (gRPC)")
	ui := flag.String("ui", devserver.DefaultUIAddr, `host:port of the Web UI ("" disables it)`)
	namespace := flag.String("namespace", devserver.DefaultNamespace, "namespace to register")
	flag.Parse()

	if err := run(*data, *frontend, *ui, *namespace); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(data, frontend, ui, namespace string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	srv, err := devserver.Start(startCtx, devserver.Config{
		DataDir:          data,
		FrontendAddr:     frontend,
		UIAddr:           ui,
		Namespace:        namespace,
		SearchAttributes: devserver.CaseSearchAttributes,
	})
	if err != nil {
		return err
	}
	fmt.Printf("Temporal frontend: %s (namespace %q, data in %s)\n", srv.FrontendAddr(), srv.Namespace(), data)
	if srv.UIAddr() != "" {
		fmt.Printf("Temporal Web UI:   http://%s/namespaces/%s/workflows\n", srv.UIAddr(), srv.Namespace())
	}
	fmt.Println("Press Ctrl+C to stop.")

	<-ctx.Done()
	stop() // a second signal kills the process
	fmt.Println("Stopping...")
	return srv.Stop()
}

// Command devserver runs the in-process Temporal development server (with
// its SQLite store, the case search attributes, the Web UI and its codec
// server) until it receives SIGINT or SIGTERM. The payload key file is created
// in the data directory on first start: give it to the worker and the starter
// (-payload-keys).
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
	codec := flag.String("codec", "127.0.0.1:8081", "host:port of the codec server the Web UI decodes payloads through")
	flag.Parse()

	if err := run(*data, *frontend, *ui, *codec, *namespace); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(data, frontend, ui, codec, namespace string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	srv, err := devserver.Start(startCtx, devserver.Config{
		DataDir:          data,
		FrontendAddr:     frontend,
		UIAddr:           ui,
		CodecAddr:        codec,
		Namespace:        namespace,
		SearchAttributes: devserver.CaseSearchAttributes,
	})
	if err != nil {
		return err
	}
	fmt.Printf("Temporal frontend: %s (namespace %q, data in %s)\n", srv.FrontendAddr(), srv.Namespace(), data)
	if srv.UIAddr() != "" {
		fmt.Printf("Temporal Web UI:   http://%s/namespaces/%s/workflows\n", srv.UIAddr(), srv.Namespace())
		fmt.Printf("Codec server:      %s (the Web UI decodes payloads through it)\n", srv.CodecURL())
	}
	created := ""
	if srv.KeyFileCreated() {
		created = " — created now: keep it, the cases cannot be read without it"
	}
	fmt.Printf("Payload keys:      %s%s (workers and starters: -payload-keys %s)\n", srv.KeyFile(), created, srv.KeyFile())
	fmt.Println("Press Ctrl+C to stop.")

	<-ctx.Done()
	stop() // a second signal kills the process
	fmt.Println("Stopping...")
	return srv.Stop()
}

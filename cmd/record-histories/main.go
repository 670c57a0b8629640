// Command record-histories plays the public scenarios live on a fresh embedded
// Temporal server and records the history of each case as JSON, for the replay
// tests. Run it from the repository's root when the workflow changes its
// command sequence (behind workflow.GetVersion), into a new folder beside the
// old ones: both must keep replaying.
//
//	go run ./cmd/record-histories -out testsuite/testdata/histories/2026-11-21-follow-timer
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/valetops/assistance/internal/stack"
	"github.com/valetops/assistance/scenario"
)

func main() {
	out := flag.String("out", "", "folder to write the histories to (required)")
	dir := flag.String("scenarios", "testsuite/scenarios", "scenario files to play")
	scale := flag.Float64("scale", 200, "time scale of the live run")
	flag.Parse()
	if err := run(*out, *dir, *scale); err != nil {
		fmt.Fprintln(os.Stderr, "record-histories:", err)
		os.Exit(1)
	}
}

func run(out, dir string, scale float64) error {
	if out == "" {
		return fmt.Errorf("-out is required (e.g. testsuite/testdata/histories/DATE-CHANGE)")
	}
	all, err := scenario.LoadDir(dir)
	if err != nil {
		return err
	}
	data, err := os.MkdirTemp("", "record-histories-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(data) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	st, err := stack.Start(ctx, stack.Config{DataDir: data, FrontendAddr: "127.0.0.1:0", Scale: scale, Scenarios: all})
	if err != nil {
		return err
	}
	defer st.Stop()
	written, err := record(ctx, st, all, dir, out, scale)
	for _, p := range written {
		fmt.Println("recorded", p)
	}
	return err
}

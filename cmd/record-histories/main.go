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

	"github.com/valetops/assistance/internal/demo"
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
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Warranty claims span days: they are played on a stack of their own,
	// scaled to their span (as the live test does).
	var written []string
	for _, g := range demo.GroupByScale(all, scale, 2*time.Hour) {
		w, err := recordGroup(ctx, g, dir, out)
		written = append(written, w...)
		if err != nil {
			for _, p := range written {
				fmt.Println("recorded", p)
			}
			return err
		}
	}
	for _, p := range written {
		fmt.Println("recorded", p)
	}
	return nil
}

// recordGroup plays one group of scenarios on a fresh stack and records them.
func recordGroup(ctx context.Context, g demo.Group, dir, out string) ([]string, error) {
	data, err := os.MkdirTemp("", "record-histories-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(data) }()
	st, err := stack.Start(ctx, stack.Config{DataDir: data, FrontendAddr: "127.0.0.1:0", Scale: g.Scale, Scenarios: g.Scenarios})
	if err != nil {
		return nil, err
	}
	defer st.Stop()
	return record(ctx, st, g.Scenarios, dir, out, g.Scale)
}

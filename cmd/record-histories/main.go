// Command record-histories plays the public scenarios live on a fresh embedded
// Temporal server and records the history of each case as JSON, for the replay
// tests. Run it from the repository's root when a change alters the command
// sequence of a recorded case: the new folder replaces the current one (a
// change shipped as a new pinned build), or stands beside it (a change behind
// a workflow.GetVersion guard, which must keep both replaying); see
// docs/changing-workflows.md. Every payload is encrypted with the newest of
// the test keys committed for the recorded histories
// (testsuite/histories.TestKeys), as a real case's are with the real keys.
//
//	go run ./cmd/record-histories -out testsuite/testdata/histories/2026-12-04-current
//
// With -encrypt-existing it records nothing: it encrypts, in place, the
// payloads still in clear of the history files in a folder (histories
// recorded without payload encryption), with the test key named by -key.
//
//	go run ./cmd/record-histories -encrypt-existing DIR -key history-test-1
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
)

func main() {
	out := flag.String("out", "", "folder to write the histories to (required)")
	dir := flag.String("scenarios", "testsuite/scenarios", "scenario files to play")
	scale := flag.Float64("scale", 200, "time scale of the live run")
	existing := flag.String("encrypt-existing", "", "encrypt the history files of this folder in place instead of recording")
	key := flag.String("key", "", "with -encrypt-existing: the test key to encrypt with (default: the newest)")
	limit := flag.Duration("timeout", 30*time.Minute, "give up when the recording takes longer")
	flag.Parse()
	if *existing != "" {
		if err := encryptExisting(*existing, *key); err != nil {
			fmt.Fprintln(os.Stderr, "record-histories:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*out, *dir, *scale, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "record-histories:", err)
		os.Exit(1)
	}
}

func run(out, dir string, scale float64, limit time.Duration) error {
	if out == "" {
		return fmt.Errorf("-out is required (e.g. testsuite/testdata/histories/DATE-CHANGE)")
	}
	all, err := scenario.LoadDir(dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
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
	st, err := stack.Start(ctx, stack.Config{DataDir: data, FrontendAddr: "127.0.0.1:0", Scale: g.Scale, Scenarios: g.Scenarios,
		Keys: histories.TestKeys()})
	if err != nil {
		return nil, err
	}
	defer st.Stop()
	return record(ctx, st, g.Scenarios, dir, out, g.Scale)
}

// encryptExisting encrypts the payloads in clear of every history file below
// dir with the test key id (empty: the newest).
func encryptExisting(dir, id string) error {
	keys := histories.TestKeys()
	if id != "" {
		var err error
		if keys, err = keys.Until(id); err != nil {
			return err
		}
	}
	files, err := histories.Files(dir)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no history file (*.json) below %s", dir)
	}
	for _, f := range files {
		if err := histories.EncryptFile(f, keys); err != nil {
			return err
		}
		fmt.Println("encrypted with", keys.Newest()+":", f)
	}
	return nil
}

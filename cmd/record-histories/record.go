package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
)

// record plays the scenarios live on a running stack and writes the history of
// each case to dir, named after its scenario file (coverage/c01_… becomes
// coverage_c01_….json). It fails if a case did not end as its scenario expects:
// a recorded history must be one of a correct case.
func record(ctx context.Context, st *stack.Stack, all []*scenario.Scenario, scenarioDir, dir string, scale float64) ([]string, error) {
	results := demo.Player{Cases: st.Cases, Scale: scale}.PlayAll(ctx, all, 50*time.Millisecond)
	var written []string
	for _, r := range results {
		if r.Err != nil {
			return written, fmt.Errorf("%s: %w", r.Scenario.File, r.Err)
		}
		if m := r.Mismatches(); len(m) > 0 {
			return written, fmt.Errorf("%s did not end as expected: %v", r.Scenario.File, m)
		}
		workflowID, runID, _ := strings.Cut(r.Outcome.CaseID, "/")
		h, err := histories.Fetch(ctx, st.Client, workflowID, runID)
		if err != nil {
			return written, err
		}
		rel, err := filepath.Rel(scenarioDir, r.Scenario.File)
		if err != nil {
			rel = filepath.Base(r.Scenario.File)
		}
		path := filepath.Join(dir, strings.ReplaceAll(filepath.ToSlash(rel), "/", "_"))
		if err := histories.Write(path, h); err != nil {
			return written, err
		}
		written = append(written, path)
		// A case's child workflows (its warranty claim) are recorded beside it.
		for _, child := range histories.Children(h) {
			ch, err := histories.Fetch(ctx, st.Client, child.WorkflowID, child.RunID)
			if err != nil {
				return written, err
			}
			childPath := strings.TrimSuffix(path, ".json") + ".child-" + child.WorkflowType + ".json"
			if err := histories.Write(childPath, ch); err != nil {
				return written, err
			}
			written = append(written, childPath)
		}
	}
	return written, nil
}

package main

import (
	"context"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
)

// holdOpen restarts the worker at the memory phase's scale, opens the cases
// (each accepted by its provider, which never reports), and prints the
// worker's memory once they all wait on their provider.
func holdOpen(ctx context.Context, st *stack.Stack, child *exec.Cmd, cases []*scenario.Scenario, o options) error {
	stopWorker(child)
	atOpenScale := o
	atOpenScale.scale = o.openScale
	w, err := startWorker(st, atOpenScale)
	if err != nil {
		return err
	}
	defer stopWorker(w)
	before := st.Simulator.Stats().Requests
	started := time.Now()
	sem := make(chan struct{}, o.concurrency)
	var wg sync.WaitGroup
	var failed int
	var mu sync.Mutex
	for _, s := range cases {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := st.Cases.Report(ctx, s.Report); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("\nmemory: %d cases opened in %s (%d failed); waiting for them to reach their provider...\n", len(cases), time.Since(started).Round(time.Second), failed)
	deadline := time.Now().Add(30 * time.Minute)
	for time.Now().Before(deadline) {
		dispatched := st.Simulator.Stats().Requests - before
		rss, peak, _ := memoryOf(w.Process.Pid)
		fmt.Printf("  %s: %d dispatch requests, worker RSS %.0f MiB (peak %.0f MiB)\n", time.Since(started).Round(time.Second), dispatched, rss, peak)
		if dispatched >= len(cases) {
			break
		}
		time.Sleep(10 * time.Second)
	}
	time.Sleep(5 * time.Second)
	rss, peak, err := memoryOf(w.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("worker with %d open cases waiting on providers: RSS %.0f MiB, peak %.0f MiB (target < 300 MB)\n", len(cases), rss, peak)
	return nil
}

package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// progress prints, every interval while a long phase runs, the cases closed
// so far, the rate over the last interval and since the start, the worker's
// memory, and the size of Temporal's store and of the case records': the
// figures of a durable run over time.
type progress struct {
	closed   atomic.Int64
	total    int
	interval time.Duration
	pid      int
	store    store
}

// run prints until ctx ends; call it in a goroutine.
func (p *progress) run(ctx context.Context) {
	if p.interval <= 0 {
		return
	}
	started := time.Now()
	last, lastAt := int64(0), started
	tick := time.NewTicker(p.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			n := p.closed.Load()
			rss, _, _ := memoryOf(p.pid)
			fmt.Printf("  %7s  %6d/%d closed  %6.1f cases/s (last %s)  %6.1f cases/s (overall)  worker RSS %4.0f MiB  Temporal %6.0f MiB  records %5.0f MiB\n",
				now.Sub(started).Round(time.Second), n, p.total, float64(n-last)/now.Sub(lastAt).Seconds(), p.interval,
				float64(n)/now.Sub(started).Seconds(), rss, mib(p.store.temporal()), mib(p.store.records()))
			last, lastAt = n, now
		}
	}
}

// mib is n bytes in MiB.
func mib(n int64) float64 { return float64(n) / (1 << 20) }

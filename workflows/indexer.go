package workflows

import "go.temporal.io/sdk/workflow"

// lazyIndex is the state of the indexer: the case's search attributes are
// written once each time the case starts waiting, with every change since
// the last write, instead of once per stage it passes through.
type lazyIndex struct {
	on  bool // the indexer runs (cases started since changeIndexWhenWaiting)
	due bool // a stage changed since the last write
	// holdForQuick: the indexer does not write while a quick call (a local
	// activity, ended within the workflow task) runs, only once the case
	// waits on something outside (changeIndexAfterQuickCalls).
	holdForQuick bool
	quick        int // quick calls running
}

// startIndexer starts the indexer of a new case. It runs in a workflow
// goroutine, which Temporal runs only once the case's own code blocks (on an
// activity, a timer, an Update or a Signal to wait for): so the stages a case
// goes through within one workflow task cost one upsert, written just as the
// case starts waiting, where ops see it. Cases started before the change keep
// writing at each stage (they replay as they ran).
func (c *caseRun) startIndexer(ctx workflow.Context) {
	if version(ctx, changeIndexWhenWaiting, 1) < 1 {
		return
	}
	c.lazy.on = true
	c.lazy.holdForQuick = version(ctx, changeIndexAfterQuickCalls, 2) >= 2
	if version(ctx, changeIndexFromStart, 3) >= 3 {
		c.indexed = indexedAtStart(ctx, c.report)
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			if err := workflow.Await(ctx, c.indexDue); err != nil {
				return // the case is cancelled: closeCase writes the last state
			}
			c.lazy.due = false
			c.index(ctx)
		}
	})
}

// indexSoon has the search attributes follow a stage change: at once for a
// case started before the indexer, when it starts waiting otherwise.
func (c *caseRun) indexSoon(ctx workflow.Context) {
	if c.lazy.on {
		c.lazy.due = true
		return
	}
	c.index(ctx)
}

// indexDue says the indexer should write now: a stage changed, and the case
// waits on something outside (not on a quick call of its own).
func (c *caseRun) indexDue() bool {
	return c.lazy.due && (c.lazy.quick == 0 || !c.lazy.holdForQuick)
}

// quick runs a local activity (withQuickCall, summary what) with args and
// waits for its result in out (nil: none). The indexer holds its write while
// it runs.
func (c *caseRun) quick(ctx workflow.Context, what string, out any, activity any, args ...any) error {
	c.lazy.quick++
	defer func() { c.lazy.quick-- }()
	return workflow.ExecuteLocalActivity(withQuickCall(ctx, what), activity, args...).Get(ctx, out)
}
